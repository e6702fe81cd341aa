package io.cairn.status.abuse;

import java.util.List;
import java.util.Map;

import io.cairn.status.testsupport.AppTestBase;
import io.cairn.status.testsupport.CheckEndpoints;
import io.cairn.status.testsupport.TestBeans;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The context the API abuse and fuzz tests share: the app as it ships (documents and
 * failure reasons hidden, writes from this host only), except that loopback targets are
 * allowed (the test endpoints listen on loopback, and {@code ./cairn up} allows them the
 * same way) and the number of checks is capped low enough to reach.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cairn.status.replica-id=test-abuse", "cairn.status.sync-interval=200ms",
				"cairn.status.poll.claim-interval=100ms", "cairn.status.poll.flush-interval=50ms",
				"cairn.status.poll.connect-timeout=1s", "cairn.status.poll.read-timeout=1s",
				"cairn.status.poll.timeout=2s", "cairn.status.poll.max-response-size=16KB",
				"cairn.status.security.allow-loopback=true", "cairn.status.limits.max-checks=30",
				"cairn.data-dir=target/test-data" })
@Import(TestBeans.class)
abstract class AbuseTestSupport extends AppTestBase {

	/** One set of endpoints for the abuse tests. */
	protected static final CheckEndpoints endpoints = new CheckEndpoints();

	@Autowired
	protected JdbcClient jdbc;

	/**
	 * Every stored check's definition and schedule (not its results, which polls change):
	 * what a refused write must leave as it was.
	 */
	protected List<Map<String, Object>> definitions() {
		return this.jdbc
			.sql("SELECT id, kind, target, json_path, status_override, source, array_to_string(tags, ',') AS tags, "
					+ "interval_ms, muted_until, maintenance_until, note, deleted, next_poll_at "
					+ "FROM status_check ORDER BY id")
			.query()
			.listOfRows();
	}

	/**
	 * How many transitions the history holds.
	 */
	protected long historyRows() {
		return this.jdbc.sql("SELECT count(*) FROM status_history").query(Long.class).single();
	}

}
