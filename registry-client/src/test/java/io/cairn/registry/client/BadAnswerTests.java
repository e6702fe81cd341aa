package io.cairn.registry.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cairn.registry.client.test.ScriptedRegistry;

import static io.cairn.registry.client.test.ScriptedRegistry.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Whatever answers at the registry's address, the client fails with a typed exception,
 * reads no more than {@code max-response-size}, waits no longer than its timeouts, moves
 * to another replica when one misbehaves, and honours the registry's refusals and
 * {@code Retry-After}.
 */
class BadAnswerTests {

	private final ScriptedRegistry server = ScriptedRegistry.start();

	private RegistryClient client;

	@AfterEach
	void close() {
		if (this.client != null) {
			this.client.close();
		}
		this.server.close();
	}

	private RegistryClient client(RegistryClient.Builder builder) {
		this.client = builder.retryDelay(Duration.ofMillis(10)).maxRetryDelay(Duration.ofMillis(200)).build();
		this.client.start();
		return this.client;
	}

	private RegistryClient client() {
		return client(RegistryClient.builder().urls(this.server.url()));
	}

	@Test
	void garbageIsABadAnswer() {
		this.server.on("/v1/instances",
				(exchange) -> ScriptedRegistry.send(exchange, 200, "<html>hello</html>", "text/html"));
		assertThatExceptionOfType(RegistryBadAnswerException.class).isThrownBy(() -> client().instances("orders"))
			.withMessageContaining("not the JSON");
	}

	@Test
	void truncatedJsonIsABadAnswer() {
		this.server.on("/v1/instances", json(200, "{\"index\":4,\"instances\":[{\"name\":\"orders\",\"host\":\"10."));
		assertThatExceptionOfType(RegistryBadAnswerException.class).isThrownBy(() -> client().instances("orders"));
	}

	@Test
	void jsonOfTheWrongShapeIsABadAnswer() {
		this.server.on("/v1/instances", json(200, "{\"index\":4,\"instances\":[{\"name\":\"orders\"}]}"));
		assertThatExceptionOfType(RegistryBadAnswerException.class).isThrownBy(() -> client().instances("orders"))
			.withMessageContaining("lacks its name, host or port");
		this.server.on("/v1/services", json(200, "[1,2,3]"));
		assertThatExceptionOfType(RegistryBadAnswerException.class).isThrownBy(() -> this.client.services());
	}

	@Test
	void serverErrorsAreRetriedThenReportedAsUnavailable() {
		AtomicInteger calls = new AtomicInteger();
		this.server.on("/v1/instances", (exchange) -> {
			calls.incrementAndGet();
			json(500, "{\"status\":500,\"title\":\"Internal Server Error\"}").handle(exchange);
		});
		assertThatExceptionOfType(RegistryUnavailableException.class).isThrownBy(() -> client().instances("orders"))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(500));
		// One URL: the first try and one retry.
		assertThat(calls).hasValue(2);
	}

	@Test
	void aHugeAnnouncedBodyIsRefusedWithoutReadingIt() {
		AtomicLong written = new AtomicLong();
		this.server.on("/v1/instances", (exchange) -> {
			exchange.sendResponseHeaders(200, 512L * 1024 * 1024);
			writeUntilRefused(exchange.getResponseBody(), written);
		});
		assertThatExceptionOfType(RegistryBadAnswerException.class)
			.isThrownBy(() -> client(RegistryClient.builder().urls(this.server.url()).maxResponseBytes(64 * 1024))
				.instances("orders"))
			.withMessageContaining("max-response-size");
		assertThat(written.get()).isLessThan(64L * 1024 * 1024);
	}

	@Test
	void aHugeStreamedBodyIsCutOffAtTheBound() {
		AtomicLong written = new AtomicLong();
		CountDownLatch done = new CountDownLatch(1);
		this.server.on("/v1/instances", (exchange) -> {
			// Chunked, so the length is not known in advance.
			exchange.sendResponseHeaders(200, 0);
			try {
				OutputStream body = exchange.getResponseBody();
				body.write("{\"index\":1,\"instances\":[".getBytes());
				writeUntilRefused(body, written);
			}
			finally {
				done.countDown();
			}
		});
		assertThatExceptionOfType(RegistryBadAnswerException.class)
			.isThrownBy(() -> client(RegistryClient.builder().urls(this.server.url()).maxResponseBytes(64 * 1024))
				.instances("orders"))
			.withMessageContaining("max-response-size");
		await().atMost(Duration.ofSeconds(30)).until(() -> done.getCount() == 0);
		// The server could write its socket buffers full, never the 256 MB it meant to.
		assertThat(written.get()).isLessThan(64L * 1024 * 1024);
	}

	@Test
	void aServerThatNeverAnswersTimesOut() {
		CountDownLatch release = new CountDownLatch(1);
		this.server.on("/v1/instances", (exchange) -> {
			try {
				release.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		try {
			assertThatExceptionOfType(RegistryUnavailableException.class)
				.isThrownBy(() -> client(
						RegistryClient.builder().urls(this.server.url()).requestTimeout(Duration.ofMillis(300)))
					.instances("orders"))
				.withMessageContaining("did not answer");
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void aTricklingBodyTimesOutToo() {
		CountDownLatch release = new CountDownLatch(1);
		this.server.on("/v1/instances", (exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			OutputStream body = exchange.getResponseBody();
			try {
				while (release.getCount() > 0) {
					body.write(' ');
					body.flush();
					release.await(100, TimeUnit.MILLISECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		try {
			assertThatExceptionOfType(RegistryUnavailableException.class).isThrownBy(() -> client(
					RegistryClient.builder().urls(this.server.url()).requestTimeout(Duration.ofMillis(300)))
				.instances("orders"));
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void aMisbehavingReplicaIsLeftForTheNextOne() {
		try (ScriptedRegistry good = ScriptedRegistry.start()) {
			good.on("/v1/instances", json(200, "{\"index\":3,\"instances\":[{\"name\":\"orders\",\"host\":\"10.0.0.1\","
					+ "\"port\":8080,\"tags\":[],\"labels\":{},\"alive\":true}]}"));
			this.server.on("/v1/instances", json(502, "bad gateway"));
			RegistryClient client = client(RegistryClient.builder().urls(this.server.url(), good.url()));
			assertThat(client.instances("orders")).extracting(RegistryInstance::host).containsExactly("10.0.0.1");
			assertThat(client.currentUrl()).isEqualTo(URI.create(good.url() + "/"));
		}
	}

	@Test
	void refusalsAreTypedAndCarryTheRegistrysExplanation() {
		this.server.on("/v1/instances", json(403, "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
				+ "\"detail\":\"This token may write services matching 'billing*' only.\"}"));
		assertThatExceptionOfType(RegistryAuthorizationException.class)
			.isThrownBy(() -> client().register(NewInstance.of("orders", "10.0.0.1", 8080)))
			.withMessageContaining("billing*")
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(403));
		assertThat(this.client.registrations()).isEmpty();
		this.server.on("/v1/instances", json(400, "{\"title\":\"Invalid input\",\"status\":400,"
				+ "\"detail\":\"The port must be between 1 and 65535.\",\"field\":\"port\"}"));
		assertThatExceptionOfType(RegistryRejectedException.class)
			.isThrownBy(() -> this.client.register(NewInstance.of("orders", "10.0.0.1", 8080)))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("port"));
		// Refusals are not retried: the answer would not change.
		assertThat(this.server.requests().stream().filter((request) -> request.startsWith("PUT"))).hasSize(2);
	}

	@Test
	void aRenewalRefusedLaterLeavesTheRegistrationRefusedAndKeepsTrying() {
		AtomicBoolean refuse = new AtomicBoolean();
		this.server.on("/v1/info", json(200, "{\"ttlSeconds\":2,\"index\":1}"));
		this.server.on("/v1/instances", (exchange) -> {
			if (refuse.get()) {
				json(403, "{\"status\":403,\"detail\":\"Token revoked.\"}").handle(exchange);
			}
			else {
				json(200, "{\"outcome\":\"RENEWED\"}").handle(exchange);
			}
		});
		Registration registration = client().register(NewInstance.of("orders", "10.0.0.1", 8080));
		assertThat(registration.state()).isEqualTo(RegistrationState.REGISTERED);
		refuse.set(true);
		await().atMost(Duration.ofSeconds(20)).until(() -> registration.state() == RegistrationState.REFUSED);
		assertThat(registration.status().lastError()).contains("Token revoked");
		refuse.set(false);
		await().atMost(Duration.ofSeconds(20)).until(() -> registration.state() == RegistrationState.REGISTERED);
	}

	@Test
	void anUnreachableRegistryLeavesTheFirstRegistrationPendingThenRegistersIt() {
		AtomicBoolean down = new AtomicBoolean(true);
		this.server.on("/v1/instances", (exchange) -> {
			if (down.get()) {
				json(503, "{\"status\":503,\"detail\":\"The database is unavailable.\"}").handle(exchange);
			}
			else {
				json(201, "{\"outcome\":\"REGISTERED\"}").handle(exchange);
			}
		});
		Registration registration = client().register(NewInstance.of("orders", "10.0.0.1", 8080));
		assertThat(registration.state()).isEqualTo(RegistrationState.PENDING);
		assertThat(registration.status().lastError()).contains("database is unavailable");
		down.set(false);
		await().atMost(Duration.ofSeconds(20)).until(() -> registration.state() == RegistrationState.REGISTERED);
		assertThat(registration.status().reregistrations()).isZero();
	}

	@Test
	void aFullRegistryDefersTheRegistrationForRetryAfter() {
		AtomicInteger refusals = new AtomicInteger();
		this.server.on("/v1/instances", (exchange) -> {
			if (refusals.getAndIncrement() == 0) {
				exchange.getResponseHeaders().set("Retry-After", "1");
				json(429, "{\"status\":429,\"detail\":\"The instance quota (10000) is reached.\"}").handle(exchange);
			}
			else {
				json(201, "{\"outcome\":\"REGISTERED\"}").handle(exchange);
			}
		});
		Registration registration = client().register(NewInstance.of("orders", "10.0.0.1", 8080));
		assertThat(registration.state()).isEqualTo(RegistrationState.PENDING);
		assertThat(registration.status().lastError()).contains("quota");
		await().atMost(Duration.ofSeconds(20)).until(() -> registration.state() == RegistrationState.REGISTERED);
		// A 429 is not retried at once: the one refusal, then the registration a second
		// later.
		assertThat(refusals).hasValue(2);
	}

	@Test
	void theRenewalIntervalComesFromTheRegistrysTtl() {
		this.server.on("/v1/info", json(200, "{\"ttlSeconds\":30,\"index\":1}"));
		RegistryClient client = client(RegistryClient.builder().urls(this.server.url()).renewalsPerTtl(3));
		assertThat(client.ttl()).contains(Duration.ofSeconds(30));
		assertThat(client.renewalInterval()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void pagedAnswersAreFollowedThroughTheirLinkHeaders() {
		this.server.on("/v1/instances", (exchange) -> {
			String query = exchange.getRequestURI().getRawQuery();
			if (!query.contains("cursor=")) {
				exchange.getResponseHeaders()
					.add("Link", "<" + "/v1/instances?service=orders&cursor=p2>; rel=\"next\"");
				json(200, page(7, "10.0.0.1")).handle(exchange);
			}
			else if (query.contains("cursor=p2")) {
				exchange.getResponseHeaders()
					.add("Link", "<" + this.server.url() + "/v1/instances?service=orders&cursor=p3>; rel=next, "
							+ "</v1/instances?service=orders>; rel=\"first\"");
				json(200, page(8, "10.0.0.2")).handle(exchange);
			}
			else {
				json(200, page(9, "10.0.0.3")).handle(exchange);
			}
		});
		assertThat(client().instances("orders")).extracting(RegistryInstance::host)
			.containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
	}

	@Test
	void aNextLinkThatLeavesTheRegistryIsRefused() {
		this.server.on("/v1/instances", (exchange) -> {
			exchange.getResponseHeaders().add("Link", "<http://attacker.example/v1/instances?cursor=x>; rel=\"next\"");
			json(200, page(7, "10.0.0.1")).handle(exchange);
		});
		assertThatExceptionOfType(RegistryBadAnswerException.class).isThrownBy(() -> client().instances("orders"))
			.withMessageContaining("leads away from the registry");
	}

	@Test
	void moreInstancesThanTheBoundAreRefused() {
		this.server.on("/v1/instances", json(200, "{\"index\":1,\"instances\":["
				+ String.join(",", List.of(instance("10.0.0.1"), instance("10.0.0.2"), instance("10.0.0.3"))) + "]}"));
		assertThatExceptionOfType(RegistryBadAnswerException.class)
			.isThrownBy(
					() -> client(RegistryClient.builder().urls(this.server.url()).maxInstances(2)).instances("orders"))
			.withMessageContaining("max-instances");
	}

	@Test
	void aRefusedWatchWaitsForRetryAfterAndResumes() {
		AtomicInteger refusals = new AtomicInteger();
		AtomicBoolean refuse = new AtomicBoolean(true);
		this.server.on("/v1/events", (exchange) -> {
			boolean watch = exchange.getRequestURI().getRawQuery().contains("index=");
			if (watch && refuse.get()) {
				refusals.incrementAndGet();
				exchange.getResponseHeaders().set("Retry-After", "1");
				json(429, "{\"status\":429,\"detail\":\"Too many watches from this client.\"}").handle(exchange);
			}
			else {
				json(200, "{\"index\":5,\"events\":[]}").handle(exchange);
			}
		});
		RegistryClient client = client();
		client.instances("orders");
		await().atMost(Duration.ofSeconds(20)).until(() -> client.connectionState() == ConnectionState.SUSPENDED);
		assertThat(client.status().problem()).contains("Too many watches");
		int refused = refusals.get();
		// Retry-After is 1 s; the client does not come back sooner.
		await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> true);
		assertThat(refusals.get()).isLessThanOrEqualTo(refused + 1);
		refuse.set(false);
		await().atMost(Duration.ofSeconds(20)).until(() -> client.connectionState() == ConnectionState.CONNECTED);
	}

	@Test
	void theTokenTravelsWithWritesOnly() {
		client(RegistryClient.builder().urls(this.server.url()).token("s3cret"));
		AtomicInteger withToken = new AtomicInteger();
		AtomicInteger readsWithToken = new AtomicInteger();
		this.server.on("/v1/instances", (exchange) -> {
			boolean carries = "Bearer s3cret".equals(exchange.getRequestHeaders().getFirst("Authorization"));
			if ("GET".equals(exchange.getRequestMethod())) {
				readsWithToken.addAndGet(carries ? 1 : 0);
				json(200, "{\"index\":1,\"instances\":[]}").handle(exchange);
			}
			else {
				withToken.addAndGet(carries ? 1 : 0);
				json(200, "{\"outcome\":\"REGISTERED\"}").handle(exchange);
			}
		});
		this.client.register(NewInstance.of("orders", "10.0.0.1", 8080)).close();
		this.client.instances("orders");
		assertThat(withToken).hasValue(2);
		assertThat(readsWithToken).hasValue(0);
	}

	private static String page(long index, String host) {
		return "{\"index\":" + index + ",\"instances\":[" + instance(host) + "]}";
	}

	private static String instance(String host) {
		return "{\"name\":\"orders\",\"host\":\"" + host + "\",\"port\":8080,\"tags\":[],\"labels\":{},\"alive\":true}";
	}

	private static void writeUntilRefused(OutputStream body, AtomicLong written) {
		byte[] chunk = new byte[16 * 1024];
		java.util.Arrays.fill(chunk, (byte) ' ');
		try {
			for (int i = 0; i < 16 * 1024; i++) {
				body.write(chunk);
				written.addAndGet(chunk.length);
			}
		}
		catch (IOException ex) {
			// The client closed the connection: what the test expects.
		}
	}

}
