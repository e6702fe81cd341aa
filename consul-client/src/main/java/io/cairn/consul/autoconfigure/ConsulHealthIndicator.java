package io.cairn.consul.autoconfigure;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.cairn.consul.Consul;

/**
 * Up when the agent answers and its cluster has a leader; down when there is no leader or
 * the agent cannot be reached.
 */
public class ConsulHealthIndicator extends AbstractHealthIndicator {

	private final Consul consul;

	/**
	 * Create the indicator.
	 * @param consul the client
	 */
	public ConsulHealthIndicator(Consul consul) {
		super("Consul health check failed");
		this.consul = consul;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		String leader = this.consul.status().leader();
		builder.withDetail("address", this.consul.currentAddress());
		if (leader.isEmpty()) {
			builder.down().withDetail("leader", "none: the cluster has no leader");
		}
		else {
			builder.up().withDetail("leader", leader);
		}
	}

}
