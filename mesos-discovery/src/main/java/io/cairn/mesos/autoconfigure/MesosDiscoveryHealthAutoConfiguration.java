package io.cairn.mesos.autoconfigure;

import io.cairn.mesos.detector.MasterDetector;
import io.cairn.mesos.marathon.MarathonInstance;
import io.cairn.mesos.marathon.MarathonLeaderDetector;
import io.cairn.mesos.master.Master;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Health indicators {@code mesosLeader} and {@code marathonLeader} for the detectors
 * {@link MesosDiscoveryAutoConfiguration} creates, each switched off the Boot way with
 * {@code management.health.mesosleader.enabled=false} or
 * {@code management.health.marathonleader.enabled=false} (or all indicators with
 * {@code management.health.defaults.enabled=false}).
 */
@AutoConfiguration(after = MesosDiscoveryAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public final class MesosDiscoveryHealthAutoConfiguration {

	@Bean
	@ConditionalOnBean(MasterDetector.class)
	@ConditionalOnEnabledHealthIndicator("mesosleader")
	@ConditionalOnMissingBean(name = "mesosLeaderHealthIndicator")
	LeaderHealthIndicator<Master> mesosLeaderHealthIndicator(MasterDetector detector,
			MesosDiscoveryProperties properties) {
		return new LeaderHealthIndicator<>(detector, (master) -> master.url(properties.hostField()).toString());
	}

	@Bean
	@ConditionalOnBean(MarathonLeaderDetector.class)
	@ConditionalOnEnabledHealthIndicator("marathonleader")
	@ConditionalOnMissingBean(name = "marathonLeaderHealthIndicator")
	LeaderHealthIndicator<MarathonInstance> marathonLeaderHealthIndicator(MarathonLeaderDetector detector) {
		return new LeaderHealthIndicator<>(detector, (instance) -> instance.url().toString());
	}

}
