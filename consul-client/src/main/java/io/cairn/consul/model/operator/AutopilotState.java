package io.cairn.consul.model.operator;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Autopilot's full state ({@code /operator/autopilot/state}, Consul 1.9+).
 *
 * @param healthy whether every server is healthy
 * @param failureTolerance how many voters may fail without losing quorum
 * @param optimisticFailureTolerance the same, counting servers that are not stable yet
 * @param servers the servers by ID
 * @param leader the leader's ID
 * @param voters the voters' IDs
 * @param readReplicas the read replicas' IDs (Enterprise), or {@code null}
 */
public record AutopilotState(boolean healthy, int failureTolerance, int optimisticFailureTolerance,
		Map<String, AutopilotServer> servers, @Nullable String leader, List<String> voters,
		@Nullable List<String> readReplicas) {
}
