package io.cairn.consul.model.operator;

import java.util.List;

/**
 * Autopilot's view of the servers' health ({@code /operator/autopilot/health}).
 *
 * @param healthy whether every server is healthy
 * @param failureTolerance how many servers may fail without losing quorum
 * @param servers each server
 */
public record AutopilotHealth(boolean healthy, int failureTolerance, List<AutopilotServerHealth> servers) {
}
