package io.cairn.mesos.autoconfigure;

import io.cairn.mesos.detector.MasterDetector;
import io.cairn.mesos.marathon.MarathonLeaderDetector;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health indicators come with the detectors and go the way every Boot indicator goes:
 * {@code management.health.<name>.enabled=false}, or all of them with
 * {@code management.health.defaults.enabled=false}.
 */
class MesosDiscoveryHealthAutoConfigurationTests {

	// Never started: the detectors only need to exist for the conditions.
	private final CuratorFramework client = CuratorFrameworkFactory.newClient("127.0.0.1:1", new RetryOneTime(1));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MesosDiscoveryAutoConfiguration.class,
				MesosDiscoveryHealthAutoConfiguration.class))
		.withBean(CuratorFramework.class, () -> this.client)
		.withUserConfiguration(Detectors.class);

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void bothIndicatorsComeWithTheirDetectors() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.hasBean("mesosLeaderHealthIndicator")
			.hasBean("marathonLeaderHealthIndicator"));
	}

	@Test
	void noIndicatorWithoutItsDetector() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MesosDiscoveryAutoConfiguration.class,
					MesosDiscoveryHealthAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LeaderHealthIndicator.class));
	}

	@Test
	void mesosLeaderIndicatorIsSwitchedOffByItsOwnProperty() {
		this.runner.withPropertyValues("management.health.mesosleader.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("mesosLeaderHealthIndicator")
				.hasBean("marathonLeaderHealthIndicator"));
	}

	@Test
	void theDashedFormOfThePropertyWorksToo() {
		this.runner.withPropertyValues("management.health.mesos-leader.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("mesosLeaderHealthIndicator")
				.hasBean("marathonLeaderHealthIndicator"));
	}

	@Test
	void marathonLeaderIndicatorIsSwitchedOffByItsOwnProperty() {
		this.runner.withPropertyValues("management.health.marathonleader.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("mesosLeaderHealthIndicator")
				.doesNotHaveBean("marathonLeaderHealthIndicator"));
	}

	@Test
	void bothFollowTheDefaultsSwitchAndCanBeTurnedBackOnOneByOne() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LeaderHealthIndicator.class));
		this.runner
			.withPropertyValues("management.health.defaults.enabled=false",
					"management.health.mesosleader.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("mesosLeaderHealthIndicator")
				.doesNotHaveBean("marathonLeaderHealthIndicator"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Detectors {

		@Bean
		MasterDetector masterDetector(CuratorFramework client) {
			return MasterDetector.create(client, "/mesos");
		}

		@Bean
		MarathonLeaderDetector marathonLeaderDetector(CuratorFramework client) {
			return MarathonLeaderDetector.create(client, "/marathon");
		}

	}

}
