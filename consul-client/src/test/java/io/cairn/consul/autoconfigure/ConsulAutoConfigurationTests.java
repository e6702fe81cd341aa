package io.cairn.consul.autoconfigure;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.cairn.consul.Consul;
import io.cairn.consul.ConsulAnswerTooLargeException;
import io.cairn.consul.QueryOptions;
import io.cairn.testkit.consul.ConsulSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The auto-configuration builds a client from {@code cairn.consul.*}, reports health from
 * the leader, and times calls by endpoint template.
 */
class ConsulAutoConfigurationTests {

	private static ConsulSimulator simulator;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConsulAutoConfiguration.class));

	@BeforeAll
	static void start() {
		simulator = ConsulSimulator.start();
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@Test
	void clientFromPropertiesWithHealthAndMetrics() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("cairn.consul.addresses=" + simulator.address(), "cairn.consul.read-timeout=3s",
					"cairn.consul.use-environment=false")
			.run((context) -> {
				Consul consul = context.getBean(Consul.class);
				consul.kv().put("boot/a", "1");
				consul.kv().put("boot/b", "2");
				consul.kv().get("boot/a");
				Health health = context.getBean(ConsulHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("leader", "127.0.0.1:8300");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Timer puts = registry.find(MicrometerConsulObserver.METER)
					.tags("method", "PUT", "endpoint", "/v1/kv/{key}", "outcome", "SUCCESS")
					.timer();
				assertThat(puts).isNotNull();
				assertThat(puts.count()).as("both keys share one series").isEqualTo(2);
				assertThat(registry.find(MicrometerConsulObserver.METER).meters())
					.allSatisfy((meter) -> assertThat(meter.getId().getTag("endpoint")).doesNotContain("boot/"));
			});
	}

	@Test
	void otherClientsBuiltByTheBuilderFactoryShareTheSettingsAndTheObserver() {
		try (ConsulSimulator agent = ConsulSimulator.builder().acl("boot-token").start()) {
			this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
				.withPropertyValues("cairn.consul.addresses=" + simulator.address(), "cairn.consul.token=boot-token",
						"cairn.consul.consistency=stale", "cairn.consul.default-wait=7s",
						"cairn.consul.max-answer-size=2KB", "cairn.consul.use-environment=false")
				.run((context) -> {
					ConsulBuilderFactory factory = context.getBean(ConsulBuilderFactory.class);
					try (Consul perHost = factory.builder().addresses(List.of(agent.address())).build()) {
						assertThat(perHost.kv().put("host/a", "1")).as("the token").isTrue();
						// an index long past: answered at once, with the default wait
						// sent
						perHost.kv().get("host/a", QueryOptions.NONE.index(1));
						assertThat(agent.requests("/v1/kv/host/a")).filteredOn((r) -> r.method().equals("GET"))
							.singleElement()
							.satisfies((r) -> {
								assertThat(r.param("stale")).as("the consistency").isNotNull();
								assertThat(r.param("wait")).as("the default wait").isEqualTo("7s");
							});
						perHost.kv().put("host/big", "x".repeat(4096));
						assertThatThrownBy(() -> perHost.kv().get("host/big")).as("the maximum answer size")
							.isInstanceOf(ConsulAnswerTooLargeException.class);
					}
					Timer puts = context.getBean(MeterRegistry.class)
						.find(MicrometerConsulObserver.METER)
						.tags("method", "PUT", "endpoint", "/v1/kv/{key}", "outcome", "SUCCESS")
						.timer();
					assertThat(puts).as("the observer").isNotNull();
					assertThat(puts.count()).isEqualTo(2);
				});
		}
	}

	@Test
	void healthIsDownWithoutALeaderOrAnAgent() {
		this.runner
			.withPropertyValues("cairn.consul.addresses=" + simulator.address(), "cairn.consul.use-environment=false")
			.run((context) -> {
				simulator.faults().noLeader(true);
				try {
					Health health = context.getBean(ConsulHealthIndicator.class).health(true);
					assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				}
				finally {
					simulator.faults().clear();
				}
			});
		this.runner
			.withPropertyValues("cairn.consul.addresses=127.0.0.1:1", "cairn.consul.connect-timeout=1s",
					"cairn.consul.use-environment=false")
			.run((context) -> assertThat(context.getBean(ConsulHealthIndicator.class).health(true).getStatus())
				.isEqualTo(Status.DOWN));
	}

	@Test
	void canBeSwitchedOffOrReplaced() {
		this.runner.withPropertyValues("cairn.consul.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Consul.class));
		this.runner.withBean("myConsul", Consul.class, () -> Consul.builder().address(simulator.address()).build())
			.run((context) -> assertThat(context).getBean(Consul.class).isSameAs(context.getBean("myConsul")));
	}

	@Test
	void worksWithoutActuatorOrMicrometer() {
		this.runner
			.withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(
					org.springframework.boot.health.contributor.HealthIndicator.class, MeterRegistry.class))
			.withPropertyValues("cairn.consul.addresses=" + simulator.address(), "cairn.consul.use-environment=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(Consul.class);
				assertThat(context).doesNotHaveBean(ConsulHealthIndicator.class);
				assertThat(context).doesNotHaveBean(MicrometerConsulObserver.class);
				assertThat(context.getBean(Consul.class).status().leader()).isNotEmpty();
			});
	}

	@Test
	void defaultsComeFromTheProperties() {
		this.runner.withPropertyValues("cairn.consul.use-environment=false").run((context) -> {
			ConsulProperties properties = context.getBean(ConsulProperties.class);
			assertThat(properties.defaultWait()).hasMinutes(5);
			assertThat(properties.readTimeout()).hasSeconds(30);
			assertThat(properties.addresses()).isEmpty();
			assertThat(context.getBean(Consul.class).currentAddress()).isEqualTo("http://127.0.0.1:8500");
		});
	}

}
