package io.cairn.support.zookeeper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Says in {@code /actuator/health} that ZooKeeper features are off and how to switch them
 * on. Reported as UNKNOWN, which does not pull the aggregate status down.
 */
public class ZookeeperNotConfiguredHealthIndicator implements HealthIndicator {

	@Override
	public Health health() {
		return Health.unknown()
			.withDetail("configured", false)
			.withDetail("reason",
					"no ZooKeeper connect string; set " + ZookeeperSwitchEnvironmentPostProcessor.CONNECT_STRING
							+ " to switch ZooKeeper features on")
			.build();
	}

}
