package io.cairn.registry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.registry.config.RegistryProperties;
import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.EndpointTakenException;
import io.cairn.registry.domain.EventType;
import io.cairn.registry.domain.Glob;
import io.cairn.registry.domain.Instance;
import io.cairn.registry.domain.InstanceMetadata;
import io.cairn.registry.domain.Registration;
import io.cairn.registry.domain.RegistrationOutcome;
import io.cairn.registry.domain.RegistryFullException;
import io.cairn.registry.domain.RegistryEvent;
import io.cairn.registry.domain.ServiceSummary;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything the registry reads from and writes to PostgreSQL. Each public method is one
 * transaction, so a write is either complete or absent.
 * <p>
 * Set-based work (a batch of registrations, a second's worth of renewals, expiries, glob
 * lookups) is one SQL statement per step, through {@link JdbcClient} like the rest. Reads
 * run outside any transaction: one statement in autocommit is one round trip, where a
 * read-only transaction costs four.
 * <p>
 * Plans. The statements that join a batch's endpoints to {@code registry_instance} (a
 * registration batch's lock, the renewal flush, the expiry sweep) are planned for each
 * execution ({@link #CUSTOM_PLANS}). PgJDBC prepares a statement on the server from its
 * fifth use, and PostgreSQL then keeps one generic plan for it on that connection until
 * the table's statistics change. A generic plan made while the table was small hashes the
 * batch and scans the whole table; kept while the table grew to 100,000 rows (autovacuum
 * had not analysed it yet), it made every registration batch and renewal flush read every
 * row: registering 100,000 instances slowed from 2,500 to 930 a second as they went in
 * (issue 18). Planned per execution, PostgreSQL sees the table's current size and the
 * batch's, and probes the endpoint index; planning costs about 0.2 ms a batch.
 * <p>
 * Lock order. Every writing transaction takes its locks in this order, so that no two (of
 * this replica or another) can wait for each other: first the advisory locks of the
 * endpoints it writes, in key order ({@link #lock}, {@link #lockEndpoint}); then the
 * {@code registry_instance} rows, in id order ({@code ORDER BY id FOR UPDATE}); last
 * {@code registry_state}'s one row (the instance count, whose triggers update it, and the
 * change index's bump), held until the commit. The one exception, deleting expired rows
 * to make room after the count is locked, skips rows that are locked
 * ({@code SKIP LOCKED}), so it never waits. The expiry sweep used to bump the change
 * index before it updated the rows it expired, the opposite order from a registration
 * batch, and the two could deadlock (PostgreSQL's {@code 40P01}).
 */
@Component
@Transactional
public class RegistryStore {

	/** Most renewals written by one statement. */
	static final int FLUSH_CHUNK = 5000;

	/**
	 * For the rest of the transaction, a plan per execution instead of a cached generic
	 * one (see the class comment).
	 */
	static final String CUSTOM_PLANS = "SET LOCAL plan_cache_mode = force_custom_plan";

	private final ChangeIndex changeIndex;

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final int maxInstances;

	RegistryStore(ChangeIndex changeIndex, JdbcClient jdbc, JdbcTemplate jdbcTemplate, RegistryProperties properties) {
		this.changeIndex = changeIndex;
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.maxInstances = properties.maxInstances();
	}

	/**
	 * Record heartbeats durably, all in one transaction (so under one commit): create
	 * each endpoint, move it to another name, revive it or update its metadata, with the
	 * matching events under one change index. A heartbeat the rules refuse (an endpoint
	 * alive under a name its caller may not take, a new endpoint in a full registry) is
	 * answered with its refusal and leaves the others alone; any other failure rolls the
	 * whole transaction back, so nothing of it is written.
	 * @param registrations the heartbeats, at most one per endpoint
	 * @return what happened to each, in the same order
	 */
	public List<RegistrationResult> registerAll(List<PendingRegistration> registrations) {
		Set<Endpoint> endpoints = new HashSet<>();
		for (PendingRegistration pending : registrations) {
			if (!endpoints.add(pending.registration().endpoint())) {
				throw new IllegalArgumentException("two heartbeats of " + pending.registration().endpoint());
			}
		}
		Locked locked = lock(endpoints);
		Map<Endpoint, StoredRow> stored = locked.rows();
		List<RegistrationResult> results = new ArrayList<>(registrations.size());
		List<Row> inserts = new ArrayList<>();
		List<Row> updates = new ArrayList<>();
		List<Event> events = new ArrayList<>();
		List<Integer> created = new ArrayList<>();
		for (PendingRegistration pending : registrations) {
			StoredRow row = stored.get(pending.registration().endpoint());
			if (row == null) {
				created.add(results.size());
				results.add(null);
				continue;
			}
			try {
				results.add(renew(pending, row, updates, events));
			}
			catch (EndpointTakenException ex) {
				results.add(RegistrationResult.refused(ex));
			}
		}
		if (!created.isEmpty()) {
			Room room = makeRoom(created.size(), locked.count(), stored.values());
			Instant now = registrations.get(created.get(0)).now();
			for (Evicted evicted : room.evicted()) {
				events.add(new Event(now, EventType.REMOVED, evicted.name(), evicted.endpoint(), null));
			}
			for (int i = 0; i < created.size(); i++) {
				PendingRegistration pending = registrations.get(created.get(i));
				RegistrationResult result = (i < room.free())
						? create(pending, (i < room.evicted().size()) ? room.evicted().get(i).endpoint() : null,
								inserts, events)
						: RegistrationResult.refused(new RegistryFullException(this.maxInstances));
				results.set(created.get(i), result);
			}
		}
		long index = write(inserts, updates, events);
		List<RegistrationResult> answered = new ArrayList<>(results.size());
		for (RegistrationResult result : results) {
			DurableResult written = Objects.requireNonNull(result).written();
			answered.add((written != null && written.outcome().isChange())
					? RegistrationResult.written(written.withIndex(index)) : result);
		}
		return answered;
	}

	private RegistrationResult renew(PendingRegistration pending, StoredRow row, List<Row> updates,
			List<Event> events) {
		Registration registration = pending.registration();
		Instant now = pending.now();
		boolean wasAlive = !row.expired() && row.lastSeen().isAfter(pending.aliveAfter());
		String name = row.name();
		Instant firstSeen = row.firstSeen();
		InstanceMetadata metadata = row.metadata();
		String previousName = null;
		RegistrationOutcome outcome;
		if (!row.name().equals(registration.name())) {
			if (wasAlive && !pending.mayMoveFrom().test(row.name())) {
				throw new EndpointTakenException(registration.endpoint(), row.name());
			}
			previousName = row.name();
			name = registration.name();
			firstSeen = now;
			metadata = InstanceMetadata.EMPTY;
			outcome = RegistrationOutcome.MOVED;
		}
		else if (!wasAlive) {
			outcome = RegistrationOutcome.REVIVED;
		}
		else if (changes(row, registration)) {
			outcome = RegistrationOutcome.UPDATED;
		}
		else {
			outcome = RegistrationOutcome.RENEWED;
		}
		Row updated = new Row(row.id(), name, registration.endpoint(),
				(registration.url() != null) ? registration.url() : row.url(),
				(registration.metadata() != null) ? registration.metadata() : metadata, firstSeen,
				row.lastSeen().isBefore(now) ? now : row.lastSeen());
		updates.add(updated);
		if (outcome.isChange()) {
			events.add(new Event(now, EventType.valueOf(outcome.name()), name, registration.endpoint(), previousName));
		}
		return RegistrationResult
			.written(new DurableResult(outcome, updated.toInstance(pending.aliveAfter()), 0, previousName, null));
	}

	private RegistrationResult create(PendingRegistration pending, @Nullable Endpoint evicted, List<Row> inserts,
			List<Event> events) {
		Registration registration = pending.registration();
		Instant now = pending.now();
		Row row = new Row(0, registration.name(), registration.endpoint(), registration.url(),
				(registration.metadata() != null) ? registration.metadata() : InstanceMetadata.EMPTY, now, now);
		inserts.add(row);
		events.add(new Event(now, EventType.REGISTERED, registration.name(), registration.endpoint(), null));
		return RegistrationResult.written(new DurableResult(RegistrationOutcome.REGISTERED,
				row.toInstance(pending.aliveAfter()), 0, null, evicted));
	}

	/**
	 * The first round trip of a batch, four statements sent together: plan per execution
	 * for the rest of the transaction ({@link #CUSTOM_PLANS}), take the advisory locks of
	 * its endpoints (the keys of {@link #lockEndpoint}, in one order so that two batches
	 * cannot deadlock), then read and lock their stored rows in id order (as the renewal
	 * flush locks them), then the change index's row (as the flush does last), which also
	 * holds the instance count for the quota.
	 */
	private Locked lock(Set<Endpoint> endpoints) {
		String[] keys = new String[endpoints.size()];
		String[] hosts = new String[endpoints.size()];
		Integer[] ports = new Integer[endpoints.size()];
		int i = 0;
		for (Endpoint endpoint : endpoints) {
			keys[i] = lockKey(endpoint);
			hosts[i] = endpoint.host();
			ports[i++] = endpoint.port();
		}
		InstanceRowMapper mapper = new InstanceRowMapper(Instant.EPOCH);
		return Objects.requireNonNull(this.jdbcTemplate.execute((ConnectionCallback<Locked>) (connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(CUSTOM_PLANS + ";\n" + """
					SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(k, 0) AS h
					    FROM unnest(?::text[]) AS k ORDER BY 1) AS keys;
					SELECT id, expired, %s FROM registry_instance
					    WHERE (host, port) IN (SELECT * FROM unnest(?::text[], ?::int4[])) ORDER BY id FOR UPDATE;
					SELECT instance_count FROM registry_state WHERE id = 1 FOR UPDATE
					""".formatted(InstanceRowMapper.COLUMNS))) {
				statement.setArray(1, connection.createArrayOf("text", keys));
				statement.setArray(2, connection.createArrayOf("text", hosts));
				statement.setArray(3, connection.createArrayOf("int4", ports));
				Map<Endpoint, StoredRow> rows = new HashMap<>();
				long[] count = new long[1];
				eachResultSet(statement, (ordinal, rs) -> {
					while (ordinal == 1 && rs.next()) {
						Instance instance = mapper.mapRow(rs, 0);
						rows.put(instance.endpoint(),
								new StoredRow(rs.getLong("id"), rs.getBoolean("expired"), instance));
					}
					if (ordinal == 2 && rs.next()) {
						count[0] = rs.getLong(1);
					}
				});
				return new Locked(rows, count[0]);
			}
		}));
	}

	/**
	 * Execute a statement that holds several (PgJDBC sends them in one round trip) and
	 * hand each result set, with its ordinal among the result sets, to the handler.
	 */
	private static void eachResultSet(PreparedStatement statement, ResultSetHandler handler) throws SQLException {
		boolean isResultSet = statement.execute();
		int ordinal = 0;
		while (true) {
			if (isResultSet) {
				try (ResultSet rs = statement.getResultSet()) {
					handler.handle(ordinal++, rs);
				}
			}
			else if (statement.getUpdateCount() == -1) {
				return;
			}
			isResultSet = statement.getMoreResults();
		}
	}

	/**
	 * Reads one result set of several.
	 */
	@FunctionalInterface
	private interface ResultSetHandler {

		void handle(int ordinal, ResultSet rs) throws SQLException;

	}

	/**
	 * Make room for new instances: nothing to do below the quota; beyond it, the
	 * instances expired longest ago (none of this batch's) are deleted. Runs under the
	 * change index's row lock (taken by {@link #lock}), so replicas registering at once
	 * cannot pass the quota together.
	 * @param wanted how many new instances the batch has
	 * @param count the stored instances, read under that lock
	 * @param batchRows the batch's stored rows, never deleted here
	 * @return how many new instances fit, and the rows deleted to fit them
	 */
	private Room makeRoom(int wanted, long count, Collection<StoredRow> batchRows) {
		long missing = count + wanted - this.maxInstances;
		if (missing <= 0) {
			return new Room(wanted, List.of());
		}
		Long[] keep = batchRows.stream().map(StoredRow::id).toArray(Long[]::new);
		List<Evicted> evicted = this.jdbcTemplate.query((connection) -> {
			PreparedStatement statement = connection
				.prepareStatement("DELETE FROM registry_instance WHERE id IN (SELECT id FROM registry_instance "
						+ "WHERE expired AND id <> ALL(?::int8[]) ORDER BY last_seen, id LIMIT ? "
						+ "FOR UPDATE SKIP LOCKED) RETURNING name, host, port");
			statement.setArray(1, connection.createArrayOf("int8", keep));
			statement.setLong(2, missing);
			return statement;
		}, (rs, row) -> new Evicted(rs.getString(1), new Endpoint(rs.getString(2), rs.getInt(3))));
		long free = this.maxInstances - count + evicted.size();
		return new Room((int) Math.max(0, Math.min(wanted, free)), evicted);
	}

	/**
	 * The second round trip of a batch: its inserts, its updates, the change index's bump
	 * and its events, as one request of up to four statements.
	 * @return the new change index, or 0 when there are no events
	 */
	private long write(List<Row> inserts, List<Row> updates, List<Event> events) {
		StringBuilder sql = new StringBuilder();
		if (!inserts.isEmpty()) {
			// One statement, so that the instance count's statement trigger runs once.
			sql.append("""
					INSERT INTO registry_instance (name, host, port, url, tags, version, labels, first_seen, last_seen)
					SELECT u.name, u.host, u.port, u.url, ARRAY(SELECT jsonb_array_elements_text(u.tags::jsonb)),
					    u.version, u.labels::jsonb, timestamptz 'epoch' + u.first_us * interval '1 microsecond',
					    timestamptz 'epoch' + u.last_us * interval '1 microsecond'
					FROM unnest(?::text[], ?::text[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[],
					    ?::int8[]) AS u(name, host, port, url, tags, version, labels, first_us, last_us);
					""");
		}
		if (!updates.isEmpty()) {
			sql.append(
					"""
							UPDATE registry_instance i SET name = u.name, url = u.url,
							    tags = ARRAY(SELECT jsonb_array_elements_text(u.tags::jsonb)), version = u.version,
							    labels = u.labels::jsonb, first_seen = timestamptz 'epoch' + u.first_us * interval '1 microsecond',
							    last_seen = timestamptz 'epoch' + u.last_us * interval '1 microsecond', expired = false
							FROM unnest(?::text[], ?::text[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[],
							    ?::int8[], ?::int8[]) AS u(name, host, port, url, tags, version, labels, first_us, last_us, id)
							WHERE i.id = u.id;
							""");
		}
		if (!events.isEmpty()) {
			// WITH ORDINALITY keeps the events' ids in the order they happened.
			sql.append(ChangeIndex.BUMP).append(";\n").append("""
					INSERT INTO registry_event (change_index, at, type, name, host, port, previous_name)
					SELECT (SELECT change_index FROM registry_state WHERE id = 1),
					    timestamptz 'epoch' + u.at_us * interval '1 microsecond', u.type, u.name, u.host, u.port,
					    u.previous_name
					FROM unnest(?::int8[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::text[])
					    WITH ORDINALITY AS u(at_us, type, name, host, port, previous_name, n)
					ORDER BY u.n
					""");
		}
		if (sql.isEmpty()) {
			return 0;
		}
		return Objects.requireNonNull(this.jdbcTemplate.execute((ConnectionCallback<Long>) (connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
				int next = 1;
				if (!inserts.isEmpty()) {
					next = new Columns(inserts).bind(connection, statement, next, false);
				}
				if (!updates.isEmpty()) {
					next = new Columns(updates).bind(connection, statement, next, true);
				}
				if (!events.isEmpty()) {
					bindEvents(connection, statement, next, events);
				}
				long[] index = new long[1];
				eachResultSet(statement, (ordinal, rs) -> {
					if (rs.next()) {
						index[0] = rs.getLong(1);
					}
				});
				return index[0];
			}
		}));
	}

	private static void bindEvents(Connection connection, PreparedStatement statement, int first, List<Event> events)
			throws SQLException {
		int size = events.size();
		Long[] at = new Long[size];
		String[] types = new String[size];
		String[] names = new String[size];
		String[] hosts = new String[size];
		Integer[] ports = new Integer[size];
		String[] previous = new String[size];
		for (int i = 0; i < size; i++) {
			Event event = events.get(i);
			at[i] = micros(event.at());
			types[i] = event.type().name();
			names[i] = event.name();
			hosts[i] = event.endpoint().host();
			ports[i] = event.endpoint().port();
			previous[i] = event.previousName();
		}
		statement.setArray(first, connection.createArrayOf("int8", at));
		statement.setArray(first + 1, connection.createArrayOf("text", types));
		statement.setArray(first + 2, connection.createArrayOf("text", names));
		statement.setArray(first + 3, connection.createArrayOf("text", hosts));
		statement.setArray(first + 4, connection.createArrayOf("int4", ports));
		statement.setArray(first + 5, connection.createArrayOf("text", previous));
	}

	private static long micros(Instant instant) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
	}

	private static String lockKey(Endpoint endpoint) {
		return endpoint.host() + " " + endpoint.port();
	}

	/**
	 * Write a batch of coalesced renewals. Only endpoints still registered under the same
	 * name are renewed; an endpoint deregistered or moved meanwhile (perhaps by another
	 * replica) is reported back as missing and left alone.
	 * @param renewals the renewals, at most one per endpoint
	 * @param now the time of the write, for events
	 * @return which endpoints were missing and which came back from expiry
	 */
	public FlushResult flushRenewals(List<PendingRenewal> renewals, Instant now) {
		this.jdbc.sql(CUSTOM_PLANS).update();
		Set<Endpoint> renewed = new HashSet<>();
		List<PendingRenewal> revived = new ArrayList<>();
		for (int from = 0; from < renewals.size(); from += FLUSH_CHUNK) {
			List<PendingRenewal> chunk = renewals.subList(from, Math.min(renewals.size(), from + FLUSH_CHUNK));
			this.jdbcTemplate.query((connection) -> renewalStatement(connection, chunk), (ResultSet rs) -> {
				Endpoint endpoint = new Endpoint(rs.getString(1), rs.getInt(2));
				renewed.add(endpoint);
				if (rs.getBoolean(4)) {
					revived.add(new PendingRenewal(endpoint, rs.getString(3), now));
				}
			});
		}
		long index = 0;
		if (!revived.isEmpty()) {
			index = this.changeIndex.bump();
			insertEvents(index,
					revived.stream()
						.map((r) -> new Event(now, EventType.REVIVED, r.name(), r.endpoint(), null))
						.toList());
		}
		List<Endpoint> missing = renewals.stream()
			.map(PendingRenewal::endpoint)
			.filter((endpoint) -> !renewed.contains(endpoint))
			.toList();
		return new FlushResult(missing, revived.size(), index);
	}

	private static PreparedStatement renewalStatement(Connection connection, List<PendingRenewal> chunk)
			throws SQLException {
		String[] hosts = new String[chunk.size()];
		Integer[] ports = new Integer[chunk.size()];
		String[] names = new String[chunk.size()];
		Long[] seen = new Long[chunk.size()];
		for (int i = 0; i < chunk.size(); i++) {
			PendingRenewal renewal = chunk.get(i);
			hosts[i] = renewal.endpoint().host();
			ports[i] = renewal.endpoint().port();
			names[i] = renewal.name();
			seen[i] = ChronoUnit.MICROS.between(Instant.EPOCH, renewal.seen());
		}
		// Rows are locked in id order, so two replicas flushing overlapping batches
		// cannot
		// deadlock; GREATEST keeps a later heartbeat another replica already wrote.
		PreparedStatement statement = connection.prepareStatement("""
				WITH u AS (
				    SELECT * FROM unnest(?::text[], ?::int4[], ?::text[], ?::int8[]) AS u(host, port, name, seen_us)
				), locked AS (
				    SELECT i.id, i.expired, u.seen_us FROM registry_instance i
				    JOIN u ON i.host = u.host AND i.port = u.port AND i.name = u.name
				    ORDER BY i.id FOR UPDATE OF i
				)
				UPDATE registry_instance i
				SET last_seen = GREATEST(i.last_seen, to_timestamp(locked.seen_us / 1000000.0)), expired = false
				FROM locked WHERE i.id = locked.id
				RETURNING i.host, i.port, i.name, locked.expired
				""");
		statement.setArray(1, connection.createArrayOf("text", hosts));
		statement.setArray(2, connection.createArrayOf("int4", ports));
		statement.setArray(3, connection.createArrayOf("text", names));
		statement.setArray(4, connection.createArrayOf("int8", seen));
		return statement;
	}

	/**
	 * Remove an endpoint from a service.
	 * @param name the service it must belong to
	 * @param endpoint the endpoint
	 * @param now the time, for the event
	 * @param aliveAfter heartbeats after this instant are within the TTL
	 * @return the removed instance, or empty when the endpoint is not registered under
	 * that name
	 */
	public Optional<Instance> deregister(String name, Endpoint endpoint, Instant now, Instant aliveAfter) {
		lockEndpoint(endpoint);
		Optional<Instance> removed = this.jdbc
			.sql("DELETE FROM registry_instance WHERE host = ? AND port = ? AND name = ? RETURNING "
					+ InstanceRowMapper.COLUMNS)
			.params(endpoint.host(), endpoint.port(), name)
			.query(new InstanceRowMapper(aliveAfter))
			.optional();
		removed.ifPresent((instance) -> insertEvents(this.changeIndex.bump(),
				List.of(new Event(now, EventType.DEREGISTERED, name, endpoint, null))));
		return removed;
	}

	/**
	 * Record the expiry of every instance whose heartbeat is at or before the cutoff and
	 * not yet recorded. Safe to run on every replica at once: each expiry is recorded
	 * once.
	 * @param aliveAfter heartbeats at or before this instant are expired
	 * @param now the time, for the events
	 * @param renewing endpoints with a renewal acknowledged and not yet written: left
	 * alone
	 * @return the endpoints that expired now
	 */
	public List<Endpoint> expire(Instant aliveAfter, Instant now, Set<Endpoint> renewing) {
		this.jdbc.sql(CUSTOM_PLANS).update();
		String[] hosts = new String[renewing.size()];
		Integer[] ports = new Integer[renewing.size()];
		int i = 0;
		for (Endpoint endpoint : renewing) {
			hosts[i] = endpoint.host();
			ports[i++] = endpoint.port();
		}
		String due = "NOT expired AND last_seen <= ? AND NOT EXISTS (SELECT 1 FROM unnest(?::text[], ?::int4[]) "
				+ "AS r(host, port) WHERE r.host = i.host AND r.port = i.port)";
		return recordBulk(
				"UPDATE registry_instance i SET expired = true FROM (SELECT id FROM registry_instance i WHERE " + due
						+ " ORDER BY id FOR UPDATE) AS due WHERE i.id = due.id RETURNING i.name, i.host, i.port",
				EventType.EXPIRED, now, utc(aliveAfter), hosts, ports);
	}

	/**
	 * Delete expired instances whose last heartbeat is at or before the cutoff.
	 * @param cutoff the retention cutoff
	 * @param now the time, for the events
	 * @return the endpoints removed
	 */
	public List<Endpoint> removeRetired(Instant cutoff, Instant now) {
		return recordBulk(
				"DELETE FROM registry_instance WHERE id IN (SELECT id FROM registry_instance "
						+ "WHERE expired AND last_seen <= ? ORDER BY id FOR UPDATE) RETURNING name, host, port",
				EventType.REMOVED, now, utc(cutoff));
	}

	/**
	 * Change rows, then record an event for each under one change index: the rows are
	 * locked (in id order) before {@code registry_state}'s row, as everywhere (see the
	 * class comment). Changes nothing else when no row changed.
	 */
	private List<Endpoint> recordBulk(String change, EventType type, Instant now, Object... condition) {
		List<Event> events = this.jdbc.sql(change)
			.params(condition)
			.query((rs, row) -> new Event(now, type, rs.getString(1), new Endpoint(rs.getString(2), rs.getInt(3)),
					null))
			.list();
		if (events.isEmpty()) {
			return List.of();
		}
		insertEvents(this.changeIndex.bump(), events);
		return events.stream().map(Event::endpoint).toList();
	}

	/**
	 * Record events under one change index, in one statement.
	 */
	private void insertEvents(long index, List<Event> events) {
		this.jdbcTemplate.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement("""
					INSERT INTO registry_event (change_index, at, type, name, host, port, previous_name)
					SELECT ?, timestamptz 'epoch' + u.at_us * interval '1 microsecond', u.type, u.name, u.host, u.port,
					    u.previous_name
					FROM unnest(?::int8[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::text[])
					    WITH ORDINALITY AS u(at_us, type, name, host, port, previous_name, n)
					ORDER BY u.n
					""");
			statement.setLong(1, index);
			bindEvents(connection, statement, 2, events);
			return statement;
		});
	}

	/**
	 * Delete events older than the cutoff.
	 * @param cutoff the oldest event kept
	 * @param maxEvents the most events kept; older ones beyond it are deleted too
	 * @return how many were deleted
	 */
	public int pruneEvents(Instant cutoff, int maxEvents) {
		int deleted = this.jdbc.sql("DELETE FROM registry_event WHERE at < ?").param(utc(cutoff)).update();
		// Ids only grow, with gaps where a transaction rolled back: this keeps at most
		// maxEvents events, in one index range.
		return deleted
				+ this.jdbc.sql("DELETE FROM registry_event WHERE id <= (SELECT max(id) FROM registry_event) - ?")
					.param(maxEvents)
					.update();
	}

	/**
	 * Instances whose name matches a glob, in registration order.
	 * @param glob the pattern
	 * @param aliveAfter heartbeats after this instant are within the TTL
	 * @param includeExpired whether to include instances past the TTL
	 * @return the instances
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public List<Instance> find(Glob glob, Instant aliveAfter, boolean includeExpired) {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("aliveAfter", utc(aliveAfter));
		String where = globCondition(glob, params) + (includeExpired ? "" : " AND last_seen > :aliveAfter");
		return this.jdbc
			.sql("SELECT " + InstanceRowMapper.COLUMNS + " FROM registry_instance WHERE " + where + " ORDER BY id")
			.params(params)
			.query(new InstanceRowMapper(aliveAfter))
			.list();
	}

	/**
	 * One page of the instances whose name matches a glob, in registration order.
	 * @param glob the pattern
	 * @param aliveAfter heartbeats after this instant are within the TTL
	 * @param includeExpired whether to include instances past the TTL
	 * @param after the cursor: only instances registered after the one it names (0 for
	 * the first page)
	 * @param limit the most instances on the page
	 * @return the page
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public InstancePage findPage(Glob glob, Instant aliveAfter, boolean includeExpired, long after, int limit) {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("aliveAfter", utc(aliveAfter));
		params.put("after", after);
		params.put("limit", limit + 1);
		String where = globCondition(glob, params) + (includeExpired ? "" : " AND last_seen > :aliveAfter")
				+ " AND id > :after";
		List<Long> ids = new ArrayList<>();
		InstanceRowMapper mapper = new InstanceRowMapper(aliveAfter);
		List<Instance> found = this.jdbc
			.sql("SELECT id, " + InstanceRowMapper.COLUMNS + " FROM registry_instance WHERE " + where
					+ " ORDER BY id LIMIT :limit")
			.params(params)
			.query((rs, row) -> {
				ids.add(rs.getLong("id"));
				return mapper.mapRow(rs, row);
			})
			.list();
		if (found.size() <= limit) {
			return new InstancePage(found, null);
		}
		return new InstancePage(found.subList(0, limit), ids.get(limit - 1));
	}

	/**
	 * Services with their instance counts.
	 * @param glob only services matching this pattern, or null for all
	 * @param aliveAfter heartbeats after this instant are within the TTL
	 * @param includeExpired whether to list services that only have expired instances
	 * @return the services by name
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public List<ServiceSummary> services(@Nullable Glob glob, Instant aliveAfter, boolean includeExpired) {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("aliveAfter", utc(aliveAfter));
		String where = (glob != null) ? " WHERE " + globCondition(glob, params) : "";
		String having = includeExpired ? "" : " HAVING count(*) FILTER (WHERE last_seen > :aliveAfter) > 0";
		return this.jdbc
			.sql("SELECT name, count(*) FILTER (WHERE last_seen > :aliveAfter) AS alive, "
					+ "count(*) AS total, max(last_seen) AS last_seen FROM registry_instance" + where + " GROUP BY name"
					+ having + " ORDER BY name")
			.params(params)
			.query((rs, row) -> new ServiceSummary(rs.getString("name"), rs.getInt("alive"), rs.getInt("total"),
					InstanceRowMapper.instant(rs, "last_seen")))
			.list();
	}

	/**
	 * Recent events, newest first.
	 * @param afterIndex only events with a change index above this
	 * @param name only events of this service, or null
	 * @param limit the most events returned
	 * @return the events
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public List<RegistryEvent> events(long afterIndex, @Nullable String name, int limit) {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("after", afterIndex);
		params.put("limit", limit);
		String where = "change_index > :after";
		if (name != null) {
			params.put("name", name);
			where += " AND name = :name";
		}
		return this.jdbc
			.sql("SELECT change_index, at, type, name, host, port, previous_name FROM registry_event WHERE " + where
					+ " ORDER BY id DESC LIMIT :limit")
			.params(params)
			.query((rs, row) -> new RegistryEvent(rs.getLong("change_index"), InstanceRowMapper.instant(rs, "at"),
					EventType.valueOf(rs.getString("type")), rs.getString("name"),
					new Endpoint(rs.getString("host"), rs.getInt("port")), rs.getString("previous_name")))
			.list();
	}

	/**
	 * How many instances are within the TTL.
	 * @param aliveAfter heartbeats after this instant are within the TTL
	 * @return the count
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public long countAlive(Instant aliveAfter) {
		return this.jdbc.sql("SELECT count(*) FROM registry_instance WHERE last_seen > ?")
			.param(utc(aliveAfter))
			.query(Long.class)
			.single();
	}

	/**
	 * The index of the last committed change.
	 * @return the index
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public long currentIndex() {
		return this.changeIndex.current();
	}

	private static String globCondition(Glob glob, Map<String, Object> params) {
		if (glob.literal()) {
			params.put("exact", glob.literalPrefix());
			return "name = :exact";
		}
		params.put("regex", glob.postgresRegex());
		StringBuilder condition = new StringBuilder("name ~ :regex");
		if (!glob.literalPrefix().isEmpty()) {
			params.put("prefix", glob.literalPrefix());
			condition.append(" AND name >= :prefix");
			String upper = glob.prefixUpperBound();
			if (upper != null) {
				params.put("prefixEnd", upper);
				condition.append(" AND name < :prefixEnd");
			}
		}
		return condition.toString();
	}

	/**
	 * Serialises writers of one endpoint across replicas, including its first
	 * registration (when there is no row to lock yet).
	 */
	private void lockEndpoint(Endpoint endpoint) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
			.param(lockKey(endpoint))
			.query()
			.listOfRows();
	}

	private static boolean changes(StoredRow row, Registration registration) {
		return (registration.url() != null && !registration.url().equals(row.url()))
				|| (registration.metadata() != null && !registration.metadata().equals(row.metadata()));
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * What a durable registration did.
	 *
	 * @param outcome the outcome
	 * @param instance the instance as now stored
	 * @param index the change index of the write, or 0 when nothing visible changed
	 * @param previousName for a move, the name the endpoint had
	 * @param evicted an expired endpoint deleted to make room for this one, or null
	 */
	public record DurableResult(RegistrationOutcome outcome, Instance instance, long index,
			@Nullable String previousName, @Nullable Endpoint evicted) {

		DurableResult withIndex(long index) {
			return new DurableResult(this.outcome, this.instance, index, this.previousName, this.evicted);
		}

	}

	/**
	 * A heartbeat to record durably.
	 *
	 * @param registration the heartbeat
	 * @param now the time of the heartbeat
	 * @param aliveAfter heartbeats after this instant are within the TTL
	 * @param mayMoveFrom whether the caller may take a live endpoint from the service of
	 * this name
	 */
	public record PendingRegistration(Registration registration, Instant now, Instant aliveAfter,
			Predicate<String> mayMoveFrom) {

	}

	/**
	 * What became of one heartbeat of a batch: written, or refused by a rule
	 * ({@link EndpointTakenException}, {@link RegistryFullException}) while the others
	 * were written.
	 *
	 * @param written what the write did, or null when refused
	 * @param refusal why it was refused, or null when written
	 */
	public record RegistrationResult(@Nullable DurableResult written, @Nullable RuntimeException refusal) {

		static RegistrationResult written(DurableResult result) {
			return new RegistrationResult(result, null);
		}

		static RegistrationResult refused(RuntimeException refusal) {
			return new RegistrationResult(null, refusal);
		}

	}

	/** A stored row, as read under its lock. */
	private record StoredRow(long id, boolean expired, Instance instance) {

		String name() {
			return this.instance.name();
		}

		@Nullable String url() {
			return this.instance.url();
		}

		InstanceMetadata metadata() {
			return this.instance.metadata();
		}

		Instant firstSeen() {
			return this.instance.firstSeen();
		}

		Instant lastSeen() {
			return this.instance.lastSeen();
		}

	}

	/** A row as it will be written (id 0 for a new one). */
	private record Row(long id, String name, Endpoint endpoint, @Nullable String url, InstanceMetadata metadata,
			Instant firstSeen, Instant lastSeen) {

		Instance toInstance(Instant aliveAfter) {
			return new Instance(this.name, this.endpoint, this.url, this.metadata, this.firstSeen, this.lastSeen,
					this.lastSeen.isAfter(aliveAfter));
		}

	}

	/** The rows of one statement, as one array per column. */
	private static final class Columns {

		private static final JsonMapper json = JsonMapper.builder().build();

		private final List<Row> rows;

		Columns(List<Row> rows) {
			this.rows = rows;
		}

		/**
		 * Bind the columns from parameter {@code first} on.
		 * @return the next parameter's index
		 */
		int bind(Connection connection, PreparedStatement statement, int first, boolean withIds) throws SQLException {
			int size = this.rows.size();
			String[] names = new String[size];
			String[] hosts = new String[size];
			Integer[] ports = new Integer[size];
			String[] urls = new String[size];
			String[] tags = new String[size];
			String[] versions = new String[size];
			String[] labels = new String[size];
			Long[] firstSeen = new Long[size];
			Long[] last = new Long[size];
			Long[] ids = new Long[size];
			for (int i = 0; i < size; i++) {
				Row row = this.rows.get(i);
				names[i] = row.name();
				hosts[i] = row.endpoint().host();
				ports[i] = row.endpoint().port();
				urls[i] = row.url();
				tags[i] = json.writeValueAsString(row.metadata().tags());
				versions[i] = row.metadata().version();
				labels[i] = json.writeValueAsString(row.metadata().labels());
				firstSeen[i] = micros(row.firstSeen());
				last[i] = micros(row.lastSeen());
				ids[i] = row.id();
			}
			String[] types = { "text", "text", "int4", "text", "text", "text", "text", "int8", "int8", "int8" };
			Object[][] columns = { names, hosts, ports, urls, tags, versions, labels, firstSeen, last, ids };
			int count = withIds ? columns.length : columns.length - 1;
			for (int i = 0; i < count; i++) {
				statement.setArray(first + i, connection.createArrayOf(types[i], columns[i]));
			}
			return first + count;
		}

	}

	/** The stored rows of a batch's endpoints and the instance count, all locked. */
	private record Locked(Map<Endpoint, StoredRow> rows, long count) {

	}

	/** How many new instances fit, and the expired rows deleted to fit them. */
	private record Room(int free, List<Evicted> evicted) {

	}

	/** An expired row deleted to make room. */
	private record Evicted(String name, Endpoint endpoint) {

	}

	/** An event to record under the batch's change index. */
	private record Event(Instant at, EventType type, String name, Endpoint endpoint, @Nullable String previousName) {

	}

	/**
	 * A page of instances.
	 *
	 * @param instances the instances, in registration order
	 * @param next the cursor of the next page, or null when this is the last
	 */
	public record InstancePage(List<Instance> instances, @Nullable Long next) {

	}

	/**
	 * A renewal waiting to be written.
	 *
	 * @param endpoint the endpoint
	 * @param name the name it renewed under
	 * @param seen when
	 */
	public record PendingRenewal(Endpoint endpoint, String name, Instant seen) {

		public PendingRenewal {
			Objects.requireNonNull(endpoint);
		}

	}

	/**
	 * What a renewal flush did.
	 *
	 * @param missing endpoints no longer registered under the renewed name
	 * @param revived how many endpoints came back from expiry
	 * @param index the change index of the revivals, or 0
	 */
	public record FlushResult(List<Endpoint> missing, int revived, long index) {

	}

}
