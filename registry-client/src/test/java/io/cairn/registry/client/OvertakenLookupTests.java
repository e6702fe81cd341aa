package io.cairn.registry.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cairn.registry.client.test.ScriptedRegistry;

import static io.cairn.registry.client.test.ScriptedRegistry.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A lookup whose first read the watch has already overtaken (a change landed between the
 * read and the lookup's place in the cache) is read again, but behind its caller's back:
 * a miss costs the caller one round trip, and the cache still catches up.
 */
class OvertakenLookupTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private final ScriptedRegistry server = ScriptedRegistry.start();

	private final CountDownLatch release = new CountDownLatch(1);

	private RegistryClient client;

	@AfterEach
	void close() {
		this.release.countDown();
		if (this.client != null) {
			this.client.close();
		}
		this.server.close();
	}

	@Test
	void aMissCostsItsCallerOneRoundTripAndTheOvertakenReadIsRepeatedBehindIt() {
		AtomicInteger ordersReads = new AtomicInteger();
		this.server.on("/v1/events", (exchange) -> {
			if (exchange.getRequestURI().getRawQuery().contains("index=")) {
				// A watch that sees no change for a while.
				pause(200);
			}
			json(200, "{\"index\":10,\"events\":[]}").handle(exchange);
		});
		this.server.on("/v1/instances", (exchange) -> {
			String query = exchange.getRequestURI().getRawQuery();
			if (!query.contains("service=orders")) {
				json(200, "{\"index\":10,\"instances\":[]}").handle(exchange);
			}
			else if (ordersReads.incrementAndGet() == 1) {
				// Read at index 5, while the watch is at 10 already.
				json(200, "{\"index\":5,\"instances\":[{\"name\":\"orders\",\"host\":\"10.0.0.1\",\"port\":80}]}")
					.handle(exchange);
			}
			else {
				// The read again is held until the test has seen its caller answered.
				hold(this.release);
				json(200, "{\"index\":11,\"instances\":[{\"name\":\"orders\",\"host\":\"10.0.0.2\",\"port\":80}]}")
					.handle(exchange);
			}
		});
		this.client = RegistryClient.builder()
			.urls(this.server.url())
			.requestTimeout(Duration.ofSeconds(60))
			.retryDelay(Duration.ofMillis(10))
			.maxRetryDelay(Duration.ofMillis(200))
			.build();
		this.client.start();
		this.client.instances("warm");
		await().atMost(PATIENCE)
			.until(() -> this.server.requests()
				.stream()
				.anyMatch((request) -> request.startsWith("GET /v1/events") && request.contains("index=10")));

		CompletableFuture<List<RegistryInstance>> lookup = CompletableFuture
			.supplyAsync(() -> this.client.instances("orders"));
		await().atMost(PATIENCE).until(lookup::isDone);
		assertThat(lookup.join()).extracting(RegistryInstance::host).containsExactly("10.0.0.1");
		await().atMost(PATIENCE).until(() -> ordersReads.get() == 2);

		this.release.countDown();
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.client.instances("orders")).extracting(RegistryInstance::host)
				.containsExactly("10.0.0.2"));
		assertThat(ordersReads).hasValue(2);
	}

	private static void hold(CountDownLatch latch) {
		try {
			latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
