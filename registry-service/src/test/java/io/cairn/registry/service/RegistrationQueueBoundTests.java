package io.cairn.registry.service;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.registry.RegistryTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At most {@code cairn.registry.registrations.max-queued} registrations wait for their
 * transaction; one more is refused at once, in each protocol's form (JSON-RPC -32003,
 * REST 503 with {@code Retry-After}), and nothing of it is written. Renewals and lookups
 * do not queue there and keep being answered.
 */
@TestPropertySource(
		properties = { "cairn.registry.registrations.max-queued=2", "cairn.registry.registrations.retry-after=3s" })
class RegistrationQueueBoundTests extends RegistryTestSupport {

	@Autowired
	private RegistrationBatcher batcher;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void aRegistrationBeyondTheQueueIsRefusedAtOnceAndTheQueuedOnesAreWritten() throws Exception {
		String name = unique("queued");
		String known = unique("known");
		ping(known, "10.44.0.9", 8080);
		List<CompletableFuture<HttpResponse<String>>> queued = new ArrayList<>();
		try (HeldEndpoint held = new HeldEndpoint(this.dataSource, "10.44.0.1", 8080)) {
			queued.add(pingAsync(name, "10.44.0.1", 8080));
			await().atMost(Duration.ofSeconds(30)).until(held::waitedFor);
			queued.add(pingAsync(name, "10.44.0.2", 8080));
			queued.add(pingAsync(name, "10.44.0.3", 8080));
			await().atMost(Duration.ofSeconds(30)).until(() -> this.batcher.queued() == 2);

			JsonNode refused = rpc("ping", "[\"" + name + "\",\"10.44.0.4\",8080]");
			assertThat(refused.get("error").get("code").asInt()).isEqualTo(-32003);
			assertThat(refused.get("error").get("message").asString()).contains("max-queued")
				.contains("nothing was registered");
			HttpResponse<String> rest = send(HttpRequest.newBuilder(uri("/v1/instances"))
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers
					.ofString("{\"name\":\"" + name + "\",\"host\":\"10.44.0.5\",\"port\":8080}"))
				.build());
			assertThat(rest.statusCode()).isEqualTo(503);
			assertThat(rest.headers().firstValue("Retry-After")).hasValue("3");
			assertThat(json.readTree(rest.body()).get("title").asString()).isEqualTo("Registry busy");

			// a plain renewal of a known endpoint does not wait for a transaction
			assertThat(rpc("ping", "[\"" + known + "\",\"10.44.0.9\",8080]").get("result").asBoolean()).isTrue();
			assertThat(queued).noneMatch(CompletableFuture::isDone);
		}
		for (CompletableFuture<HttpResponse<String>> answer : queued) {
			assertThat(json.readTree(answer.get().body()).get("result").asBoolean()).isTrue();
		}
		assertThat(this.jdbc.sql("SELECT host FROM registry_instance WHERE name = ? ORDER BY host")
			.param(name)
			.query(String.class)
			.list()).containsExactly("10.44.0.1", "10.44.0.2", "10.44.0.3");
	}

	private CompletableFuture<HttpResponse<String>> pingAsync(String name, String host, int port) {
		String body = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + name + "\",\"" + host + "\"," + port
				+ "],\"id\":1}";
		return this.http.sendAsync(HttpRequest.newBuilder(uri("/api"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
