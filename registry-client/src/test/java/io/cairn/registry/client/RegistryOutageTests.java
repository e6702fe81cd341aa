package io.cairn.registry.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cairn.registry.client.test.RegistryServiceProcess;
import io.cairn.registry.client.test.SharedRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A registry that goes away and comes back: meanwhile lookups answer the last known
 * instances and the client says it is {@link ConnectionState#SUSPENDED}; afterwards the
 * cache resynchronises and the instances the registry forgot are registered again, with
 * their metadata, on their next renewal.
 */
class RegistryOutageTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private RegistryServiceProcess registry = RegistryServiceProcess.start(SharedRegistry.fastExpiry());

	private final RegistryClient provider = client();

	private final RegistryClient consumer = client();

	@AfterEach
	void close() {
		this.provider.close();
		this.consumer.close();
		this.registry.close();
	}

	private RegistryClient client() {
		RegistryClient client = RegistryClient.builder()
			.urls(this.registry.url())
			.renewalsPerTtl(5)
			.retryDelay(Duration.ofMillis(50))
			.maxRetryDelay(Duration.ofMillis(500))
			.build();
		client.start();
		return client;
	}

	@Test
	void downLongerThanTheTtlThenBack() {
		Registration registration = this.provider
			.register(NewInstance.of("orders", "10.3.0.1", 8080).withVersion("2.0.0"));
		await().atMost(PATIENCE)
			.until(() -> this.consumer.instances("orders").size() == 1
					&& this.consumer.connectionState() == ConnectionState.CONNECTED);
		List<RegistryInstance> known = this.consumer.instances("orders");

		this.registry.kill();
		Instant down = Instant.now();
		await().atMost(PATIENCE).until(() -> this.consumer.connectionState() == ConnectionState.SUSPENDED);
		// Served from memory meanwhile, and the status says why.
		assertThat(this.consumer.instances("orders")).isEqualTo(known);
		assertThat(this.consumer.status().problem()).isNotBlank();
		// Stay down past the TTL, so that the registry finds the instance expired.
		await().pollDelay(Duration.ofSeconds(SharedRegistry.TTL_SECONDS + 1))
			.atMost(Duration.ofSeconds(SharedRegistry.TTL_SECONDS + 10))
			.until(() -> true);
		assertThat(Duration.between(down, Instant.now())).isGreaterThan(Duration.ofSeconds(SharedRegistry.TTL_SECONDS));

		this.registry.restart(false);
		await().atMost(PATIENCE).until(() -> registration.status().reregistrations() >= 1);
		assertThat(registration.state()).isEqualTo(RegistrationState.REGISTERED);
		// The cache served the instance from memory all along, so its list alone says
		// nothing: the watch must be back and the list read from the registry again.
		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(this.consumer.connectionState()).isEqualTo(ConnectionState.CONNECTED);
			assertThat(this.consumer.instances("orders")).extracting(RegistryInstance::version)
				.containsExactly("2.0.0");
		});
		// The cache follows changes again.
		this.provider.register(NewInstance.of("orders", "10.3.0.2", 8080));
		await().atMost(PATIENCE).until(() -> this.consumer.instances("orders").size() == 2);
	}

	@Test
	void aRegistryRestartedWithAnEmptyDatabaseGetsItsInstancesBack() {
		Registration registration = this.provider.register(NewInstance.of("billing", "10.3.0.3", 8080)
			.withVersion("1.0.0")
			.withLabel(NewInstance.STATUS_URL, "http://10.3.0.3:8081/actuator/health"));
		assertThat(this.consumer.instances("billing")).hasSize(1);

		this.registry.kill();
		this.registry = this.registry.restart(true);

		await().atMost(PATIENCE).until(() -> registration.status().reregistrations() >= 1);
		await().atMost(PATIENCE)
			.untilAsserted(
					() -> assertThat(this.consumer.instances("billing")).singleElement().satisfies((instance) -> {
						assertThat(instance.version()).isEqualTo("1.0.0");
						assertThat(instance.labels()).containsEntry("status-url",
								"http://10.3.0.3:8081/actuator/health");
					}));
		assertThat(this.consumer.connectionState()).isEqualTo(ConnectionState.CONNECTED);
	}

}
