package io.cairn.status.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

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
import io.cairn.status.poll.CommandCheckRunner;
import io.cairn.status.poll.HttpCheckFetcher;
import io.cairn.status.poll.PollScheduler;
import io.cairn.status.poll.ResultFlusher;
import io.cairn.status.poll.Thresholds;
import io.cairn.status.testsupport.AppTestSupport;
import io.cairn.status.testsupport.TestBeans;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sync that read its rows just before a change on this replica must not undo it: a
 * deleted check must not come back, and an earlier result must not replace a later one
 * (either would show in {@code /status} until the next sync or result).
 */
class StaleSyncTests extends AppTestSupport {

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JdbcTemplate jdbcTemplate;

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

	@Test
	void rowsReadBeforeALocalDeleteDoNotBringTheCheckBack() {
		this.http.post("/check/add", "{\"id\": \"gone\", \"url\": \"" + endpoints.url("/ok") + "\"}");
		assertThat(this.live.get("gone")).isNotNull();
		// what a sync reads a moment before the delete
		List<StoredChange> readBeforeDelete = this.store.changedSince(0)
			.stream()
			.filter((change) -> change.check().id().equals("gone"))
			.toList();
		assertThat(readBeforeDelete).isNotEmpty();
		this.checks.deleteAll(List.of("gone"));
		assertThat(this.live.get("gone")).isNull();
		CheckStore staleReads = new CheckStore(this.jdbc, this.jdbcTemplate) {

			@Override
			public List<StoredChange> changedSince(long version) {
				return readBeforeDelete;
			}

		};
		ScheduledExecutorService unused = Executors.newSingleThreadScheduledExecutor();
		try {
			ReplicaSync sync = new ReplicaSync(staleReads, this.live, unused, Duration.ofHours(1), Clock.systemUTC());
			sync.syncOnce(); // the first is a full reload, from the database as it is
			sync.syncOnce(); // then the rows read before the delete are applied
		}
		finally {
			unused.shutdownNow();
		}
		assertThat(this.live.get("gone")).as("a deleted check put back by a stale sync").isNull();
	}

	@Test
	void thisReplicasEarlierResultReadBackFromItsRowDoesNotReplaceALaterOne() {
		// A replica of real parts on this database, driven by hand: its sync, flusher and
		// recording of results run in the order that showed a stale Consul state in
		// IntegrationsTests, and nothing runs in the background.
		LiveChecks view = new LiveChecks(TestBeans.CLOCK, new StaleRule(Duration.ofSeconds(30), 3));
		ScheduledExecutorService unused = Executors.newSingleThreadScheduledExecutor();
		try {
			ReplicaSync sync = new ReplicaSync(this.store, view, unused, Duration.ofHours(1), TestBeans.CLOCK);
			ResultFlusher writes = new ResultFlusher(this.store, unused, 50);
			PollScheduler results = new PollScheduler(this.store, view, this.fetcher, this.commands,
					new Thresholds(1, 1), writes, this.metrics, this.properties, TestBeans.CLOCK, "test-echo");
			// a check a source reports states for (as Consul's are): nothing polls it
			this.checks.save(new CheckDefinition("consul-echo", CheckKind.EXTERNAL, "consul:echo", null, null,
					CheckSource.CONSUL, List.of("consul"), null, null, null, null, null, 0, TestBeans.CLOCK.instant()));
			sync.syncOnce();
			// two rounds of the source in one instant (the clock has not moved), the
			// first
			// written before the second is taken in
			Instant now = TestBeans.CLOCK.instant();
			results.record("consul-echo", PollResult.of(CheckStatus.CRITICAL, "serfHealth critical", null, now, 1));
			writes.flush();
			results.record("consul-echo", PollResult.of(CheckStatus.OK, "All 1 Consul checks passing", null, now, 1));
			// then the sync reads the first one's row
			sync.syncOnce();
			assertThat(view.get("consul-echo").state().message()).isEqualTo("All 1 Consul checks passing");
			writes.flush();
			sync.syncOnce();
			assertThat(view.get("consul-echo").state().message()).isEqualTo("All 1 Consul checks passing");
		}
		finally {
			unused.shutdownNow();
			this.checks.deleteAll(List.of("consul-echo"));
		}
	}

}
