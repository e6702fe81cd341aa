package io.cairn.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.support.test.SharedPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as users run it, with no configuration (its own embedded PostgreSQL),
 * killed with SIGKILL and started again: every acknowledged registration is still there,
 * and at most the last flush window of renewals is lost. (Its PostgreSQL is the tests'
 * shared one: the app's jar carries no embedded server; a server left running by a killed
 * JVM is support's EmbeddedPostgresServerTests.)
 */
class KillIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private Process process;

	@AfterEach
	void stop() throws Exception {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void aKillMinusNineLosesAtMostTheLastFlushWindow(@TempDir Path data) throws Exception {
		int port = freePort();
		this.process = start(data, port);
		awaitReady(port);

		rpc(port, "[\"durable\",\"10.20.0.1\",80]");
		Instant registered = lastSeen(port, "durable");
		rpc(port, "[\"durable\",\"10.20.0.1\",80]");
		Instant flushed = awaitLastSeenAfter(port, "durable", registered);

		rpc(port, "[\"acknowledged-last\",\"10.20.0.2\",80]");
		rpc(port, "[\"durable\",\"10.20.0.1\",80]");
		this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

		this.process = start(data, port);
		awaitReady(port);
		assertThat(lastSeen(port, "acknowledged-last")).as("a registration acknowledged just before the kill")
			.isNotNull();
		assertThat(lastSeen(port, "durable")).as("renewals flushed before the kill are kept").isAfterOrEqualTo(flushed);
	}

	private static final String DATABASE = SharedPostgres.newDatabase();

	private Process start(Path data, int port) throws IOException {
		Path log = data.resolve("registry-" + System.nanoTime() + ".log");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return new ProcessBuilder(
				List.of(java, "-jar", jar().toString(), "--server.port=" + port, "--cairn.data-dir=" + data,
						"--spring.datasource.url=" + DATABASE, "--cairn.registry.renewal-flush-interval=500ms"))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	private static Path jar() {
		Path jar = Path.of("target", "registry-service.jar");
		assertThat(jar).as("the packaged jar (failsafe runs after package)").exists();
		return jar;
	}

	private void awaitReady(int port) throws Exception {
		// Generous: on a loaded shared machine the registry has taken over two minutes to
		// start.
		Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
		while (Instant.now().isBefore(deadline)) {
			assertThat(this.process.isAlive()).as("the registry process is running").isTrue();
			try {
				HttpResponse<Void> response = this.http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
						.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		throw new AssertionError("registry-service did not become ready");
	}

	private Instant awaitLastSeenAfter(int port, String name, Instant after) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (Instant.now().isBefore(deadline)) {
			Instant seen = lastSeen(port, name);
			if (seen.isAfter(after)) {
				return seen;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the renewal of " + name + " was never written");
	}

	private void rpc(int port, String params) throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":" + params + ",\"id\":1}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(json.readTree(response.body()).get("result").asBoolean()).as(response.body()).isTrue();
	}

	private Instant lastSeen(int port, String name) throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/instances?service=" + name))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode instances = json.readTree(response.body()).get("instances");
		return instances.isEmpty() ? null : Instant.parse(instances.get(0).get("lastSeen").asString());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
