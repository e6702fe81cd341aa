package io.cairn.status.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.status.probe.ProbeCodec;
import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckSource;
import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.config.StatusProperties;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything status-aggregator keeps in PostgreSQL. Each public method is one
 * transaction. Writes that change what replicas show bump the shared version (see
 * {@code V1__status.sql}); claims only move a check's next poll time and bump nothing.
 * <p>
 * Plain SQL through {@link JdbcClient} throughout: the hot paths (claims, result batches,
 * catching up) are set-based statements, and the rest is a handful of single-row writes
 * that gain nothing from an ORM.
 * <p>
 * A row is never trusted to be sane: intervals are clamped where they are computed with,
 * and a row that cannot be read (a value no enum knows, written by another version or by
 * hand) is left out with a warning instead of failing the read for every check.
 */
@Component
@Transactional
public class CheckStore {

	private static final Log logger = LogFactory.getLog(CheckStore.class);

	private static final long LONGEST_INTERVAL_MS = StatusProperties.LONGEST_INTERVAL.toMillis();

	private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

	private static final String COLUMNS = "id, position, kind, target, json_path, status_override, source, tags, "
			+ "interval_ms, owner, muted_until, maintenance_until, note, created_at, deleted, status, label, message, "
			+ "document, polled_at, latency_ms, changed_at, last_result, streak, version, probe";

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	CheckStore(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
	}

	private long bump() {
		return this.jdbc.sql("UPDATE status_sync SET version = version + 1 WHERE id = 1 RETURNING version")
			.query(Long.class)
			.single();
	}

	/**
	 * Add a check or replace its definition. A new check, a re-added deleted one, or one
	 * whose target changed starts from a pending state and is due at once; otherwise the
	 * state, mute and maintenance are kept.
	 * @param definition the definition (position and creation time are the store's)
	 * @param now the time of the write
	 * @param maxChecks the most live checks there may be after a check is created (the
	 * count is taken under the version row's lock, which every writer takes first, so
	 * concurrent adds cannot pass it)
	 * @return the check as stored, and whether it was created
	 * @throws TooManyChecksException when the check is new and there are
	 * {@code maxChecks} checks already
	 */
	public Saved save(CheckDefinition definition, Instant now, int maxChecks) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 42))")
			.param(definition.id())
			.query()
			.listOfRows();
		// The version row first, then the check's row: the order every writer uses (the
		// result flusher too), so two writers never wait for each other in a cycle.
		long version = bump();
		Optional<StoredChange> existing = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM status_check WHERE id = ? FOR UPDATE")
			.param(definition.id())
			.query(this::change)
			.list()
			.stream()
			.flatMap(Optional::stream)
			.findFirst();
		if (existing.isEmpty() || existing.get().deleted()) {
			// One row, locked by bump() above, instead of counting every check: counting
			// made adding n checks cost O(n^2) (issue 18, 100,000 checks).
			long live = this.jdbc.sql("SELECT live_checks FROM status_sync WHERE id = 1").query(Long.class).single();
			if (live >= maxChecks) {
				throw new TooManyChecksException(maxChecks);
			}
			this.jdbc.sql("UPDATE status_sync SET live_checks = live_checks + 1 WHERE id = 1").update();
		}
		if (existing.isEmpty()) {
			CheckState state = CheckState.pending(now);
			long position = this.jdbc
				.sql("INSERT INTO status_check (id, kind, target, json_path, status_override, source, tags, "
						+ "interval_ms, owner, muted_until, maintenance_until, note, created_at, next_poll_at, status, "
						+ "label, message, changed_at, version, probe) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING position")
				.params(values(definition.id(), definition.kind().name(), definition.target(), definition.jsonPath(),
						name(definition.statusOverride()), definition.source().name(), tags(definition.tags()),
						millis(definition.interval()), definition.owner(), utc(definition.mutedUntil()),
						utc(definition.maintenanceUntil()), definition.note(), utc(now), utc(now),
						state.status().name(), state.label(), state.message(), utc(now), version,
						ProbeCodec.write(definition.probe())))
				.query(Long.class)
				.single();
			return new Saved(new TrackedCheck(withPosition(definition, position, now), state, version), true);
		}
		StoredChange old = existing.get();
		CheckDefinition before = old.check().definition();
		boolean retarget = old.deleted() || before.kind() != definition.kind()
				|| !before.target().equals(definition.target()) || !same(before.jsonPath(), definition.jsonPath())
				|| before.statusOverride() != definition.statusOverride()
				|| !Objects.equals(before.probe(), definition.probe());
		CheckState state = retarget ? CheckState.pending(now) : old.check().state();
		Instant mutedUntil = old.deleted() ? definition.mutedUntil() : before.mutedUntil();
		Instant maintenanceUntil = old.deleted() ? definition.maintenanceUntil() : before.maintenanceUntil();
		String note = old.deleted() ? definition.note() : before.note();
		Instant createdAt = old.deleted() ? now : before.createdAt();
		CheckDefinition stored = new CheckDefinition(definition.id(), definition.kind(), definition.target(),
				definition.jsonPath(), definition.statusOverride(), definition.source(), definition.tags(),
				definition.interval(), definition.owner(), mutedUntil, maintenanceUntil, note, before.position(),
				createdAt, definition.probe());
		this.jdbc
			.sql("UPDATE status_check SET kind = ?, target = ?, json_path = ?, status_override = ?, source = ?, "
					+ "tags = ?, interval_ms = ?, owner = ?, muted_until = ?, maintenance_until = ?, note = ?, "
					+ "created_at = ?, deleted = false, deleted_at = NULL, "
					+ "next_poll_at = CASE WHEN ? THEN ? ELSE next_poll_at END, status = ?, label = ?, message = ?, "
					+ "document = ?, polled_at = ?, latency_ms = ?, changed_at = ?, last_result = ?, streak = ?, "
					+ "version = ?, probe = ? WHERE id = ?")
			.params(values(stored.kind().name(), stored.target(), stored.jsonPath(), name(stored.statusOverride()),
					stored.source().name(), tags(stored.tags()), millis(stored.interval()), stored.owner(),
					utc(mutedUntil), utc(maintenanceUntil), note, utc(createdAt), retarget, utc(now),
					state.status().name(), state.label(), state.message(), state.document(), utc(state.polledAt()),
					state.latencyMillis(), utc(state.changedAt()), name(state.lastResult()), state.streak(), version,
					ProbeCodec.write(stored.probe()), stored.id()))
			.update();
		return new Saved(new TrackedCheck(stored, state, version), old.deleted());
	}

	private static CheckDefinition withPosition(CheckDefinition d, long position, Instant createdAt) {
		return new CheckDefinition(d.id(), d.kind(), d.target(), d.jsonPath(), d.statusOverride(), d.source(), d.tags(),
				d.interval(), d.owner(), d.mutedUntil(), d.maintenanceUntil(), d.note(), position, createdAt,
				d.probe());
	}

	/**
	 * Delete a check (kept as a tombstone until {@link #purgeDeleted}).
	 * @param id the check
	 * @param now the time of the deletion
	 * @return the version of the deletion, or 0 when there was no such check
	 */
	public long delete(String id, Instant now) {
		return deleteAll(List.of(id), now);
	}

	/**
	 * Delete several checks.
	 * @param ids the checks
	 * @param now the time of the deletion
	 * @return the version of the deletion, or 0 when none of them was a live check
	 */
	public long deleteAll(Collection<String> ids, Instant now) {
		if (ids.isEmpty()) {
			return 0;
		}
		String[] array = ids.toArray(String[]::new);
		boolean any = !this.jdbc.sql("SELECT 1 FROM status_check WHERE id = ANY(?) AND NOT deleted LIMIT 1")
			.param(array)
			.query()
			.listOfRows()
			.isEmpty();
		if (!any) {
			return 0;
		}
		long version = bump();
		int deleted = this.jdbc.sql(
				"UPDATE status_check SET deleted = true, deleted_at = ?, version = ? WHERE id = ANY(?) AND NOT deleted")
			.params(values(utc(now), version, array))
			.update();
		if (deleted > 0) {
			this.jdbc.sql("UPDATE status_sync SET live_checks = live_checks - ? WHERE id = 1").param(deleted).update();
		}
		return (deleted > 0) ? version : 0;
	}

	/**
	 * Ids of the live checks from one source.
	 * @param source the source
	 * @return their ids
	 */
	@Transactional(readOnly = true)
	public List<String> idsFrom(CheckSource source) {
		return this.jdbc.sql("SELECT id FROM status_check WHERE source = ? AND NOT deleted")
			.param(source.name())
			.query(String.class)
			.list();
	}

	/**
	 * Mute a check or put it in maintenance (or lift either with nulls).
	 * @param id the check
	 * @param mutedUntil muted until then, or null
	 * @param maintenanceUntil in maintenance until then, or null
	 * @param note why
	 * @return the check as stored, or empty when there is no such check
	 */
	public Optional<TrackedCheck> silence(String id, @Nullable Instant mutedUntil, @Nullable Instant maintenanceUntil,
			@Nullable String note) {
		long version = bump();
		int updated = this.jdbc
			.sql("UPDATE status_check SET muted_until = ?, maintenance_until = ?, note = ?, version = ? "
					+ "WHERE id = ? AND NOT deleted")
			.params(values(utc(mutedUntil), utc(maintenanceUntil), note, version, id))
			.update();
		if (updated == 0) {
			throw new NoSuchCheckException(id);
		}
		return find(id);
	}

	/**
	 * Make a check due at an instant (a poll on demand). No version bump: other replicas
	 * do not show scheduling.
	 * @param id the check
	 * @param at when its next poll is due
	 */
	public void pollAt(String id, Instant at) {
		this.jdbc.sql("UPDATE status_check SET next_poll_at = ? WHERE id = ? AND NOT deleted")
			.params(values(utc(at), id))
			.update();
	}

	/**
	 * Claim checks that are due: each claimed check's next poll moves one interval ahead
	 * (from its schedule, or from now when it fell behind), so no other replica polls it
	 * within the interval. Rows another replica is claiming are skipped, not waited for.
	 * The claim is a lease that ends at the next poll ({@link Claim#leaseUntil()}): the
	 * claimer must not poll after it, since another replica may claim the check then.
	 * @param now the current time
	 * @param replica this replica's id
	 * @param limit the most checks to claim
	 * @param defaultInterval the interval of checks without their own
	 * @return the claimed checks
	 */
	public List<Claim> claimDue(Instant now, String replica, int limit, Duration defaultInterval) {
		return claimDue(now, replica, limit, defaultInterval, Duration.ofMillis(1), StatusProperties.LONGEST_INTERVAL);
	}

	/**
	 * Claim checks that are due, each interval clamped to bounds: whatever a row says,
	 * the statement computes only with intervals the bounds allow, so one row can never
	 * make it fail for every check ({@code timestamp out of range}).
	 * @param now the current time
	 * @param replica this replica's id
	 * @param limit the most checks to claim
	 * @param defaultInterval the interval of checks without their own
	 * @param minInterval the shortest interval used
	 * @param maxInterval the longest interval used
	 * @return the claimed checks
	 */
	public List<Claim> claimDue(Instant now, String replica, int limit, Duration defaultInterval, Duration minInterval,
			Duration maxInterval) {
		return claimDue(now, replica, limit, defaultInterval, minInterval, maxInterval, false);
	}

	/**
	 * Claim checks that are due, as
	 * {@link #claimDue(Instant, String, int, Duration, Duration, Duration)}, optionally
	 * only those this replica claimed last (or nobody has): right after a database
	 * outage, the checks another replica claimed last may have been polled from its
	 * memory, and their schedule is not written yet.
	 * @param now the current time
	 * @param replica this replica's id
	 * @param limit the most checks to claim
	 * @param defaultInterval the interval of checks without their own
	 * @param minInterval the shortest interval used
	 * @param maxInterval the longest interval used
	 * @param onlyOwn whether to leave the checks another replica claimed last
	 * @return the claimed checks
	 */
	public List<Claim> claimDue(Instant now, String replica, int limit, Duration defaultInterval, Duration minInterval,
			Duration maxInterval, boolean onlyOwn) {
		if (limit <= 0) {
			return List.of();
		}
		long max = Math.min(maxInterval.toMillis(), LONGEST_INTERVAL_MS);
		long min = Math.min(Math.max(minInterval.toMillis(), 1), max);
		// The next poll is one interval after the due time, or one interval from now when
		// that has passed already (a stall, an outage): never now, which would make the
		// check due again at the next claim and have it polled twice in one interval.
		return this.jdbc
			.sql("""
					WITH due AS (
					    SELECT id, next_poll_at,
					        LEAST(GREATEST(COALESCE(interval_ms, :interval), :min), :max) AS step_ms
					    FROM status_check
					    WHERE NOT deleted AND kind IN ('HTTP', 'TCP', 'TLS', 'DNS', 'COMMAND', 'PUSH') AND next_poll_at <= :now
					      AND (maintenance_until IS NULL OR maintenance_until <= :now)
					      AND (kind <> 'COMMAND' OR owner = :replica)
					      AND (NOT :onlyOwn OR claimed_by IS NULL OR claimed_by = :replica)
					    ORDER BY next_poll_at LIMIT :limit
					    FOR UPDATE SKIP LOCKED
					)
					UPDATE status_check c SET claimed_by = :replica,
					    next_poll_at = CASE
					        WHEN due.next_poll_at + interval '1 millisecond' * due.step_ms > :now
					            THEN due.next_poll_at + interval '1 millisecond' * due.step_ms
					        ELSE CAST(:now AS timestamptz) + interval '1 millisecond' * due.step_ms END
					FROM due WHERE c.id = due.id
					RETURNING c.id, due.next_poll_at, c.next_poll_at, due.step_ms
					""")
			.param("now", utc(now))
			.param("replica", replica)
			.param("onlyOwn", onlyOwn)
			.param("limit", limit)
			.param("interval", Math.min(Math.max(defaultInterval.toMillis(), min), max))
			.param("min", min)
			.param("max", max)
			.query((rs, row) -> new Claim(rs.getString(1), instant(rs, 2), instant(rs, 3),
					Duration.ofMillis(rs.getLong(4))))
			.list();
	}

	/**
	 * Write the schedule a replica kept in memory while it could not claim (a database
	 * outage): each check it polled meanwhile is due no earlier than its next poll there,
	 * so coming back does not poll it again within the interval. Nothing moves earlier.
	 * @param replica this replica's id
	 * @param nextPolls when each check's next poll is due
	 */
	public void reschedule(String replica, Map<String, Instant> nextPolls) {
		if (nextPolls.isEmpty()) {
			return;
		}
		String[] ids = new String[nextPolls.size()];
		// ISO-8601 text, which PostgreSQL reads as timestamptz: the driver binds text
		// arrays, not arrays of date-times.
		String[] next = new String[nextPolls.size()];
		int i = 0;
		for (Map.Entry<String, Instant> entry : nextPolls.entrySet()) {
			ids[i] = entry.getKey();
			next[i++] = entry.getValue().toString();
		}
		this.jdbc.sql("""
				UPDATE status_check c SET next_poll_at = kept.next, claimed_by = :replica
				FROM unnest(CAST(:ids AS text[]), CAST(:next AS timestamptz[])) AS kept(id, next)
				WHERE c.id = kept.id AND NOT c.deleted AND c.next_poll_at < kept.next
				""").param("replica", replica).param("ids", ids).param("next", next).update();
	}

	/**
	 * Write a batch of poll results and their transitions in one transaction. Results for
	 * checks deleted meanwhile are dropped.
	 * @param results the results
	 * @return the version of the write
	 */
	public long writeResults(List<ResultWrite> results) {
		if (results.isEmpty()) {
			return 0;
		}
		long version = bump();
		List<Object[]> rows = new ArrayList<>(results.size());
		for (ResultWrite result : results) {
			CheckState s = result.state();
			rows.add(new Object[] { s.status().name(), s.label(), s.message(), s.document(), utc(s.polledAt()),
					s.latencyMillis(), utc(s.changedAt()), name(s.lastResult()), s.streak(), version,
					result.checkId() });
		}
		int[][] counts = this.jdbcTemplate
			.batchUpdate("UPDATE status_check SET status = ?, label = ?, message = ?, document = ?, polled_at = ?, "
					+ "latency_ms = ?, changed_at = ?, last_result = ?, streak = ?, version = ? "
					+ "WHERE id = ? AND NOT deleted", rows, rows.size(), (ps, row) -> {
						for (int i = 0; i < row.length; i++) {
							ps.setObject(i + 1, row[i]);
						}
					});
		List<Object[]> history = new ArrayList<>();
		int index = 0;
		for (int[] chunk : counts) {
			for (int count : chunk) {
				ResultWrite result = results.get(index++);
				if (count > 0 && result.transition()) {
					CheckState s = result.state();
					history.add(new Object[] { result.checkId(), utc(s.polledAt()), name(result.from()),
							s.status().name(), s.label(), s.message(), tags(result.tags()) });
				}
			}
		}
		if (!history.isEmpty()) {
			this.jdbcTemplate
				.batchUpdate("INSERT INTO status_history (check_id, at, from_status, to_status, label, message, tags) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?)", history, history.size(), (ps, row) -> {
							for (int i = 0; i < row.length; i++) {
								ps.setObject(i + 1, row[i]);
							}
						});
		}
		return version;
	}

	/**
	 * The version of the last committed change.
	 * @return the version
	 */
	@Transactional(readOnly = true)
	public long currentVersion() {
		return this.jdbc.sql("SELECT version FROM status_sync WHERE id = 1").query(Long.class).single();
	}

	/**
	 * Rows written after a version, tombstones included, in version order.
	 * @param version the last version already seen
	 * @return the changed rows
	 */
	@Transactional(readOnly = true)
	public List<StoredChange> changedSince(long version) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM status_check WHERE version > ? ORDER BY version")
			.param(version)
			.query(this::change)
			.list()
			.stream()
			.flatMap(Optional::stream)
			.toList();
	}

	/**
	 * Every live check, in the order they were added.
	 * @return the checks
	 */
	@Transactional(readOnly = true)
	public List<TrackedCheck> loadAll() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM status_check WHERE NOT deleted ORDER BY position")
			.query(this::change)
			.list()
			.stream()
			.flatMap(Optional::stream)
			.map(StoredChange::check)
			.toList();
	}

	/**
	 * One live check.
	 * @param id the check
	 * @return the check, or empty
	 */
	@Transactional(readOnly = true)
	public Optional<TrackedCheck> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM status_check WHERE id = ? AND NOT deleted")
			.param(id)
			.query(this::change)
			.list()
			.stream()
			.flatMap(Optional::stream)
			.findFirst()
			.map(StoredChange::check);
	}

	/**
	 * Transitions, newest first.
	 * @param checkId only this check's, or null
	 * @param tag only checks carrying this tag, or null
	 * @param limit the most entries
	 * @param before only entries with a lower id (paging), or null
	 * @return the entries
	 */
	@Transactional(readOnly = true)
	public List<HistoryEntry> history(@Nullable String checkId, @Nullable String tag, int limit,
			@Nullable Long before) {
		StringBuilder sql = new StringBuilder(
				"SELECT id, check_id, at, from_status, to_status, label, message, tags FROM status_history WHERE true");
		List<Object> params = new ArrayList<>();
		if (checkId != null) {
			sql.append(" AND check_id = ?");
			params.add(checkId);
		}
		if (tag != null) {
			sql.append(" AND ? = ANY(tags)");
			params.add(tag);
		}
		if (before != null) {
			sql.append(" AND id < ?");
			params.add(before);
		}
		sql.append(" ORDER BY id DESC LIMIT ?");
		params.add(limit);
		return this.jdbc.sql(sql.toString())
			.params(params)
			.query(this::historyEntry)
			.list()
			.stream()
			.flatMap(Optional::stream)
			.toList();
	}

	/**
	 * Delete transitions older than a cutoff.
	 * @param cutoff the oldest kept
	 * @return how many were deleted
	 */
	public int pruneHistory(Instant cutoff) {
		return this.jdbc.sql("DELETE FROM status_history WHERE at < ?").param(utc(cutoff)).update();
	}

	/**
	 * Remove tombstones of checks deleted before a cutoff; every replica has seen them by
	 * then.
	 * @param cutoff the oldest tombstone kept
	 * @return how many were removed
	 */
	public int purgeDeleted(Instant cutoff) {
		return this.jdbc.sql("DELETE FROM status_check WHERE deleted AND deleted_at < ?").param(utc(cutoff)).update();
	}

	/**
	 * Take or renew a named lease: succeeds when nobody holds it, this replica holds it,
	 * or the holder's lease has run out.
	 * @param name the job
	 * @param holder this replica
	 * @param now the current time
	 * @param ttl how long the lease lasts
	 * @return whether this replica holds the lease now
	 */
	public boolean tryLease(String name, String holder, Instant now, Duration ttl) {
		return this.jdbc.sql("""
				INSERT INTO status_lease (name, holder, until) VALUES (:name, :holder, :until)
				ON CONFLICT (name) DO UPDATE SET holder = :holder, until = :until
				WHERE status_lease.holder = :holder OR status_lease.until <= :now
				""")
			.param("name", name)
			.param("holder", holder)
			.param("until", utc(now.plus(ttl)))
			.param("now", utc(now))
			.update() > 0;
	}

	/**
	 * Give up a lease (on shutdown), so another replica takes over at once.
	 * @param name the job
	 * @param holder this replica
	 */
	public void releaseLease(String name, String holder) {
		this.jdbc.sql("DELETE FROM status_lease WHERE name = ? AND holder = ?").params(name, holder).update();
	}

	/**
	 * Record an import unless the same content was imported before.
	 * @param hash the content hash
	 * @param now the time
	 * @param checks how many checks it held
	 * @return true when this is the first import of that content
	 */
	public boolean recordImport(String hash, Instant now, int checks) {
		return this.jdbc
			.sql("INSERT INTO status_import (hash, imported_at, checks) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
			.params(values(hash, utc(now), checks))
			.update() > 0;
	}

	/** A row, or empty when it cannot be read (it is left out, and said so once). */
	private Optional<StoredChange> change(ResultSet rs, int row) throws SQLException {
		String id = rs.getString("id");
		try {
			Long interval = (Long) rs.getObject("interval_ms");
			CheckDefinition definition = new CheckDefinition(id, CheckKind.valueOf(rs.getString("kind")),
					rs.getString("target"), rs.getString("json_path"), status(rs.getString("status_override")),
					CheckSource.valueOf(rs.getString("source")), strings(rs.getArray("tags")),
					(interval != null) ? Duration.ofMillis(Math.min(Math.max(interval, 1), LONGEST_INTERVAL_MS)) : null,
					rs.getString("owner"), instant(rs, "muted_until"), instant(rs, "maintenance_until"),
					rs.getString("note"), rs.getLong("position"), requiredInstant(rs, "created_at"),
					ProbeCodec.read(rs.getString("probe")));
			Long latency = (Long) rs.getObject("latency_ms");
			CheckState state = new CheckState(CheckStatus.valueOf(rs.getString("status")), rs.getString("label"),
					rs.getString("message"), rs.getString("document"), instant(rs, "polled_at"), latency,
					instant(rs, "changed_at"), status(rs.getString("last_result")), rs.getInt("streak"));
			return Optional.of(new StoredChange(new TrackedCheck(definition, state, rs.getLong("version")),
					rs.getBoolean("deleted")));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			unreadable("check", id, ex);
			return Optional.empty();
		}
	}

	/** An entry, or empty when it cannot be read (it is left out, and said so once). */
	private Optional<HistoryEntry> historyEntry(ResultSet rs, int row) throws SQLException {
		try {
			return Optional.of(new HistoryEntry(rs.getLong("id"), rs.getString("check_id"), requiredInstant(rs, "at"),
					status(rs.getString("from_status")), CheckStatus.valueOf(rs.getString("to_status")),
					rs.getString("label"), rs.getString("message"), strings(rs.getArray("tags"))));
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			unreadable("history entry", String.valueOf(rs.getLong("id")), ex);
			return Optional.empty();
		}
	}

	private void unreadable(String what, @Nullable String id, RuntimeException ex) {
		if (this.unreadable.size() < 1000 && this.unreadable.add(what + " " + id)) {
			logger.warn("Leaving out unreadable " + what + " '" + id + "' of the database: " + ex.getMessage());
		}
	}

	private static List<String> strings(@Nullable Array array) throws SQLException {
		if (array == null) {
			return List.of();
		}
		return Arrays.asList((String[]) array.getArray());
	}

	private static @Nullable CheckStatus status(@Nullable String name) {
		return (name != null) ? CheckStatus.valueOf(name) : null;
	}

	private static @Nullable String name(@Nullable Enum<?> value) {
		return (value != null) ? value.name() : null;
	}

	private static String[] tags(List<String> tags) {
		return tags.toArray(String[]::new);
	}

	private static @Nullable Long millis(@Nullable Duration duration) {
		return (duration != null) ? duration.toMillis() : null;
	}

	private static boolean same(@Nullable String a, @Nullable String b) {
		return (a == null) ? b == null : a.equals(b);
	}

	static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * A column that is never NULL in a readable row: a row with NULL there is unreadable.
	 */
	private static Instant requiredInstant(ResultSet rs, String column) throws SQLException {
		Instant value = instant(rs, column);
		if (value == null) {
			throw new IllegalArgumentException(column + " is NULL");
		}
		return value;
	}

	/**
	 * Positional parameters, SQL NULLs included. {@code JdbcClient} binds a null as NULL,
	 * but declares the elements of {@code params(Object...)} non-null (its
	 * {@code param(Object)} takes null), so the values go in as a list.
	 */
	private static List<@Nullable Object> values(@Nullable Object... values) {
		return Arrays.asList(values);
	}

	static Instant instant(ResultSet rs, int column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

	/**
	 * What a save did.
	 *
	 * @param check the check as stored
	 * @param created whether it is new (or re-added after a deletion)
	 */
	public record Saved(TrackedCheck check, boolean created) {

	}

}
