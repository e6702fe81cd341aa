package io.cairn.consul.model.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One server in autopilot's health report.
 *
 * @param id the server's node ID
 * @param name the node name
 * @param address the Raft {@code ip:port}
 * @param serfStatus {@code alive}, {@code failed}, {@code left}...
 * @param version the Consul version
 * @param leader whether it leads
 * @param lastContact time since its last contact with the leader (a Go duration)
 * @param lastTerm its last Raft term
 * @param lastIndex its last Raft index
 * @param healthy whether autopilot counts it healthy
 * @param voter whether it votes
 * @param stableSince since when it has been healthy (RFC 3339)
 */
public record AutopilotServerHealth(@JsonProperty("ID") String id, String name, String address,
		@Nullable String serfStatus, @Nullable String version, boolean leader, @Nullable String lastContact,
		long lastTerm, long lastIndex, boolean healthy, boolean voter, @Nullable String stableSince) {
}
