package io.cairn.consul.model.agent;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A service instance as the agent, the health endpoints and transactions describe it.
 *
 * @param id the instance ID
 * @param service the service name
 * @param tags the tags
 * @param meta the metadata
 * @param port the port
 * @param address the address, empty to use the node's
 * @param taggedAddresses tagged addresses
 * @param weights DNS weights
 * @param enableTagOverride whether tags may be changed through the catalog
 * @param kind the kind ({@code connect-proxy}, gateways), empty for a plain service
 * @param proxy proxy configuration
 * @param connect Connect configuration
 * @param datacenter the datacenter
 * @param namespace the Enterprise namespace
 * @param contentHash the content hash ({@code /agent/service/:id} only)
 * @param createIndex the creation index
 * @param modifyIndex the last modification index (for {@code cas} transaction verbs)
 */
public record AgentService(@JsonProperty("ID") String id, @Nullable String service, @Nullable List<String> tags,
		@Nullable Map<String, String> meta, int port, @Nullable String address,
		@Nullable Map<String, TaggedAddress> taggedAddresses, @Nullable Weights weights, boolean enableTagOverride,
		@Nullable String kind, @Nullable Map<String, Object> proxy, @Nullable Map<String, Object> connect,
		@Nullable String datacenter, @Nullable String namespace, @Nullable String contentHash, long createIndex,
		long modifyIndex) {

	/**
	 * A service instance to write (catalog registration or transaction).
	 * @param id the instance ID
	 * @param name the service name
	 * @param address the address
	 * @param port the port
	 * @param tags the tags
	 * @return the service
	 */
	public static AgentService of(String id, String name, @Nullable String address, int port, List<String> tags) {
		return new AgentService(id, name, tags, null, port, address, null, null, false, null, null, null, null, null,
				null, 0, 0);
	}

	/**
	 * The tags, never {@code null}.
	 * @return the tags
	 */
	public List<String> tagList() {
		return (this.tags != null) ? this.tags : List.of();
	}

}
