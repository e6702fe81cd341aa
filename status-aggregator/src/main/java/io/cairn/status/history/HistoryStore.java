package io.cairn.status.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.cairn.status.check.CheckStatus;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The result history in PostgreSQL ({@code V5__result_history.sql}): raw results, their
 * hourly roll-ups, and the tallies the API reads. Each public method is one transaction.
 */
public class HistoryStore {

	/** The bucket bounds as PostgreSQL's {@code width_bucket} takes them. */
	private static final String BOUNDS = boundsLiteral();

	/** {@code count(*) FILTER (WHERE width_bucket(...) = i)} for every bucket. */
	private static final String RAW_BUCKETS = rawBuckets(true);

	/** The same, as the elements of an array. */
	private static final String RAW_BUCKET_ARRAY = rawBuckets(false);

	/** {@code sum(buckets[i])} for every bucket. */
	private static final String HOURLY_BUCKETS = hourlyBuckets();

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	/**
	 * Create the store.
	 * @param jdbc statements
	 * @param jdbcTemplate batches
	 */
	public HistoryStore(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * Write raw results and mark their hours for the roll-up, in one transaction. The
	 * marks come first and take their row locks, so that a roll-up running meanwhile
	 * waits for this write (see the migration).
	 * @param samples the results
	 */
	@Transactional
	public void insert(List<ResultSample> samples) {
		if (samples.isEmpty()) {
			return;
		}
		TreeSet<Instant> hours = new TreeSet<>();
		for (ResultSample sample : samples) {
			hours.add(sample.at().truncatedTo(ChronoUnit.HOURS));
		}
		// in order, so two writers never wait for each other's marks crosswise
		for (Instant hour : hours) {
			this.jdbc.sql(
					"INSERT INTO status_result_dirty (hour) VALUES (?) ON CONFLICT (hour) DO UPDATE SET hour = EXCLUDED.hour")
				.param(utc(hour))
				.update();
		}
		this.jdbcTemplate.batchUpdate(
				"INSERT INTO status_result (check_id, at, status, response_ms) VALUES (?, ?, ?, ?)", samples,
				samples.size(), (ps, sample) -> {
					ps.setString(1, sample.checkId());
					ps.setObject(2, utc(sample.at()));
					ps.setShort(3, (short) sample.status().nagiosCode());
					ps.setInt(4, (int) Math.min(Math.max(sample.responseMillis(), 0), Integer.MAX_VALUE));
				});
	}

	/**
	 * Roll the finished hours that got results since their last roll-up into hourly rows
	 * (replacing what an earlier roll-up of the same hour wrote). Hours partly pruned
	 * already are not rolled up again: their hourly rows stay as they were.
	 * @param now the time
	 * @param rawCutoff raw results before this are pruned (or about to be)
	 * @return the hours rolled up
	 */
	@Transactional
	public List<Instant> rollUp(Instant now, Instant rawCutoff) {
		Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
		List<Instant> marked = this.jdbc.sql("DELETE FROM status_result_dirty WHERE hour < ? RETURNING hour")
			.param(utc(currentHour))
			.query((rs, row) -> instant(rs, "hour"))
			.list();
		List<Instant> rolled = new ArrayList<>();
		for (Instant hour : new TreeSet<>(marked)) {
			if (hour.isBefore(rawCutoff)) {
				continue;
			}
			this.jdbc.sql("INSERT INTO status_result_hourly (check_id, hour, ok, warning, critical, unknown, "
					+ "response_sum, response_min, response_max, buckets) SELECT check_id, ?, "
					+ "count(*) FILTER (WHERE status = 0), count(*) FILTER (WHERE status = 1), "
					+ "count(*) FILTER (WHERE status = 2), count(*) FILTER (WHERE status = 3), "
					+ "sum(response_ms), min(response_ms), max(response_ms), ARRAY[" + RAW_BUCKET_ARRAY
					+ "]::integer[] " + "FROM status_result WHERE at >= ? AND at < ? GROUP BY check_id "
					+ "ON CONFLICT (check_id, hour) DO UPDATE SET ok = EXCLUDED.ok, warning = EXCLUDED.warning, "
					+ "critical = EXCLUDED.critical, unknown = EXCLUDED.unknown, response_sum = EXCLUDED.response_sum, "
					+ "response_min = EXCLUDED.response_min, response_max = EXCLUDED.response_max, "
					+ "buckets = EXCLUDED.buckets")
				.params(utc(hour), utc(hour), utc(hour.plus(1, ChronoUnit.HOURS)))
				.update();
			rolled.add(hour);
		}
		return rolled;
	}

	/**
	 * Delete raw results and hourly rows past their retention.
	 * @param rawCutoff raw results before this go
	 * @param hourlyCutoff hourly rows of hours starting before this go
	 * @return how many rows were deleted
	 */
	@Transactional
	public int prune(Instant rawCutoff, Instant hourlyCutoff) {
		int raw = this.jdbc.sql("DELETE FROM status_result WHERE at < ?").param(utc(rawCutoff)).update();
		int hourly = this.jdbc.sql("DELETE FROM status_result_hourly WHERE hour < ?").param(utc(hourlyCutoff)).update();
		return raw + hourly;
	}

	/**
	 * The results of some checks since a time, summed: hourly rows for the hours rolled
	 * up, raw results for the rest (the hour in progress, and hours not rolled up yet).
	 * Read in one snapshot, so a roll-up running meanwhile is counted once.
	 * @param checkIds the checks
	 * @param from the start of the window (the hourly part starts at its hour)
	 * @param now the end
	 * @return the tally
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public ResultTally tally(Collection<String> checkIds, Instant from, Instant now) {
		if (checkIds.isEmpty()) {
			return ResultTally.EMPTY;
		}
		String[] ids = checkIds.toArray(String[]::new);
		Instant rawFrom = rawFrom(from, now);
		ResultTally hourly = this.jdbc
			.sql("SELECT sum(ok) AS ok, sum(warning) AS warning, sum(critical) AS critical, sum(unknown) AS unknown, "
					+ "sum(response_sum) AS response_sum, min(response_min) AS response_min, "
					+ "max(response_max) AS response_max, " + HOURLY_BUCKETS
					+ " FROM status_result_hourly WHERE check_id = ANY(?) AND hour >= ? AND hour < ?")
			.params(ids, utc(from.truncatedTo(ChronoUnit.HOURS)), utc(rawFrom))
			.query(HistoryStore::tallyRow)
			.single();
		ResultTally raw = this.jdbc
			.sql("SELECT count(*) FILTER (WHERE status = 0) AS ok, count(*) FILTER (WHERE status = 1) AS warning, "
					+ "count(*) FILTER (WHERE status = 2) AS critical, count(*) FILTER (WHERE status = 3) AS unknown, "
					+ "sum(response_ms) AS response_sum, min(response_ms) AS response_min, "
					+ "max(response_ms) AS response_max, " + RAW_BUCKETS
					+ " FROM status_result WHERE check_id = ANY(?) AND at >= ? AND at <= ?")
			.params(ids, utc(rawFrom.isAfter(from) ? rawFrom : from), utc(now))
			.query(HistoryStore::tallyRow)
			.single();
		return hourly.plus(raw);
	}

	/**
	 * Results per outcome of every check since a time (no response times: what uptime
	 * bars need), read as {@link #tally} reads them.
	 * @param from the start of the window
	 * @param now the end
	 * @return counts by check id: OK, Warning, Critical, Unknown
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public Map<String, long[]> countsByCheck(Instant from, Instant now) {
		Instant rawFrom = rawFrom(from, now);
		Map<String, long[]> counts = new HashMap<>();
		this.jdbc
			.sql("SELECT check_id, sum(ok), sum(warning), sum(critical), sum(unknown) FROM status_result_hourly "
					+ "WHERE hour >= ? AND hour < ? GROUP BY check_id")
			.params(utc(from.truncatedTo(ChronoUnit.HOURS)), utc(rawFrom))
			.query((ResultSet rs) -> {
				add(counts, rs);
			});
		this.jdbc
			.sql("SELECT check_id, count(*) FILTER (WHERE status = 0), count(*) FILTER (WHERE status = 1), "
					+ "count(*) FILTER (WHERE status = 2), count(*) FILTER (WHERE status = 3) FROM status_result "
					+ "WHERE at >= ? AND at <= ? GROUP BY check_id")
			.params(utc(rawFrom.isAfter(from) ? rawFrom : from), utc(now))
			.query((ResultSet rs) -> {
				add(counts, rs);
			});
		return counts;
	}

	/**
	 * Where raw results take over from hourly rows: the oldest hour still marked for the
	 * roll-up, or the hour in progress.
	 */
	private Instant rawFrom(Instant from, Instant now) {
		Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
		List<Instant> oldest = this.jdbc.sql("SELECT min(hour) AS hour FROM status_result_dirty WHERE hour >= ?")
			.param(utc(from.truncatedTo(ChronoUnit.HOURS)))
			.query((rs, row) -> {
				OffsetDateTime hour = rs.getObject("hour", OffsetDateTime.class);
				return (hour != null) ? hour.toInstant() : currentHour;
			})
			.list();
		Instant dirty = oldest.isEmpty() ? currentHour : oldest.get(0);
		return dirty.isBefore(currentHour) ? dirty : currentHour;
	}

	private static void add(Map<String, long[]> counts, ResultSet rs) throws SQLException {
		long[] total = counts.computeIfAbsent(rs.getString(1), (id) -> new long[4]);
		for (int i = 0; i < 4; i++) {
			total[i] += rs.getLong(i + 2);
		}
	}

	private static ResultTally tallyRow(ResultSet rs, int row) throws SQLException {
		long[] buckets = new long[ResponseTimeBuckets.COUNT];
		for (int i = 0; i < buckets.length; i++) {
			buckets[i] = rs.getLong("b" + i);
		}
		long min = rs.getLong("response_min");
		boolean none = rs.wasNull();
		long max = rs.getLong("response_max");
		return new ResultTally(rs.getLong("ok"), rs.getLong("warning"), rs.getLong("critical"), rs.getLong("unknown"),
				rs.getLong("response_sum"), none ? Long.MAX_VALUE : min, none ? -1 : max, buckets);
	}

	/**
	 * The status code of the {@code status} columns: the Nagios exit codes.
	 * @param code the stored code
	 * @return the status
	 */
	static CheckStatus status(int code) {
		return CheckStatus.fromNagiosCode(code);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		if (value == null) {
			throw new SQLException(column + " is null");
		}
		return value.toInstant();
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static String boundsLiteral() {
		StringBuilder literal = new StringBuilder("'{");
		for (int i = 0; i < ResponseTimeBuckets.UPPER_BOUNDS_MS.length; i++) {
			literal.append((i > 0) ? "," : "").append(ResponseTimeBuckets.UPPER_BOUNDS_MS[i]);
		}
		return literal.append("}'::integer[]").toString();
	}

	private static String rawBuckets(boolean named) {
		List<String> columns = new ArrayList<>();
		for (int i = 0; i < ResponseTimeBuckets.COUNT; i++) {
			columns.add("count(*) FILTER (WHERE width_bucket(response_ms, " + BOUNDS + ") = " + i + ")"
					+ (named ? " AS b" + i : ""));
		}
		return String.join(", ", columns);
	}

	private static String hourlyBuckets() {
		List<String> columns = new ArrayList<>();
		for (int i = 0; i < ResponseTimeBuckets.COUNT; i++) {
			columns.add("sum(buckets[" + (i + 1) + "]) AS b" + i);
		}
		return String.join(", ", columns);
	}

}
