package io.cairn.consul.model.catalog;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.health.CheckStatus;
import io.cairn.consul.model.health.HealthCheck;

/**
 * One service instance with its node and checks ({@code /health/service/:service} and
 * prepared query results). It lives with the catalog's {@link Node} so that the health
 * models stay a leaf package that the agent and catalog models use.
 *
 * @param node the node
 * @param service the service instance
 * @param checks the node's and the service's checks
 */
public record ServiceHealth(Node node, AgentService service, @Nullable List<HealthCheck> checks) {

	/**
	 * The checks, never {@code null}.
	 * @return the checks
	 */
	public List<HealthCheck> checkList() {
		return (this.checks != null) ? this.checks : List.of();
	}

	/**
	 * The worst status of the instance's checks, {@link CheckStatus#PASSING} without
	 * checks.
	 * @return the aggregated status
	 */
	public CheckStatus aggregatedStatus() {
		CheckStatus status = CheckStatus.PASSING;
		for (HealthCheck check : checkList()) {
			status = status.worst((check.status() != null) ? check.status() : CheckStatus.UNKNOWN);
		}
		return status;
	}

}
