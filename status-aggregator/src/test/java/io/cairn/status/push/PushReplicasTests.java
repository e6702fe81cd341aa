package io.cairn.status.push;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.cairn.status.StatusAggregatorApplication;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.testsupport.Http;
import io.cairn.status.testsupport.TestBeans;
import io.cairn.support.test.SharedPostgres;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas on one PostgreSQL: a check created on one takes a report through the
 * other, both show it, and a replica started afterwards still does (the report is stored,
 * not held in memory).
 */
class PushReplicasTests {

	@Test
	void aReportTakenByOneReplicaIsSeenByBothAndSurvivesARestart() {
		String database = SharedPostgres.newDatabase();
		String token;
		try (ConfigurableApplicationContext a = start(database, "push-a");
				ConfigurableApplicationContext b = start(database, "push-b")) {
			HttpResponse<String> created = post(a, "/checks", null, "{\"id\": \"job\", \"push\": {\"ttl\": \"1h\"}}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			token = PushCheckTests.token(created);
			awaitTrue(() -> b.getBean(LiveChecks.class).get("job") != null);
			// The tests' clock stands still unless moved: without this, the report's poll
			// and the first poll (either replica's) would be observed at the same
			// instant,
			// a tie that each replica settles for its own result (LiveChecks), which real
			// clocks never produce.
			TestBeans.CLOCK.advance(Duration.ofSeconds(1));
			HttpResponse<String> reported = post(b, "/checks/job/report", token,
					"{\"status\": \"Warning\", \"message\": \"queue is long\"}");
			assertThat(reported.statusCode()).as(reported.body()).isEqualTo(200);
			awaitTrue(() -> shows(a, "job", CheckStatus.WARNING, "queue is long")
					&& shows(b, "job", CheckStatus.WARNING, "queue is long"));
		}
		try (ConfigurableApplicationContext c = start(database, "push-c")) {
			awaitTrue(() -> shows(c, "job", CheckStatus.WARNING, "queue is long"));
			c.getBean(io.cairn.status.service.CheckService.class).pollNow("job");
			awaitTrue(() -> c.getBean(io.cairn.status.poll.PollScheduler.class).completedPolls() > 0);
			assertThat(shows(c, "job", CheckStatus.WARNING, "queue is long")).isTrue();
			TestBeans.CLOCK.advance(Duration.ofSeconds(1));
			HttpResponse<String> again = post(c, "/checks/job/report", token, "{\"status\": \"OK\"}");
			assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
			awaitTrue(() -> shows(c, "job", CheckStatus.OK, ""));
		}
	}

	private static boolean shows(ConfigurableApplicationContext context, String id, CheckStatus status,
			String message) {
		TrackedCheck check = context.getBean(LiveChecks.class).get(id);
		return check != null && check.state().status() == status && check.state().message().equals(message);
	}

	private static HttpResponse<String> post(ConfigurableApplicationContext context, String path, String token,
			String body) {
		Http http = new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
		HttpRequest.Builder request = http.request(path)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build());
	}

	static ConfigurableApplicationContext start(String database, String replica) {
		// Command-line arguments, so that they beat application.yaml (server.port=18001).
		// No write token: writes from loopback are accepted, reports carry the push
		// token.
		return new SpringApplicationBuilder(StatusAggregatorApplication.class, TestBeans.class).run("--server.port=0",
				"--spring.datasource.url=" + database, "--spring.datasource.username=" + SharedPostgres.user(),
				"--cairn.status.replica-id=" + replica, "--cairn.status.sync-interval=100ms",
				"--cairn.status.poll.claim-interval=100ms", "--cairn.status.poll.flush-interval=50ms",
				"--cairn.status.poll.concurrency=2", "--cairn.status.security.allow-loopback=true",
				"--cairn.data-dir=target/test-data");
	}

	static void awaitTrue(java.util.function.BooleanSupplier condition) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(condition::getAsBoolean);
	}

}
