package io.cairn.registry.abuse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.registry.RegistryServiceApplication;
import io.cairn.support.postgres.EmbeddedPostgresServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * L9: after a database outage longer than the TTL, instances whose heartbeats were
 * acknowledged while the database was down are not recorded as expired and then revived
 * (which made watchers such as the status-aggregator's discovery drop and re-create
 * them). A real PostgreSQL is stopped and started again.
 */
class OutageAbuseTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static Path dataDirectory;

	private static EmbeddedPostgresServer postgres;

	private static ConfigurableApplicationContext registry;

	@BeforeAll
	static void start() throws Exception {
		dataDirectory = Files.createTempDirectory("cairn-l9-pg");
		postgres = EmbeddedPostgresServer.start(dataDirectory, 0);
		// Renewals are written every 4 s and expiries checked every 200 ms: after the
		// outage, an expiry check that did not wait for the renewals would come first.
		registry = new SpringApplicationBuilder(RegistryServiceApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=" + postgres.username(),
				"--spring.datasource.password=" + postgres.password(),
				"--spring.datasource.hikari.connection-timeout=1000", "--cairn.registry.ttl=6s",
				"--cairn.registry.renewal-flush-interval=4s", "--cairn.registry.expiry-check-interval=200ms");
	}

	@AfterAll
	static void stop() throws Exception {
		if (registry != null) {
			registry.close();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	void l9NoExpiredAndRevivedChurnAfterAnOutageLongerThanTheTtl() throws Exception {
		int postgresPort = postgres.port();
		assertThat(ping("steady", "10.9.1.1").get("result").asBoolean()).isTrue();
		assertThat(ping("fading", "10.9.1.2").get("result").asBoolean()).isTrue();
		ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
		heartbeat.scheduleWithFixedDelay(() -> {
			try {
				ping("steady", "10.9.1.1");
			}
			catch (Exception ex) {
				// A heartbeat lost now and then is what the TTL is for.
			}
		}, 0, 500, TimeUnit.MILLISECONDS);
		try {
			postgres.close();
			// Longer than the TTL (6 s), while "steady" keeps sending heartbeats and
			// "fading" has stopped.
			Thread.sleep(9_000);
			postgres = EmbeddedPostgresServer.start(dataDirectory, postgresPort);

			// "fading" is recorded as expired: the expiry checks have run again since the
			// database came back.
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(250))
				.ignoreExceptions()
				.until(() -> types("fading").contains("EXPIRED"));
		}
		finally {
			heartbeat.shutdownNow();
		}
		assertThat(types("steady")).as("the events of an instance that never stopped sending heartbeats")
			.containsExactly("REGISTERED");
		JsonNode instance = json.readTree(get("/v1/instances?service=steady")).get("instances");
		assertThat(instance).hasSize(1);
		assertThat(instance.get(0).get("alive").asBoolean()).isTrue();
	}

	private static java.util.List<String> types(String service) throws Exception {
		return json.readTree(get("/v1/events?service=" + service)).get("events").findValuesAsString("type");
	}

	private static JsonNode ping(String name, String host) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + name
					+ "\",\"" + host + "\",80],\"id\":1}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		return json.readTree(response.body());
	}

	private static String get(String path) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return response.body();
	}

	private static URI uri(String path) {
		int port = ((WebServerApplicationContext) registry).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
