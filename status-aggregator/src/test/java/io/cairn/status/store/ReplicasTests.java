package io.cairn.status.store;

import java.time.Duration;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cairn.status.StatusAggregatorApplication;
import io.cairn.status.poll.PollScheduler;
import io.cairn.status.testsupport.CheckEndpoints;
import io.cairn.status.testsupport.Http;
import io.cairn.status.testsupport.TestBeans;
import io.cairn.support.test.SharedPostgres;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several application contexts on one database: a restart keeps every check and its last
 * state; two replicas poll each check once per interval between them, either answers
 * {@code /status}, and one takes over the other's share when it stops.
 */
class ReplicasTests {

	private static final CheckEndpoints endpoints = new CheckEndpoints();

	@AfterAll
	static void stop() {
		endpoints.close();
	}

	@Test
	void aRestartKeepsChecksAndTheirLastState() {
		String database = SharedPostgres.newDatabase();
		String list;
		String status;
		String history;
		try (ConfigurableApplicationContext first = start(database, "restart-1")) {
			Http http = http(first);
			http.post("/check/add", "{\"id\": \"web\", \"url\": \"" + endpoints.url("/ok") + "\"}");
			http.post("/check/add", "{\"id\": \"db\", \"url\": \"" + endpoints.url("/warning") + "\"}");
			http.post("/checks", "{\"id\": \"cache\", \"url\": {\"addr\": \"" + endpoints.url("/nested")
					+ "\", \"jsonpath\": \"a/b/status\"}, \"tags\": [\"t1\"]}");
			awaitTrue(() -> http.get("/checks").body().split("\"lastPolled\"").length == 4);
			// A result is shown as soon as it is taken in, and written (with its history)
			// by
			// the flusher a moment later: wait for the written state before comparing.
			first.getBean(io.cairn.status.poll.ResultFlusher.class).flush();
			awaitTrue(() -> http.get("/checks/db/history").body().contains("\"to\":\"WARNING\""));
			list = http.get("/check/list").body();
			status = http.get("/status").body();
			history = http.get("/checks/db/history").body();
			assertThat(status).contains("\"status\": \"Warning\"");
		}
		try (ConfigurableApplicationContext second = start(database, "restart-2")) {
			Http http = http(second);
			// The clock has not moved: nothing is due, so this is the stored state.
			assertThat(http.get("/check/list").body()).isEqualTo(list);
			assertThat(http.get("/status").body()).isEqualTo(status);
			assertThat(http.get("/checks/db/history").body()).isEqualTo(history).contains("\"to\":\"WARNING\"");
			assertThat(http.get("/checks/cache").body()).contains("\"tags\":[\"t1\"]")
				.contains("\"jsonpath\":\"a/b/status\"");
		}
	}

	@Test
	void twoReplicasPollEachCheckOncePerIntervalAndBothAnswer() {
		String database = SharedPostgres.newDatabase();
		int count = 30;
		try (ConfigurableApplicationContext a = start(database, "replica-a");
				ConfigurableApplicationContext b = start(database, "replica-b")) {
			Http httpA = http(a);
			Http httpB = http(b);
			for (int i = 0; i < count; i++) {
				httpA.post("/check/add", "{\"id\": \"c" + i + "\", \"url\": \"" + endpoints.url("/slow-r" + i) + "\"}");
			}
			awaitTrue(() -> IntStream.range(0, count).allMatch((i) -> endpoints.hits("/slow-r" + i) >= 1));
			awaitTrue(() -> httpA.get("/status").body().contains("Everything is OK!")
					&& httpB.get("/status").body().equals(httpA.get("/status").body()));
			// The clock has not moved, so nothing can be due again: each check was polled
			// exactly once.
			assertThat(IntStream.range(0, count).map((i) -> endpoints.hits("/slow-r" + i))).containsOnly(1);

			TestBeans.CLOCK.advance(Duration.ofSeconds(31));
			a.getBean(PollScheduler.class).wake();
			b.getBean(PollScheduler.class).wake();
			awaitTrue(() -> IntStream.range(0, count).allMatch((i) -> endpoints.hits("/slow-r" + i) >= 2));
			assertThat(IntStream.range(0, count).map((i) -> endpoints.hits("/slow-r" + i))).containsOnly(2);
			// the endpoints have been asked; wait for the answers to be taken in
			awaitTrue(() -> a.getBean(PollScheduler.class).completedPolls()
					+ b.getBean(PollScheduler.class).completedPolls() == 2L * count);
			long polledByA = a.getBean(PollScheduler.class).completedPolls();
			long polledByB = b.getBean(PollScheduler.class).completedPolls();
			assertThat(polledByA).isPositive();
			assertThat(polledByB).isPositive();

			// replica-a stops: replica-b polls every check
			a.close();
			TestBeans.CLOCK.advance(Duration.ofSeconds(31));
			b.getBean(PollScheduler.class).wake();
			awaitTrue(() -> IntStream.range(0, count).allMatch((i) -> endpoints.hits("/slow-r" + i) >= 3));
			assertThat(IntStream.range(0, count).map((i) -> endpoints.hits("/slow-r" + i))).containsOnly(3);
			assertThat(httpB.get("/status").body()).contains("Everything is OK!");
		}
	}

	static ConfigurableApplicationContext start(String database, String replica) {
		// Command-line arguments, so that they beat application.yaml (server.port=18001).
		return new SpringApplicationBuilder(StatusAggregatorApplication.class, TestBeans.class).run("--server.port=0",
				"--spring.datasource.url=" + database, "--spring.datasource.username=" + SharedPostgres.user(),
				"--cairn.status.replica-id=" + replica, "--cairn.status.sync-interval=100ms",
				"--cairn.status.poll.claim-interval=100ms", "--cairn.status.poll.flush-interval=50ms",
				"--cairn.status.poll.concurrency=2", "--cairn.status.security.allow-loopback=true",
				"--cairn.data-dir=target/test-data");
	}

	static Http http(ConfigurableApplicationContext context) {
		return new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	static void awaitTrue(java.util.function.BooleanSupplier condition) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(condition::getAsBoolean);
	}

}
