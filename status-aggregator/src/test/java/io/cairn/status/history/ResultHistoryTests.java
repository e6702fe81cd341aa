package io.cairn.status.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.testsupport.AppTestSupport;
import io.cairn.status.testsupport.TestBeans;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The result history on a real PostgreSQL: every poll's outcome and response time is
 * written off the polling path, finished hours roll up into hourly rows, late results
 * roll the hour up again, and retention prunes raw and hourly rows; a full queue drops
 * and counts instead of waiting.
 */
class ResultHistoryTests extends AppTestSupport {

	@Autowired
	HistoryStore store;

	@Autowired
	ResultHistory history;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Clock clock;

	@Test
	void everyPollResultIsKeptWithItsOutcomeAndResponseTime() {
		endpoints.answer("hist-poll", 200, "{\"status\": \"OK\", \"message\": \"up\"}");
		this.http.post("/checks", "{\"id\": \"hist-poll\", \"url\": \"" + endpoints.url("/dynamic/hist-poll")
				+ "\", \"interval\": \"1h\"}");
		awaitPolled("hist-poll");
		for (int i = 0; i < 2; i++) {
			TestBeans.CLOCK.advance(Duration.ofSeconds(1));
			long polls = this.scheduler.completedPolls();
			this.checks.pollNow("hist-poll");
			awaitTrue(() -> this.scheduler.completedPolls() > polls);
		}
		endpoints.answer("hist-poll", 200, "{\"status\": \"Critical\", \"message\": \"down\"}");
		TestBeans.CLOCK.advance(Duration.ofSeconds(1));
		this.checks.pollNow("hist-poll");
		// three OK results, then a Critical one (Nagios code 2), each with its response
		// time
		awaitTrue(() -> rows("hist-poll", 0) == 3 && rows("hist-poll", 2) == 1);
		assertThat(this.jdbc.sql("SELECT min(response_ms) FROM status_result WHERE check_id = 'hist-poll'")
			.query(Integer.class)
			.single()).isGreaterThanOrEqualTo(0);
		ResultTally tally = this.store.tally(List.of("hist-poll"), this.clock.instant().minus(Duration.ofDays(1)),
				this.clock.instant());
		assertThat(tally.ok()).isEqualTo(3);
		assertThat(tally.critical()).isEqualTo(1);
		assertThat(tally.uptimePercent()).isEqualTo(75.0);
		assertThat(tally.percentile(0.99)).isNotNull();
	}

	@Test
	void finishedHoursRollUpLateResultsRollUpAgainAndRetentionPrunesBoth() {
		Instant hour = this.clock.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
		Instant now = hour.plus(Duration.ofMinutes(90));
		this.store.insert(List.of(new ResultSample("hist-a", hour.plusSeconds(300), CheckStatus.OK, 20),
				new ResultSample("hist-a", hour.plusSeconds(1200), CheckStatus.CRITICAL, 600),
				new ResultSample("hist-b", hour.plusSeconds(1300), CheckStatus.WARNING, 7),
				new ResultSample("hist-a", hour.plus(Duration.ofMinutes(70)), CheckStatus.OK, 3)));
		this.store.rollUp(now, now.minus(Duration.ofDays(1)));
		assertThat(hourly("hist-a", hour)).containsExactly(1L, 0L, 1L, 0L, 620L, 20L, 600L);
		assertThat(hourly("hist-b", hour)).containsExactly(0L, 1L, 0L, 0L, 7L, 7L, 7L);
		// the hour in progress is not rolled up yet
		assertThat(hourly("hist-a", hour.plus(Duration.ofHours(1)))).isEmpty();
		ResultTally a = this.store.tally(List.of("hist-a"), now.minus(Duration.ofDays(1)), now);
		assertThat(List.of(a.ok(), a.critical(), a.responseSum(), a.responseMin(), a.responseMax())).containsExactly(2L,
				1L, 623L, 3L, 600L);
		ResultTally both = this.store.tally(List.of("hist-a", "hist-b"), now.minus(Duration.ofDays(1)), now);
		assertThat(both.total()).isEqualTo(4);
		assertThat(both.uptimePercent()).isEqualTo(75.0);

		// a result of the finished hour written late (a database outage) counts at once
		// and rolls the hour up again
		this.store.insert(List.of(new ResultSample("hist-a", hour.plusSeconds(3000), CheckStatus.UNKNOWN, 40)));
		assertThat(this.store.tally(List.of("hist-a"), now.minus(Duration.ofDays(1)), now).total()).isEqualTo(4);
		this.store.rollUp(now, now.minus(Duration.ofDays(1)));
		assertThat(hourly("hist-a", hour)).containsExactly(1L, 0L, 1L, 1L, 660L, 20L, 600L);
		assertThat(this.store.tally(List.of("hist-a"), now.minus(Duration.ofDays(1)), now).total()).isEqualTo(4);

		// raw results past their retention go; the hourly rows still count them
		this.store.prune(hour.plus(Duration.ofHours(1)), hour.minus(Duration.ofDays(90)));
		assertThat(this.jdbc.sql("SELECT count(*) FROM status_result WHERE check_id = 'hist-a' AND at < ?")
			.param(java.sql.Timestamp.from(hour.plus(Duration.ofHours(1))))
			.query(Long.class)
			.single()).isZero();
		assertThat(this.store.tally(List.of("hist-a"), now.minus(Duration.ofDays(1)), now).total()).isEqualTo(4);
		// hourly rows past theirs go too
		this.store.prune(hour.plus(Duration.ofHours(1)), hour.plus(Duration.ofHours(1)));
		assertThat(hourly("hist-a", hour)).isEmpty();
		assertThat(this.store.tally(List.of("hist-a"), now.minus(Duration.ofDays(1)), now).total()).isEqualTo(1);
	}

	@Test
	void aFullQueueDropsAndCountsInsteadOfWaiting() {
		ScheduledExecutorService unused = Executors.newSingleThreadScheduledExecutor();
		try {
			ResultHistory small = new ResultHistory(this.store, unused, 1000, 1000);
			Instant at = this.clock.instant();
			for (int i = 0; i < 1001; i++) {
				small.offer(new ResultSample("hist-full", at.plusMillis(i), CheckStatus.OK, 1));
			}
			assertThat(small.dropped()).isEqualTo(1);
			assertThat(small.queued()).isEqualTo(1000);
			small.flush();
			assertThat(small.written()).isEqualTo(1000);
			assertThat(this.jdbc.sql("SELECT count(*) FROM status_result WHERE check_id = 'hist-full'")
				.query(Long.class)
				.single()).isEqualTo(1000);
		}
		finally {
			unused.shutdownNow();
		}
		assertThat(this.meters.find("cairn.status.history.results.dropped").functionCounter()).isNotNull();
		assertThat(this.meters.find("cairn.status.history.results.queued").gauge()).isNotNull();
	}

	private long rows(String id, int status) {
		return this.jdbc.sql("SELECT count(*) FROM status_result WHERE check_id = ? AND status = ?")
			.params(id, status)
			.query(Long.class)
			.single();
	}

	private List<Long> hourly(String id, Instant hour) {
		List<Long> values = new ArrayList<>();
		this.jdbc
			.sql("SELECT ok, warning, critical, unknown, response_sum, response_min, response_max "
					+ "FROM status_result_hourly WHERE check_id = ? AND hour = ?")
			.params(id, java.sql.Timestamp.from(hour))
			.query((java.sql.ResultSet rs) -> {
				for (int i = 1; i <= 7; i++) {
					values.add(rs.getLong(i));
				}
			});
		return values;
	}

}
