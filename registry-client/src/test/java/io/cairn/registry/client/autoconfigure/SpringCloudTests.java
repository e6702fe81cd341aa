package io.cairn.registry.client.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import io.cairn.registry.client.RegistryClient;
import io.cairn.registry.client.cloud.CairnRegistration;
import io.cairn.registry.client.cloud.CairnServiceRegistry;
import io.cairn.registry.client.test.RegistryServiceProcess;
import io.cairn.registry.client.test.SharedRegistry;
import io.cairn.registry.client.test.TestApplications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Boot applications with the registry client on their classpath and two
 * properties, against a real registry: a web application registers itself (port from the
 * web server, actuator URLs as labels) and deregisters on shutdown before its web server
 * stops; another finds it through {@code DiscoveryClient} and
 * {@code ReactiveDiscoveryClient} and calls it through a {@code @LoadBalanced}
 * {@code RestClient}, which routes to a new instance as soon as the watch brings it.
 */
class SpringCloudTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final RegistryServiceProcess registry = SharedRegistry.get();

	private static final String SERVICE = "greeter-" + UUID.randomUUID().toString().substring(0, 8);

	private static ConfigurableApplicationContext caller;

	@BeforeAll
	static void startCaller() {
		caller = TestApplications.run(Caller.class, "cairn.registry.client.urls=" + registry.url(),
				"spring.application.name=caller", "server.port=0", "cairn.registry.client.registration.host=127.0.0.1",
				"spring.main.banner-mode=off");
	}

	@AfterAll
	static void stopCaller() {
		caller.close();
	}

	private static ConfigurableApplicationContext greeter() {
		return TestApplications.run(Greeter.class, "cairn.registry.client.urls=" + registry.url(),
				"spring.application.name=" + SERVICE, "server.port=0",
				"cairn.registry.client.registration.host=127.0.0.1", "cairn.registry.client.registration.zone=zone-a",
				"cairn.registry.client.registration.version=1.2.3",
				"cairn.registry.client.registration.labels.team=payments", "spring.main.banner-mode=off");
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
	}

	private static String hello() {
		return caller.getBean(RestClient.Builder.class)
			.build()
			.get()
			.uri("http://" + SERVICE + "/hello")
			.retrieve()
			.body(String.class);
	}

	@Test
	void aWebApplicationRegistersItselfAndIsFoundAndCalled() {
		try (ConfigurableApplicationContext greeter = greeter()) {
			int port = port(greeter);
			DiscoveryClient discovery = caller.getBean(DiscoveryClient.class);
			await().atMost(PATIENCE).until(() -> discovery.getInstances(SERVICE).size() == 1);
			ServiceInstance instance = discovery.getInstances(SERVICE).get(0);
			assertThat(instance.getHost()).isEqualTo("127.0.0.1");
			assertThat(instance.getPort()).isEqualTo(port);
			assertThat(instance.getMetadata()).containsEntry("zone", "zone-a")
				.containsEntry("version", "1.2.3")
				.containsEntry("team", "payments")
				.containsEntry("status-url", "http://127.0.0.1:" + port + "/actuator/health")
				.containsEntry("health-url", "http://127.0.0.1:" + port + "/actuator/health");
			assertThat(discovery.getServices()).contains(SERVICE);

			List<ServiceInstance> reactive = caller.getBean(ReactiveDiscoveryClient.class)
				.getInstances(SERVICE)
				.collectList()
				.block(PATIENCE);
			assertThat(reactive).extracting(ServiceInstance::getPort).containsExactly(port);

			assertThat(hello()).isEqualTo("hello from " + port);

			Health health = greeter.getBean(RegistryClientHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKey("registrations");
			MeterRegistry meters = greeter.getBean(MeterRegistry.class);
			assertThat(meters.get("cairn.registry.client.calls").tag("operation", "register").timer().count())
				.isEqualTo(1);
		}
		// Closed: deregistered at once, not after the TTL.
		await().atMost(Duration.ofSeconds(SharedRegistry.TTL_SECONDS / 2))
			.until(() -> caller.getBean(DiscoveryClient.class).getInstances(SERVICE).isEmpty());
	}

	@Test
	void aNewInstanceIsRoutedToByTheLoadBalancerWithoutWaitingForACache() {
		try (ConfigurableApplicationContext first = greeter()) {
			String fromFirst = "hello from " + port(first);
			await().atMost(PATIENCE).until(() -> fromFirst.equals(hello()));
			try (ConfigurableApplicationContext second = greeter()) {
				String fromSecond = "hello from " + port(second);
				// LoadBalancer's own cache would hide the new instance for 35 s.
				await().atMost(Duration.ofSeconds(20)).until(() -> fromSecond.equals(hello()));
			}
		}
	}

	@Test
	void theCallerStaysAwayFromADeregisteredInstance() {
		try (ConfigurableApplicationContext first = greeter(); ConfigurableApplicationContext second = greeter()) {
			RegistryClient client = caller.getBean(RegistryClient.class);
			await().atMost(PATIENCE).until(() -> client.instances(SERVICE).size() == 2);
			String fromFirst = "hello from " + port(first);
			first.close();
			await().atMost(PATIENCE).until(() -> client.instances(SERVICE).size() == 1);
			for (int i = 0; i < 10; i++) {
				assertThat(hello()).isNotEqualTo(fromFirst);
			}
		}
	}

	@Test
	void gracefulShutdownDeregistersBeforeTheWebServerStops() {
		ConfigurableApplicationContext greeter = greeter();
		RegistryClient client = caller.getBean(RegistryClient.class);
		await().atMost(PATIENCE).until(() -> client.instances(SERVICE).size() == 1);
		Greeter.seenAtStop.clear();
		greeter.close();
		// Recorded by a lifecycle bean that stops right after the registration's phase,
		// and so before the web server's graceful shutdown.
		assertThat(Greeter.seenAtStop).containsExactly(0);
	}

	@Test
	void theServiceRegistryTakesAnInstanceOutOfServiceAndBack() {
		try (ConfigurableApplicationContext greeter = greeter()) {
			CairnServiceRegistry serviceRegistry = greeter.getBean(CairnServiceRegistry.class);
			CairnRegistration registration = greeter.getBean(CairnRegistration.class);
			RegistryClient client = caller.getBean(RegistryClient.class);
			await().atMost(PATIENCE).until(() -> client.instances(SERVICE).size() == 1);
			assertThat((String) serviceRegistry.getStatus(registration)).isEqualTo("UP");
			serviceRegistry.setStatus(registration, "OUT_OF_SERVICE");
			assertThat((String) serviceRegistry.getStatus(registration)).isEqualTo("OUT_OF_SERVICE");
			await().atMost(PATIENCE).until(() -> client.instances(SERVICE).isEmpty());
			serviceRegistry.setStatus(registration, "UP");
			await().atMost(PATIENCE).until(() -> client.instances(SERVICE).size() == 1);
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RestController
	static class Greeter {

		static final List<Integer> seenAtStop = new CopyOnWriteArrayList<>();

		private final Environment environment;

		Greeter(Environment environment) {
			this.environment = environment;
		}

		@GetMapping("/hello")
		String hello() {
			return "hello from " + this.environment.getProperty("local.server.port");
		}

		/** Looks, when the context stops, whether this instance is still registered. */
		@Bean
		SmartLifecycle deregistrationProbe(Environment environment) {
			return new SmartLifecycle() {

				private volatile boolean running;

				@Override
				public void start() {
					this.running = true;
				}

				@Override
				public void stop() {
					this.running = false;
					int port = Integer.parseInt(environment.getProperty("local.server.port", "0"));
					try (RegistryClient fresh = RegistryClient.builder().urls(registry.url()).build()) {
						fresh.start();
						seenAtStop.add((int) fresh.instances(SERVICE)
							.stream()
							.filter((instance) -> instance.port() == port)
							.count());
					}
				}

				@Override
				public boolean isRunning() {
					return this.running;
				}

				@Override
				public int getPhase() {
					return SmartLifecycle.DEFAULT_PHASE - 1;
				}

			};
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Caller {

		@Bean
		@LoadBalanced
		RestClient.Builder loadBalancedRestClientBuilder() {
			return RestClient.builder();
		}

	}

}
