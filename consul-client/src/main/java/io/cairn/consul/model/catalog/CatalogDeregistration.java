package io.cairn.consul.model.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PUT /catalog/deregister}: a whole node, or one of its services or
 * checks.
 *
 * @param node the node name
 * @param datacenter the datacenter, {@code null} for the agent's
 * @param checkId a check to remove
 * @param serviceId a service to remove (with its checks)
 */
public record CatalogDeregistration(String node, @Nullable String datacenter,
		@JsonProperty("CheckID") @Nullable String checkId, @JsonProperty("ServiceID") @Nullable String serviceId) {

	/**
	 * Remove a node with its services and checks.
	 * @param node the node
	 * @return the deregistration
	 */
	public static CatalogDeregistration node(String node) {
		return new CatalogDeregistration(node, null, null, null);
	}

	/**
	 * Remove a service.
	 * @param node the node
	 * @param serviceId the service ID
	 * @return the deregistration
	 */
	public static CatalogDeregistration service(String node, String serviceId) {
		return new CatalogDeregistration(node, null, null, serviceId);
	}

	/**
	 * Remove a check.
	 * @param node the node
	 * @param checkId the check ID
	 * @return the deregistration
	 */
	public static CatalogDeregistration check(String node, String checkId) {
		return new CatalogDeregistration(node, null, checkId, null);
	}

}
