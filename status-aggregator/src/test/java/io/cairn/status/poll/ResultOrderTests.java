package io.cairn.status.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.aggregate.ReplicaSync;
import io.cairn.status.aggregate.StatusMetrics;
import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckSource;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;
import io.cairn.status.check.StaleRule;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.store.CheckStore;
import io.cairn.status.testsupport.AppTestSupport;
import io.cairn.status.testsupport.TestBeans;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results are shown and written in the order they were observed, whatever order the sync,
 * the flusher and the results themselves arrive in. A second replica of real parts on the
 * app's database, driven by hand, so that nothing runs in the background and each test
 * sets the order.
 */
class ResultOrderTests extends AppTestSupport {

	private static final String ID = "consul-order";

	@Autowired
	private CheckStore store;

	@Autowired
	private HttpCheckFetcher fetcher;

	@Autowired
	private CommandCheckRunner commands;

	@Autowired
	private StatusMetrics metrics;

	@Autowired
	private StatusProperties properties;

	private final ScheduledExecutorService unused = Executors.newSingleThreadScheduledExecutor();

	private LiveChecks view;

	private ReplicaSync sync;

	private ResultFlusher writes;

	private PollScheduler results;

	@BeforeEach
	void handDrivenReplica() {
		this.view = new LiveChecks(TestBeans.CLOCK, new StaleRule(Duration.ofSeconds(30), 3));
		this.sync = new ReplicaSync(this.store, this.view, this.unused, Duration.ofHours(1), TestBeans.CLOCK);
		this.writes = new ResultFlusher(this.store, this.unused, 50);
		this.results = new PollScheduler(this.store, this.view, this.fetcher, this.commands, new Thresholds(1, 1),
				this.writes, this.metrics, this.properties, TestBeans.CLOCK, "test-order");
		// a check a source reports states for (as Consul's are): nothing polls it
		this.checks.save(new CheckDefinition(ID, CheckKind.EXTERNAL, "consul:order", null, null, CheckSource.CONSUL,
				List.of("consul"), null, null, null, null, null, 0, TestBeans.CLOCK.instant()));
		this.sync.syncOnce();
	}

	@AfterEach
	void stop() {
		this.unused.shutdownNow();
		this.checks.deleteAll(List.of(ID));
	}

	@Test
	void thisReplicasEarlierResultReadBackFromItsRowDoesNotReplaceALaterOne() {
		// IntegrationsTests.consulServicesBecomeOneCheckEachWithTheirWorstState, in the
		// order that made it fail: two rounds of the source in one instant (the clock has
		// not moved), the first written before the second is taken in, then the sync
		// reads the first one's row
		Instant now = TestBeans.CLOCK.instant();
		this.results.record(ID, PollResult.of(CheckStatus.CRITICAL, "serfHealth critical", null, now, 1));
		this.writes.flush();
		this.results.record(ID, PollResult.of(CheckStatus.OK, "All 1 Consul checks passing", null, now, 1));
		this.sync.syncOnce();
		assertThat(this.view.get(ID).state().message()).isEqualTo("All 1 Consul checks passing");
		this.writes.flush();
		this.sync.syncOnce();
		assertThat(this.view.get(ID).state().message()).isEqualTo("All 1 Consul checks passing");
	}

	@Test
	void resultsOfOneCheckRecordedAtOnceAreEachCountedOnceAndTheRowHoldsTheOneShown() throws Exception {
		// a failure threshold no test reaches: every failing result adds one to the
		// streak, so a result taken in from a stale state would lose a count
		PollScheduler counting = new PollScheduler(this.store, this.view, this.fetcher, this.commands,
				new Thresholds(1_000_000, 1), this.writes, this.metrics, this.properties, TestBeans.CLOCK,
				"test-order");
		Instant now = TestBeans.CLOCK.instant();
		counting.record(ID, PollResult.of(CheckStatus.OK, "fine", null, now, 1));
		int threads = 4;
		int each = 500;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < each; i++) {
						counting.record(ID, PollResult.of(CheckStatus.CRITICAL, "down", null, now, 1));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.view.get(ID).state().streak()).isEqualTo(threads * each);
		this.writes.flush();
		assertThat(this.store.find(ID).orElseThrow().state()).isEqualTo(this.view.get(ID).state());
	}

	@Test
	void aResultObservedBeforeTheOneShownIsNeitherShownNorWritten() {
		Instant now = TestBeans.CLOCK.instant();
		this.results.record(ID, PollResult.of(CheckStatus.OK, "newer", null, now.plusSeconds(1), 1));
		// a poll that finished earlier, recorded later
		this.results.record(ID, PollResult.of(CheckStatus.CRITICAL, "older", null, now, 1));
		assertThat(this.view.get(ID).state().message()).isEqualTo("newer");
		this.writes.flush();
		assertThat(this.store.find(ID).orElseThrow().state().message()).isEqualTo("newer");
		// and no replica reads the older one back
		this.sync.syncOnce();
		assertThat(this.view.get(ID).state().message()).isEqualTo("newer");
	}

}
