package io.cairn.status.store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.cairn.status.aggregate.ReplicaSync;
import io.cairn.status.testsupport.AppTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sync that read its rows just before a delete on this replica must not put the deleted
 * check back into the live view (it would show in {@code /status} until the next sync).
 */
class StaleSyncTests extends AppTestSupport {

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JdbcTemplate jdbcTemplate;

	@Autowired
	private CheckStore store;

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

}
