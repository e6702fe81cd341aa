package io.cairn.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.support.postgres.EmbeddedPostgresServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry while its database is down: clear errors in each protocol's own form, no
 * 500, nothing half-written, still ready (it acknowledges renewals, which clients must be
 * able to send it), the database DOWN in health; and back to normal once the database
 * returns, with the renewals it acknowledged meanwhile written.
 */
class DatabaseOutageTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static Path dataDirectory;

	private static EmbeddedPostgresServer postgres;

	private static int postgresPort;

	private static ConfigurableApplicationContext registry;

	@BeforeAll
	static void start() throws Exception {
		dataDirectory = Files.createTempDirectory("cairn-outage-pg");
		postgres = EmbeddedPostgresServer.start(dataDirectory, 0);
		postgresPort = postgres.port();
		registry = new SpringApplicationBuilder(RegistryServiceApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=" + postgres.username(),
				"--spring.datasource.password=" + postgres.password(),
				"--spring.datasource.hikari.connection-timeout=1500");
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
	void errorsWhileTheDatabaseIsDownAndRecoveryAfterwards() throws Exception {
		assertThat(rpc("ping", "[\"steady\",\"10.9.0.1\",80]").get("result").asBoolean()).isTrue();
		Instant registeredAt = lastSeen("steady");

		postgres.close();

		JsonNode newPing = rpc("ping", "[\"newcomer\",\"10.9.0.2\",80]");
		assertThat(newPing.get("error").get("code").asInt()).isEqualTo(-32603);
		assertThat(newPing.get("error").get("message").asString()).contains("database is unavailable");
		JsonNode lookup = rpc("locate_service", "[\"steady\"]");
		assertThat(lookup.get("error").get("code").asInt()).isEqualTo(-32603);

		HttpResponse<String> restWrite = send(HttpRequest.newBuilder(uri("/v1/instances"))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"newcomer\",\"host\":\"10.9.0.2\",\"port\":80}"))
			.build());
		assertThat(restWrite.statusCode()).isEqualTo(503);
		assertThat(json.readTree(restWrite.body()).get("detail").asString()).contains("database is unavailable");
		assertThat(send(HttpRequest.newBuilder(uri("/v1/services")).build()).statusCode()).isEqualTo(503);
		assertThat(send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).build()).statusCode()).isEqualTo(200);
		assertThat(send(HttpRequest.newBuilder(uri("/actuator/health")).build()).body())
			.contains("\"db\":{\"status\":\"DOWN\"");
		assertThat(send(HttpRequest.newBuilder(uri("/actuator/health/liveness")).build()).statusCode()).isEqualTo(200);

		// A renewal of a known instance is acknowledged and kept until it can be written.
		assertThat(rpc("ping", "[\"steady\",\"10.9.0.1\",80]").get("result").asBoolean()).isTrue();

		postgres = EmbeddedPostgresServer.start(dataDirectory, postgresPort);

		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline) && !rpc("locate_service", "[\"steady\"]").get("error").isNull()) {
			Thread.sleep(200);
		}
		assertThat(rpc("locate_service", "[\"newcomer\"]").get("result")).as("the refused write left nothing")
			.isEmpty();
		while (Instant.now().isBefore(deadline) && !lastSeen("steady").isAfter(registeredAt)) {
			Thread.sleep(200);
		}
		assertThat(lastSeen("steady")).as("the renewal acknowledged during the outage was written")
			.isAfter(registeredAt);
		assertThat(rpc("ping", "[\"newcomer\",\"10.9.0.2\",80]").get("result").asBoolean()).isTrue();
	}

	private static Instant lastSeen(String name) throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/instances?service=" + name)).build());
		return Instant.parse(json.readTree(response.body()).get("instances").get(0).get("lastSeen").asString());
	}

	private static JsonNode rpc(String method, String params) throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":1}"))
			.build());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("Exception");
		return json.readTree(response.body());
	}

	private static HttpResponse<String> send(HttpRequest request) throws Exception {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(String path) {
		int port = ((WebServerApplicationContext) registry).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
