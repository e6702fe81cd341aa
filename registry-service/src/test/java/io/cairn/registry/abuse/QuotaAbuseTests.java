package io.cairn.registry.abuse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.registry.TestClockConfiguration;
import io.cairn.registry.service.ExpiryReaper;
import io.cairn.support.test.MutableClock;
import io.cairn.support.test.SharedPostgres;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * M2 (registry side): the number of instances is bounded. Beyond
 * {@code cairn.registry.max-instances} a new endpoint is refused (REST 429 with
 * {@code Retry-After}, JSON-RPC -32002) and nothing is written, while known endpoints
 * keep renewing; an instance that has expired makes room for a new one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cairn.registry.max-instances=5", "cairn.registry.ttl=60s", "cairn.registry.max-events=20" })
@Import(TestClockConfiguration.class)
class QuotaAbuseTests {

	private static final String DATABASE = SharedPostgres.newDatabase();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private MutableClock clock;

	@Autowired
	private ExpiryReaper reaper;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> DATABASE);
		registry.add("spring.datasource.username", SharedPostgres::user);
	}

	@Test
	void m2NewEndpointsBeyondTheQuotaAreRefusedAndNothingIsWritten() throws Exception {
		for (int i = 1; i <= 5; i++) {
			assertThat(put("quota-" + i, "10.90.0." + i).statusCode()).isEqualTo(201);
		}
		long index = index();

		HttpResponse<String> refused = put("quota-6", "10.90.0.6");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
		assertThat(json.readTree(refused.body()).get("detail").asString()).contains("cairn.registry.max-instances",
				"5");
		JsonNode rpc = rpc("[\"quota-6\",\"10.90.0.6\",80]");
		assertThat(rpc.get("error").get("code").asInt()).isEqualTo(-32002);
		assertThat(rpc.get("error").get("message").asString()).contains("cairn.registry.max-instances");

		assertThat(put("quota-3", "10.90.0.3").statusCode()).as("a known endpoint still renews").isEqualTo(200);
		assertThat(rpc("[\"quota-4\",\"10.90.0.4\",80]").get("result").asBoolean()).isTrue();
		assertThat(instances()).hasSize(5);
		assertThat(index()).as("the refusals wrote nothing").isEqualTo(index);

		// An expired instance makes room for a new one (the one expired longest ago
		// goes).
		this.clock.advance(Duration.ofSeconds(61));
		this.reaper.runOnce();
		assertThat(put("quota-6", "10.90.0.6").statusCode()).isEqualTo(201);
		assertThat(instances()).hasSize(5);
		JsonNode events = json.readTree(get("/v1/events?service=quota-1").body()).get("events");
		assertThat(events.get(0).get("type").asString()).isEqualTo("REMOVED");
	}

	@Test
	void p5TheEventLogIsBoundedToo() throws Exception {
		for (int i = 0; i < 15; i++) {
			assertThat(put("churn", "10.91.0.1").statusCode()).isEqualTo(201);
			assertThat(this.http.send(
					HttpRequest.newBuilder(uri("/v1/instances?service=churn&host=10.91.0.1&port=80")).DELETE().build(),
					HttpResponse.BodyHandlers.ofString())
				.statusCode()).isEqualTo(204);
		}
		assertThat(json.readTree(get("/v1/events?limit=1000").body()).get("events").size()).isGreaterThan(20);
		this.clock.advance(Duration.ofMinutes(2));
		this.reaper.runOnce();
		assertThat(json.readTree(get("/v1/events?limit=1000").body()).get("events").size()).isLessThanOrEqualTo(20);
	}

	private JsonNode instances() throws Exception {
		return json.readTree(get("/v1/instances?all=true").body()).get("instances");
	}

	private long index() throws Exception {
		return json.readTree(get("/v1/info").body()).get("index").asLong();
	}

	private HttpResponse<String> put(String name, String host) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri("/v1/instances"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers
				.ofString("{\"name\":\"" + name + "\",\"host\":\"" + host + "\",\"port\":80}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode rpc(String params) throws Exception {
		return json.readTree(
				this.http
					.send(HttpRequest.newBuilder(uri("/api"))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers
							.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":" + params + ",\"id\":1}"))
						.build(), HttpResponse.BodyHandlers.ofString())
					.body());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
