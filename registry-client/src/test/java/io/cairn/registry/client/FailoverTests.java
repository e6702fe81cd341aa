package io.cairn.registry.client;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.registry.client.test.RegistryServiceProcess;
import io.cairn.registry.client.test.SharedRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two registry replicas over one database: when the one a client uses dies, its renewals,
 * lookups and watch carry on with the other, and its instances never expire.
 */
class FailoverTests {

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	private static RegistryServiceProcess first;

	private static RegistryServiceProcess second;

	@BeforeAll
	static void startReplicas() {
		first = RegistryServiceProcess.start(SharedRegistry.fastExpiry());
		second = RegistryServiceProcess.onDatabase(first.database(), SharedRegistry.fastExpiry());
	}

	@AfterAll
	static void stopReplicas() {
		first.close();
		second.close();
	}

	@Test
	void theClientCarriesOnWithTheOtherReplica() {
		try (RegistryClient client = RegistryClient.builder()
			.urls(first.url(), second.url())
			.renewalsPerTtl(5)
			.retryDelay(Duration.ofMillis(50))
			.maxRetryDelay(Duration.ofMillis(500))
			.build(); RegistryClient observer = RegistryClient.builder().urls(second.url()).build()) {
			client.start();
			observer.start();
			Registration registration = client.register(NewInstance.of("payments", "10.4.0.1", 8080));
			assertThat(client.instances("payments")).hasSize(1);
			assertThat(client.currentUrl()).isEqualTo(URI.create(first.url() + "/"));
			assertThat(observer.instances("payments")).hasSize(1);

			first.kill();

			// Renewals go to the second replica: the instance outlives several TTLs.
			await().during(Duration.ofSeconds(2L * SharedRegistry.TTL_SECONDS))
				.atMost(PATIENCE)
				.until(() -> observer.instances("payments").size() == 1);
			assertThat(registration.state()).isEqualTo(RegistrationState.REGISTERED);
			assertThat(client.currentUrl()).isEqualTo(URI.create(second.url() + "/"));
			// The watch moved too: a change made through the second replica reaches the
			// client's cache.
			observer.register(NewInstance.of("payments", "10.4.0.2", 8080));
			await().atMost(PATIENCE).until(() -> client.instances("payments").size() == 2);
			assertThat(client.connectionState()).isEqualTo(ConnectionState.CONNECTED);
		}
	}

}
