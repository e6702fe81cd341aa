package io.cairn.bridge.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The cap on automatic retries after failed or partial syncs, with a first back-off of 10
 * ms instead of 1 s. No periodic sync is started, so only the first request, the retries
 * and the test's own requests run syncs; the interval (20 ms) only caps the back-off, so
 * that retries, were they not capped, would follow one another every 20 ms or so and the
 * quiet window would see many of them.
 */
class SyncSchedulerTests {

	private static final Duration FIRST_RETRY = Duration.ofMillis(10);

	private static final Duration LONGEST_RETRY = Duration.ofMillis(20);

	/** The shortest time the count must stay put to show that no retry follows. */
	private static final Duration QUIET = Duration.ofMillis(500);

	private static final String RETRY = "retry after a failed sync";

	private final List<Ran> ran = new CopyOnWriteArrayList<>();

	@ParameterizedTest
	@ValueSource(strings = { "failed", "partial" })
	void aLastingFailureIsRetriedFiveTimesThenWaitsForTheNextRequest(String outcome) throws Exception {
		try (SyncScheduler scheduler = start((n) -> outcome)) {
			scheduler.request("test", false);
			awaitSyncsThenQuiet(1 + SyncScheduler.MAX_RETRIES);
			assertThat(triggers()).containsExactly("test", retry(outcome), retry(outcome), retry(outcome),
					retry(outcome), retry(outcome));
			// The scheduler is not stuck: a request still runs a sync, and that one,
			// failing again, is not retried either (the failures in a row are still over
			// the cap).
			assertThat(scheduler.request("api", false).get(5, TimeUnit.SECONDS).outcome().value()).isEqualTo(outcome);
			awaitSyncsThenQuiet(2 + SyncScheduler.MAX_RETRIES);
			assertThat(triggers()).last().isEqualTo("api");
		}
	}

	@Test
	void aSuccessAfterTheCapResetsTheCount() throws Exception {
		int capped = 1 + SyncScheduler.MAX_RETRIES;
		try (SyncScheduler scheduler = start((n) -> (n == capped + 1) ? "success" : "failed")) {
			scheduler.request("test", false);
			awaitSyncsThenQuiet(capped);
			assertThat(scheduler.request("api", false).get(5, TimeUnit.SECONDS).outcome().value()).isEqualTo("success");
			awaitSyncsThenQuiet(capped + 1);
			scheduler.request("api", false);
			awaitSyncsThenQuiet(capped + 1 + capped);
			assertThat(triggers().subList(capped + 1, triggers().size())).containsExactly("api", RETRY, RETRY, RETRY,
					RETRY, RETRY);
		}
	}

	@Test
	void aRetryThatSucceedsResetsTheCount() throws Exception {
		// The third retry succeeds: had the three failures before it still counted, the
		// next failure would get only two retries.
		try (SyncScheduler scheduler = start((n) -> (n == 4) ? "success" : "failed")) {
			scheduler.request("test", false);
			awaitSyncsThenQuiet(4);
			assertThat(triggers()).containsExactly("test", RETRY, RETRY, RETRY);
			scheduler.request("api", false);
			awaitSyncsThenQuiet(4 + 1 + SyncScheduler.MAX_RETRIES);
			assertThat(triggers().subList(4, triggers().size())).containsExactly("api", RETRY, RETRY, RETRY, RETRY,
					RETRY);
		}
	}

	@Test
	void theFirstBackOffIsAtLeastAMillisecond() {
		// Delays are whole milliseconds: a shorter first back-off would retry at once.
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SyncScheduler((trigger, force) -> result(trigger, "success"), Duration.ZERO,
					Duration.ofNanos(500_000)));
	}

	private SyncScheduler start(IntFunction<String> outcomeOfSync) {
		return new SyncScheduler((trigger, force) -> {
			int n = this.ran.size() + 1;
			this.ran.add(new Ran(trigger, System.nanoTime()));
			return result(trigger, outcomeOfSync.apply(n));
		}, LONGEST_RETRY, FIRST_RETRY);
	}

	/**
	 * Wait until {@code count} syncs have run, then check that no other follows for a
	 * while. The while is long enough to cover several more back-offs at the pace the
	 * retries actually kept on this machine (it may be slow or busy), so that a missing
	 * or late cap cannot pass unseen.
	 */
	private void awaitSyncsThenQuiet(int count) {
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(triggers()).as("syncs run").hasSizeGreaterThanOrEqualTo(count));
		assertThat(triggers()).as("syncs run").hasSize(count);
		Duration quiet = QUIET;
		for (int i = 1; i < count; i++) {
			Duration gap = Duration.ofNanos(this.ran.get(i).nanos() - this.ran.get(i - 1).nanos());
			if (triggers().get(i).startsWith("retry") && gap.multipliedBy(5).compareTo(quiet) > 0) {
				quiet = gap.multipliedBy(5);
			}
		}
		await().during(quiet)
			.atMost(quiet.plusSeconds(5))
			.failFast(() -> assertThat(triggers()).as("syncs run").hasSize(count))
			.untilAsserted(() -> assertThat(triggers()).as("syncs run").hasSize(count));
	}

	private List<String> triggers() {
		return this.ran.stream().map(Ran::trigger).toList();
	}

	private static String retry(String outcome) {
		return "retry after a " + outcome + " sync";
	}

	private static SyncResult result(String trigger, String outcome) {
		SyncOutcome typed = Arrays.stream(SyncOutcome.values())
			.filter((candidate) -> candidate.value().equals(outcome))
			.findFirst()
			.orElseThrow();
		return new SyncResult(trigger, Instant.now(), Duration.ZERO, typed, 0, 0, 0, 0, List.of(), 0, 0, 0, 0, 0, 0,
				false, outcome.equals("success") ? List.of() : List.of("simulated"), List.of());
	}

	private record Ran(String trigger, long nanos) {

	}

}
