package io.cairn.consul.model.catalog;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.health.HealthCheck;

/**
 * The body of {@code PUT /catalog/register}: a node, optionally a service and checks.
 *
 * @param id the node ID (a UUID), optional
 * @param node the node name
 * @param address the node address
 * @param datacenter the datacenter, {@code null} for the agent's
 * @param taggedAddresses the node's tagged addresses
 * @param nodeMeta the node metadata
 * @param service a service to register on the node
 * @param check one check
 * @param checks several checks
 * @param skipNodeUpdate keep the node's existing information
 */
public record CatalogRegistration(@JsonProperty("ID") @Nullable String id, String node, String address,
		@Nullable String datacenter, @Nullable Map<String, String> taggedAddresses,
		@Nullable Map<String, String> nodeMeta, @Nullable AgentService service, @Nullable HealthCheck check,
		@Nullable List<HealthCheck> checks, @Nullable Boolean skipNodeUpdate) {

	/**
	 * Register a node with a service.
	 * @param node the node name
	 * @param address the node address
	 * @param service the service, {@code null} for a node only
	 * @return the registration
	 */
	public static CatalogRegistration of(String node, String address, @Nullable AgentService service) {
		return new CatalogRegistration(null, node, address, null, null, null, service, null, null, null);
	}

	/**
	 * The same registration with checks.
	 * @param checks the checks
	 * @return a changed copy
	 */
	public CatalogRegistration withChecks(List<HealthCheck> checks) {
		return new CatalogRegistration(this.id, this.node, this.address, this.datacenter, this.taggedAddresses,
				this.nodeMeta, this.service, this.check, checks, this.skipNodeUpdate);
	}

}
