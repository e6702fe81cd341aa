package io.cairn.consul.model.operator;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One server in autopilot's state.
 *
 * @param id the server's node ID
 * @param name the node name
 * @param address the Raft {@code ip:port}
 * @param nodeStatus the Serf status, {@code alive} when up
 * @param version the Consul version
 * @param lastContact time since its last contact with the leader (a Go duration)
 * @param lastTerm its last Raft term
 * @param lastIndex its last Raft index
 * @param healthy whether autopilot counts it healthy
 * @param stableSince since when it has been healthy (RFC 3339)
 * @param readReplica whether it is a read replica (Enterprise)
 * @param status {@code leader}, {@code voter}, {@code non-voter}, {@code staging}...
 * @param meta its node meta
 * @param nodeType {@code voter}, {@code read-replica}, {@code zone-voter}...
 */
public record AutopilotServer(@JsonProperty("ID") String id, String name, String address, @Nullable String nodeStatus,
		@Nullable String version, @Nullable String lastContact, long lastTerm, long lastIndex, boolean healthy,
		@Nullable String stableSince, boolean readReplica, @Nullable String status, @Nullable Map<String, String> meta,
		@Nullable String nodeType) {
}
