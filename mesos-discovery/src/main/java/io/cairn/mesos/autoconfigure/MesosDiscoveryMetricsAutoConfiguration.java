package io.cairn.mesos.autoconfigure;

import io.cairn.mesos.detector.MasterDetector;
import io.cairn.mesos.marathon.MarathonLeaderDetector;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Meters {@code cairn.mesos.leader.*} and {@code cairn.mesos.marathon.leader.*} for the
 * detectors {@link MesosDiscoveryAutoConfiguration} creates (bound by Boot's metrics
 * support as {@link io.micrometer.core.instrument.binder.MeterBinder} beans).
 */
@AutoConfiguration(after = MesosDiscoveryAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
public final class MesosDiscoveryMetricsAutoConfiguration {

	@Bean
	@ConditionalOnBean(MasterDetector.class)
	LeaderMetrics mesosLeaderMetrics(MasterDetector detector) {
		return new LeaderMetrics(detector, "cairn.mesos.leader");
	}

	@Bean
	@ConditionalOnBean(MarathonLeaderDetector.class)
	LeaderMetrics marathonLeaderMetrics(MarathonLeaderDetector detector) {
		return new LeaderMetrics(detector, "cairn.mesos.marathon.leader");
	}

}
