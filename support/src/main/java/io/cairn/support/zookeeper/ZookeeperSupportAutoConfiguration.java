package io.cairn.support.zookeeper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Reports ZooKeeper as "not configured" when no connect string is set. When one is set,
 * Spring Cloud Zookeeper's own indicator takes the same name.
 */
@AutoConfiguration
@ConditionalOnClass(HealthIndicator.class)
public final class ZookeeperSupportAutoConfiguration {

	@Bean
	@Conditional(OnNoConnectStringCondition.class)
	@ConditionalOnEnabledHealthIndicator("zookeeper")
	ZookeeperNotConfiguredHealthIndicator zookeeperHealthIndicator() {
		return new ZookeeperNotConfiguredHealthIndicator();
	}

}
