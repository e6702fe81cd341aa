package io.cairn.registry.client.autoconfigure;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification;

import io.cairn.registry.client.NewInstance;
import io.cairn.registry.client.RegistryClient;
import io.cairn.registry.client.RegistryObserver;
import io.cairn.registry.client.State;
import io.cairn.registry.client.cloud.CairnAutoServiceRegistration;
import io.cairn.registry.client.cloud.CairnDiscoveryClient;
import io.cairn.registry.client.cloud.CairnReactiveDiscoveryClient;
import io.cairn.registry.client.cloud.CairnRegistration;
import io.cairn.registry.client.cloud.CairnServiceRegistry;
import io.cairn.registry.client.test.ScriptedRegistry;

import static io.cairn.registry.client.test.ScriptedRegistry.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration's beans and switches, against a scripted registry.
 */
class RegistryClientAutoConfigurationTests {

	private final ScriptedRegistry server = ScriptedRegistry.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(RegistryClientAutoConfiguration.class, RegistryDiscoveryAutoConfiguration.class,
						RegistryServiceRegistryAutoConfiguration.class, RegistryLoadBalancerAutoConfiguration.class,
						UtilAutoConfiguration.class, AutoServiceRegistrationAutoConfiguration.class))
		.withUserConfiguration(AutoServiceRegistrationConfiguration.class)
		.withPropertyValues("cairn.registry.client.urls=" + this.server.url(), "spring.application.name=orders");

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void aStartedClientFromTheProperties() {
		this.server.on("/v1/info", json(200, "{\"ttlSeconds\":45,\"index\":1}"));
		this.runner.withPropertyValues("cairn.registry.client.renewals-per-ttl=5").run((context) -> {
			assertThat(context).hasSingleBean(RegistryClient.class);
			RegistryClient client = context.getBean(RegistryClient.class);
			assertThat(client.state()).isEqualTo(State.STARTED);
			assertThat(client.currentUrl()).isEqualTo(URI.create(this.server.url() + "/"));
			assertThat(client.renewalInterval()).isEqualTo(Duration.ofSeconds(9));
		});
	}

	@Test
	void theTokenFromThePropertiesTravelsWithWrites() {
		this.server.on("/v1/instances", (exchange) -> {
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			json("Bearer t0ken".equals(authorization) ? 200 : 401, "{\"outcome\":\"REGISTERED\"}").handle(exchange);
		});
		this.runner.withPropertyValues("cairn.registry.client.token=t0ken")
			.run((context) -> context.getBean(RegistryClient.class)
				.register(NewInstance.of("orders", "10.0.0.1", 8080)));
	}

	@Test
	void nothingWhenDisabled() {
		this.runner.withPropertyValues("cairn.registry.client.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RegistryClient.class)
				.doesNotHaveBean(DiscoveryClient.class)
				.doesNotHaveBean(CairnServiceRegistry.class)
				.doesNotHaveBean(LoadBalancerClientSpecification.class));
	}

	@Test
	void discoveryClientsUnlessSpringCloudDiscoveryIsOff() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(CairnDiscoveryClient.class)
			.hasSingleBean(CairnReactiveDiscoveryClient.class));
		this.runner.withPropertyValues("spring.cloud.discovery.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CairnDiscoveryClient.class)
				.doesNotHaveBean(CairnReactiveDiscoveryClient.class));
		this.runner.withPropertyValues("cairn.registry.client.discovery.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CairnDiscoveryClient.class));
		this.runner.withPropertyValues("spring.cloud.discovery.reactive.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(CairnDiscoveryClient.class)
				.doesNotHaveBean(CairnReactiveDiscoveryClient.class));
	}

	@Test
	void theApplicationsRegistrationFromTheProperties() {
		this.runner
			.withPropertyValues("cairn.registry.client.registration.host=10.9.0.1",
					"cairn.registry.client.registration.port=8443", "cairn.registry.client.registration.secure=true",
					"cairn.registry.client.registration.version=2.0.1", "cairn.registry.client.registration.zone=eu-1",
					"cairn.registry.client.registration.tags=blue,canary",
					"cairn.registry.client.registration.labels.team=payments",
					"cairn.registry.client.registration.status-url=https://10.9.0.1:8443/status")
			.run((context) -> {
				assertThat(context).hasSingleBean(CairnAutoServiceRegistration.class)
					.hasSingleBean(CairnServiceRegistry.class);
				NewInstance instance = context.getBean(CairnRegistration.class).toNewInstance();
				assertThat(instance.name()).isEqualTo("orders");
				assertThat(instance.host()).isEqualTo("10.9.0.1");
				assertThat(instance.port()).isEqualTo(8443);
				assertThat(instance.secure()).isTrue();
				assertThat(instance.version()).isEqualTo("2.0.1");
				assertThat(instance.tags()).containsExactly("blue", "canary");
				assertThat(instance.labels()).containsEntry("zone", "eu-1")
					.containsEntry("team", "payments")
					.containsEntry("status-url", "https://10.9.0.1:8443/status");
			});
	}

	@Test
	void noAutoRegistrationWhenSwitchedOff() {
		this.runner.withPropertyValues("cairn.registry.client.registration.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CairnAutoServiceRegistration.class)
				.hasSingleBean(CairnServiceRegistry.class));
		this.runner.withPropertyValues("spring.cloud.service-registry.auto-registration.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CairnAutoServiceRegistration.class));
	}

	@Test
	void loadBalancerClientsTakeTheirInstancesFromTheCache() {
		this.runner.run((context) -> assertThat(context.getBeansOfType(LoadBalancerClientSpecification.class).values())
			.anySatisfy((specification) -> assertThat(specification.getConfiguration())
				.contains(RegistryLoadBalancerClientConfiguration.class)));
		this.runner.withPropertyValues("cairn.registry.client.loadbalancer.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LoadBalancerClientSpecification.class));
	}

	@Test
	void healthIsUpWhileTheRegistryAnswersAndDownWhileARegistrationIsRefused() {
		this.runner.run((context) -> {
			RegistryClientHealthIndicator health = context.getBean(RegistryClientHealthIndicator.class);
			RegistryClient client = context.getBean(RegistryClient.class);
			client.register(NewInstance.of("orders", "10.0.0.1", 8080));
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			this.server.on("/v1/instances",
					json(403, "{\"status\":403,\"detail\":\"This token may not write 'orders'.\"}"));
			client.registrations().get(0).renewNow();
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> health.health().getStatus().equals(Status.DOWN));
			Health down = health.health();
			assertThat(down.getDetails().get("registrations").toString()).contains("REFUSED")
				.contains("may not write 'orders'");
		});
	}

	@Test
	void healthIsDownWhileTheCacheIsStale() {
		this.runner.withPropertyValues("cairn.registry.client.retry-delay=10ms").run((context) -> {
			RegistryClient client = context.getBean(RegistryClient.class);
			client.instances("orders");
			this.server.on("/v1/events", json(503, "{\"status\":503,\"detail\":\"The database is unavailable.\"}"));
			this.server.on("/v1/instances", json(503, "{\"status\":503}"));
			RegistryClientHealthIndicator health = context.getBean(RegistryClientHealthIndicator.class);
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> health.health().getStatus().equals(Status.DOWN));
			assertThat(health.health().getDetails()).containsEntry("cache", "stale: serving the last known instances")
				.containsKey("problem");
		});
	}

	@Test
	void metersCountCallsWithoutPerInstanceTags() {
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			SimpleMeterRegistry meters = context.getBean(SimpleMeterRegistry.class);
			context.getBean(RegistryClientMeters.class).bindTo(meters);
			RegistryClient client = context.getBean(RegistryClient.class);
			client.instances("orders");
			client.register(NewInstance.of("orders", "10.0.0.1", 8080));
			assertThat(meters.get("cairn.registry.client.calls").tag("operation", "lookup").timer().count())
				.isEqualTo(1);
			assertThat(meters.get("cairn.registry.client.calls").tag("operation", "register").timer().count())
				.isEqualTo(1);
			assertThat(meters.get("cairn.registry.client.cache.lookups").gauge().value()).isEqualTo(1);
			assertThat(meters.get("cairn.registry.client.registrations").tag("state", "registered").gauge().value())
				.isEqualTo(1);
			assertThat(meters.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
				.noneMatch((tag) -> tag.getValue().contains("orders") || tag.getValue().contains("10.0.0.1")));
		});
	}

	@Test
	void aCustomObserverReplacesTheMicrometerOne() {
		RegistryObserver custom = new RegistryObserver() {
		};
		this.runner.withBean(RegistryObserver.class, () -> custom)
			.run((context) -> assertThat(context).getBean(RegistryObserver.class).isSameAs(custom));
	}

	@Test
	void everyPropertyIsDescribedInTheMetadata() throws Exception {
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			JsonNode properties = JsonMapper.builder().build().readTree(metadata).get("properties");
			List<String> undocumented = new java.util.ArrayList<>();
			for (JsonNode property : properties) {
				String name = property.get("name").asString();
				if (name.startsWith("cairn.registry.client") && !property.hasNonNull("description")) {
					undocumented.add(name);
				}
			}
			assertThat(undocumented).isEmpty();
			assertThat(properties.findValuesAsString("name")).contains("cairn.registry.client.urls",
					"cairn.registry.client.token", "cairn.registry.client.registration.status-url",
					"cairn.registry.client.loadbalancer.enabled");
		}
	}

}
