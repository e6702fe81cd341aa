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
import io.cairn.status.check.CheckStatus;
import io.cairn.status.poll.PollScheduler;
import io.cairn.status.poll.ResultFlusher;
import io.cairn.status.testsupport.CheckEndpoints;
import io.cairn.status.testsupport.Http;
import io.cairn.status.testsupport.TestBeans;
import io.cairn.support.postgres.EmbeddedPostgresServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database goes away and comes back: {@code /status} keeps answering from memory and
 * says how old the other replicas' data is, this replica keeps polling the checks it
 * holds, readiness stays UP (it still does its job) while health says the database is
 * DOWN, writes answer 503, and everything resumes when the database is back, without
 * polling a check twice in one interval.
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
		try (ConfigurableApplicationContext app = start(postgres, "outage")) {
			Http http = http(app);
			http.post("/check/add", "{\"id\": \"web\", \"url\": \"" + endpoints.url("/warning") + "\"}");
			awaitTrue(() -> http.get("/status").body().contains("web:Warning:"));
			String status = http.get("/status").body();

			postgres.close();
			awaitTrue(() -> http.get("/actuator/health").body().contains("\"db\":{\"status\":\"DOWN\""));
			assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
			// the same answer, from memory; once the view is behind, it says so
			awaitTrue(() -> http.get("/status").body().contains("\"data_as_of\""));
			assertThat(http.get("/status").body()).startsWith(status.substring(0, status.length() - 2))
				.endsWith("\", \"data_as_of\": \"" + dateOf(status) + "\"}");
			assertThat(http.get("/check/list").statusCode()).isEqualTo(200);
			assertThat(http.post("/check/add", "{\"id\": \"new\", \"url\": \"" + endpoints.url("/ok") + "\"}")
				.statusCode()).isEqualTo(503);

			postgres = EmbeddedPostgresServer.start(directory, port);
			awaitTrue(() -> http.get("/actuator/health").body().contains("\"db\":{\"status\":\"UP\""));
			assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
			assertThat(http.post("/check/add", "{\"id\": \"new\", \"url\": \"" + endpoints.url("/ok") + "\"}")
				.statusCode()).isEqualTo(200);
			awaitTrue(() -> http.get("/checks/new").body().contains("\"lastPolled\""));
			awaitTrue(() -> !http.get("/status").body().contains("data_as_of"));
		}
		finally {
			postgres.close();
		}
	}

	/**
	 * Faults defect 5: nothing was polled while PostgreSQL was down, so a target that
	 * turned Critical during the outage was shown only after it.
	 */
	@Test
	void checksThisReplicaHoldsArePolledFromMemoryDuringAnOutage() throws Exception {
		Path directory = Files.createTempDirectory("status-outage-pg");
		int port = freePort();
		EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(directory, port);
		try (ConfigurableApplicationContext app = start(postgres, "outage-polls")) {
			Http http = http(app);
			PollScheduler poller = app.getBean(PollScheduler.class);
			CheckStore store = app.getBean(CheckStore.class);
			endpoints.answer("outage-web", 200, "{\"status\": \"Warning\", \"message\": \"slow\"}");
			http.post("/checks", "{\"id\": \"web\", \"url\": \"" + endpoints.url("/dynamic/outage-web")
					+ "\", \"interval\": \"10s\"}");
			awaitTrue(() -> http.get("/status").body().contains("web:Warning:slow"));
			assertThat(endpoints.hits("/dynamic/outage-web")).isEqualTo(1);

			postgres.close();
			awaitTrue(poller::claimFailing);
			endpoints.answer("outage-web", 200, "{\"status\": \"Critical\", \"message\": \"down\"}");
			TestBeans.CLOCK.advance(Duration.ofSeconds(11));
			// due again: polled from memory, shown at once
			awaitTrue(() -> http.get("/status").body().contains("web:Critical:down"));
			assertThat(endpoints.hits("/dynamic/outage-web")).isEqualTo(2);
			ResultFlusher flusher = app.getBean(ResultFlusher.class);
			awaitTrue(flusher::failing);

			postgres = EmbeddedPostgresServer.start(directory, port);
			awaitTrue(() -> !poller.claimFailing());
			// the result of the outage is written...
			awaitTrue(() -> store.find("web").orElseThrow().state().status() == CheckStatus.CRITICAL);
			assertThat(store.history("web", null, 10, null)).extracting(HistoryEntry::to)
				.contains(CheckStatus.CRITICAL);
			// ... and the check is not due again before the interval that began with its
			// poll from memory ends (a check added now is polled in a later claim)
			http.post("/check/add", "{\"id\": \"after\", \"url\": \"" + endpoints.url("/ok-after-outage") + "\"}");
			awaitTrue(() -> endpoints.hits("/ok-after-outage") == 1 && poller.completedPolls() >= 3);
			assertThat(endpoints.hits("/dynamic/outage-web")).as("polled again right after the outage").isEqualTo(2);
			assertThat(store.claimDue(TestBeans.CLOCK.instant(), "probe", 10, Duration.ofSeconds(10))).isEmpty();
			TestBeans.CLOCK.advance(Duration.ofSeconds(10));
			poller.wake();
			awaitTrue(() -> endpoints.hits("/dynamic/outage-web") == 3);
		}
		finally {
			postgres.close();
		}
	}

	private static ConfigurableApplicationContext start(EmbeddedPostgresServer postgres, String replica) {
		return new SpringApplicationBuilder(StatusAggregatorApplication.class, TestBeans.class).run("--server.port=0",
				"--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=" + postgres.username(),
				"--spring.datasource.password=" + postgres.password(),
				"--spring.datasource.hikari.connection-timeout=1000", "--cairn.status.replica-id=" + replica,
				"--cairn.status.sync-interval=100ms", "--cairn.status.poll.claim-interval=100ms",
				"--cairn.status.poll.flush-interval=50ms", "--cairn.status.security.allow-loopback=true",
				"--cairn.data-dir=target/test-data");
	}

	private static Http http(ConfigurableApplicationContext app) {
		return new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
	}

	private static String dateOf(String status) {
		String key = "\"date\": \"";
		int start = status.indexOf(key) + key.length();
		return status.substring(start, status.indexOf('"', start));
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
