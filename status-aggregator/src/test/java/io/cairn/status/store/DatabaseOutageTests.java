package io.cairn.status.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cairn.status.StatusAggregatorApplication;
import io.cairn.status.testsupport.CheckEndpoints;
import io.cairn.status.testsupport.Http;
import io.cairn.status.testsupport.TestBeans;
import io.cairn.support.postgres.EmbeddedPostgresServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database goes away and comes back: {@code /status} keeps answering from memory,
 * readiness says the app cannot do its job, writes answer 503, and everything resumes
 * when the database is back.
 */
class DatabaseOutageTests {

	private static final CheckEndpoints endpoints = new CheckEndpoints();

	@AfterAll
	static void stop() {
		endpoints.close();
	}

	@Test
	void statusKeepsAnsweringWhileTheDatabaseIsDown() throws Exception {
		Path directory = Files.createTempDirectory("status-outage-pg");
		int port = freePort();
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(directory, port);
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(StatusAggregatorApplication.class,
				TestBeans.class)
			.run("--server.port=0", "--spring.datasource.url=" + postgres.jdbcUrl(),
					"--spring.datasource.username=" + EmbeddedPostgresServer.USER,
					"--spring.datasource.hikari.connection-timeout=1000", "--cairn.status.replica-id=outage",
					"--cairn.status.sync-interval=100ms", "--cairn.status.poll.claim-interval=100ms",
					"--cairn.status.poll.flush-interval=50ms", "--cairn.status.security.allow-loopback=true",
					"--cairn.data-dir=target/test-data")) {
			Http http = new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
			http.post("/check/add", "{\"id\": \"web\", \"url\": \"" + endpoints.url("/warning") + "\"}");
			awaitTrue(() -> http.get("/status").body().contains("web:Warning:"));
			String status = http.get("/status").body();

			postgres.close();
			awaitTrue(() -> http.get("/actuator/health/readiness").statusCode() == 503);
			assertThat(http.get("/status").body()).isEqualTo(status);
			assertThat(http.get("/check/list").statusCode()).isEqualTo(200);
			assertThat(http.post("/check/add", "{\"id\": \"new\", \"url\": \"" + endpoints.url("/ok") + "\"}")
				.statusCode()).isEqualTo(503);

			postgres = EmbeddedPostgresServer.start(directory, port);
			awaitTrue(() -> http.get("/actuator/health/readiness").statusCode() == 200);
			assertThat(http.post("/check/add", "{\"id\": \"new\", \"url\": \"" + endpoints.url("/ok") + "\"}")
				.statusCode()).isEqualTo(200);
			awaitTrue(() -> http.get("/checks/new").body().contains("\"lastPolled\""));
		}
		finally {
			postgres.close();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void awaitTrue(java.util.function.BooleanSupplier condition) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(condition::getAsBoolean);
	}

}
