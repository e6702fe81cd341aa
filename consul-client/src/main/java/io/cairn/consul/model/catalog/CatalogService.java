package io.cairn.consul.model.catalog;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import io.cairn.consul.model.agent.TaggedAddress;
import io.cairn.consul.model.agent.Weights;

/**
 * A service instance as {@code /catalog/service/:name} returns it: node and service
 * fields flattened.
 *
 * @param id the node ID
 * @param node the node name
 * @param address the node address
 * @param datacenter the datacenter
 * @param taggedAddresses the node's tagged addresses
 * @param nodeMeta the node metadata
 * @param serviceId the service instance ID
 * @param serviceName the service name
 * @param serviceTags the tags
 * @param serviceAddress the service address, empty to use the node's
 * @param serviceTaggedAddresses the service's tagged addresses
 * @param servicePort the port
 * @param serviceMeta the service metadata
 * @param serviceWeights the DNS weights
 * @param serviceEnableTagOverride whether tags may be overridden
 * @param serviceKind the kind ({@code connect-proxy}, ...), empty for a plain service
 * @param serviceProxy the proxy configuration
 * @param createIndex the creation index
 * @param modifyIndex the last modification index
 */
public record CatalogService(@JsonProperty("ID") @Nullable String id, String node, @Nullable String address,
		@Nullable String datacenter, @Nullable Map<String, String> taggedAddresses,
		@Nullable Map<String, String> nodeMeta, @JsonProperty("ServiceID") String serviceId, String serviceName,
		@Nullable List<String> serviceTags, @Nullable String serviceAddress,
		@Nullable Map<String, TaggedAddress> serviceTaggedAddresses, int servicePort,
		@Nullable Map<String, String> serviceMeta, @Nullable Weights serviceWeights, boolean serviceEnableTagOverride,
		@Nullable String serviceKind, @Nullable Map<String, Object> serviceProxy, long createIndex, long modifyIndex) {

	/**
	 * The address to reach the instance at: the service address, else the node's.
	 * @return the address
	 */
	public @Nullable String effectiveAddress() {
		return (this.serviceAddress != null && !this.serviceAddress.isEmpty()) ? this.serviceAddress : this.address;
	}

}
