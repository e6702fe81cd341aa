package io.cairn.consul.model.agent;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.cairn.consul.model.health.CheckStatus;
import io.cairn.consul.model.health.HealthCheck;

/**
 * The aggregated health of a local service instance ({@code /agent/health/service/...}).
 * The agent answers 200, 429 or 503 for passing, warning and critical: these are
 * statuses, not errors.
 *
 * @param aggregatedStatus the worst status of the instance's checks
 * @param service the instance
 * @param checks its checks
 */
public record LocalServiceHealth(CheckStatus aggregatedStatus, AgentService service,
		@Nullable List<HealthCheck> checks) {
}
