package io.cairn.support.zookeeper;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.support.TestPropertySourceUtils;

import static org.assertj.core.api.Assertions.assertThat;

class ZookeeperSwitchTests {

	private final ZookeeperSwitchEnvironmentPostProcessor switcher = new ZookeeperSwitchEnvironmentPostProcessor();

	@Test
	void withoutAConnectStringZookeeperIsOffAndHealthSaysWhy() {
		StandardEnvironment environment = new StandardEnvironment();
		this.switcher.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.cloud.zookeeper.enabled")).isEqualTo("false");
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZookeeperSupportAutoConfiguration.class))
			.run((context) -> {
				Health health = context.getBean(ZookeeperNotConfiguredHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
				assertThat(health.getDetails().get("reason").toString())
					.contains("spring.cloud.zookeeper.connect-string");
			});
	}

	@Test
	void theIndicatorCanBeSwitchedOffAsBootsOwnAre() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZookeeperSupportAutoConfiguration.class))
			.withPropertyValues("management.health.zookeeper.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ZookeeperNotConfiguredHealthIndicator.class));
	}

	@Test
	void aConnectStringLeavesSpringCloudZookeeperAlone() {
		StandardEnvironment environment = new StandardEnvironment();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(environment,
				"spring.cloud.zookeeper.connect-string=zk1:2181");
		this.switcher.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.cloud.zookeeper.enabled")).isNull();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZookeeperSupportAutoConfiguration.class))
			.withPropertyValues("spring.cloud.zookeeper.connect-string=zk1:2181")
			.run((context) -> assertThat(context).doesNotHaveBean(ZookeeperNotConfiguredHealthIndicator.class));
	}

	@Test
	void anExplicitSwitchWins() {
		StandardEnvironment environment = new StandardEnvironment();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(environment, "spring.cloud.zookeeper.enabled=true");
		this.switcher.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.cloud.zookeeper.enabled")).isEqualTo("true");
	}

}
