package io.cairn.status.abuse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckSource;
import io.cairn.status.service.NewCheck;
import io.cairn.status.testsupport.AppTestBase;
import io.cairn.status.testsupport.CheckEndpoints;
import io.cairn.status.testsupport.TestBeans;
import io.cairn.status.testsupport.TricklingServer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review's poller starvation (security.md H5b): targets that answer just under the
 * timeout, a byte at a time, held every main-lane poller, since only a poll that timed
 * out moved a check to the slow lane and every new check started in the main lane. Small
 * lanes and a long timeout make the starvation reachable in a test: four main-lane
 * pollers, two slow-lane, two first-poll, polls of up to a minute.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cairn.status.replica-id=test-pollers", "cairn.status.sync-interval=200ms",
				"cairn.status.poll.claim-interval=100ms", "cairn.status.poll.flush-interval=50ms",
				"cairn.status.poll.connect-timeout=1s", "cairn.status.poll.read-timeout=10s",
				"cairn.status.poll.timeout=60s", "cairn.status.poll.concurrency=4",
				"cairn.status.poll.slow-lane-concurrency=2", "cairn.status.poll.first-poll-concurrency=2",
				"cairn.status.security.allow-loopback=true", "cairn.data-dir=target/test-data" })
@Import(TestBeans.class)
class PollerAbuseTests extends AppTestBase {

	static final CheckEndpoints endpoints = new CheckEndpoints();

	static final TricklingServer trickling = new TricklingServer();

	@AfterAll
	static void stop() {
		trickling.close();
		endpoints.close();
	}

	@Test
	void h5TricklingTargetsCannotStarveThePollers() {
		this.checks.register(NewCheck.of("steady", endpoints.url("/ok-steady")), CheckSource.API);
		// targets that answer at once at first (so they earn the main lane), then trickle
		List<String> fickle = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			fickle.add("fickle-" + i);
			this.checks.register(NewCheck.of("fickle-" + i, trickling.url("/fickle-" + i)), CheckSource.API);
		}
		awaitPolled("steady");
		fickle.forEach(this::awaitPolled);
		trickling.fickle(true);
		// and a stream of new checks pointing at targets that trickle from the start
		for (int i = 0; i < 12; i++) {
			this.checks.register(NewCheck.of("trickle-" + i, trickling.url("/trickle-" + i)), CheckSource.API);
		}
		awaitTrue(() -> trickling.open() >= 2);

		// every check is due again: the fickle ones trickle now
		TestBeans.CLOCK.advance(Duration.ofSeconds(31));
		Instant due = TestBeans.CLOCK.instant();
		this.scheduler.wake();
		awaitTrue(() -> due.equals(this.live.get("steady").state().polledAt()));
		// the fickle checks were cut short in the main lane and wait in the slow lane
		awaitTrue(() -> this.scheduler.slowChecks().containsAll(fickle));
		awaitTrue(() -> this.scheduler.busy().get("main") == 0);
		// while every trickle is still held: in its own lanes, not in the main one
		assertThat(this.scheduler.busy().get("slow")).isEqualTo(2);
		assertThat(this.scheduler.busy().get("firstPoll")).isEqualTo(2);
		assertThat(trickling.open()).isGreaterThanOrEqualTo(4);

		// and polling goes on for the healthy: the next interval too
		TestBeans.CLOCK.advance(Duration.ofSeconds(31));
		Instant next = TestBeans.CLOCK.instant();
		this.scheduler.wake();
		awaitTrue(() -> next.equals(this.live.get("steady").state().polledAt()));
	}

}
