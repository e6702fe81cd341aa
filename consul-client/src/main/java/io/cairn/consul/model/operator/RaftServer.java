package io.cairn.consul.model.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A server in the Raft configuration.
 *
 * @param id the server ID
 * @param node the node name
 * @param address the {@code ip:port}
 * @param leader whether it is the leader
 * @param protocolVersion the Raft protocol version
 * @param voter whether it votes
 */
public record RaftServer(@JsonProperty("ID") String id, @Nullable String node, @Nullable String address, boolean leader,
		@Nullable String protocolVersion, boolean voter) {
}
