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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

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

import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything the registry reads from and writes to PostgreSQL. Each public method is one
 * transaction, so a write is either complete or absent.
 * <p>
 * Single-instance writes (a registration, a deregistration) go through JPA. Set-based
 * work (a second's worth of renewals, expiries, glob lookups) is one SQL statement each.
 * Reads run outside any transaction: one statement in autocommit is one round trip, where
 * a read-only transaction costs four.
 */
@Component
@Transactional
public class RegistryStore {

	/** Most renewals written by one statement. */
	static final int FLUSH_CHUNK = 5000;

	private final InstanceRepository instances;

	private final EventRepository events;

	private final ChangeIndex changeIndex;

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final int maxInstances;

	RegistryStore(InstanceRepository instances, EventRepository events, ChangeIndex changeIndex, JdbcClient jdbc,
			JdbcTemplate jdbcTemplate, RegistryProperties properties) {
		this.instances = instances;
		this.events = events;
		this.changeIndex = changeIndex;
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.maxInstances = properties.maxInstances();
	}

	/**
	 * Record a heartbeat durably: create the endpoint, move it to another name, revive it
	 * or update its metadata, with the matching event, all in one transaction.
	 * @param registration the heartbeat
	 * @param now the time of the heartbeat
	 * @param aliveAfter heartbeats after this instant are within the TTL
	 * @param mayMoveFrom whether the caller may take a live endpoint from the service of
	 * this name
	 * @return what happened
	 * @throws RegistryFullException when the endpoint is new and the registry is full
	 * @throws EndpointTakenException when the endpoint is alive under a name the caller
	 * may not take it from
	 */
	public DurableResult register(Registration registration, Instant now, Instant aliveAfter,
			Predicate<String> mayMoveFrom) {
		Endpoint endpoint = registration.endpoint();
		lockEndpoint(endpoint);
		Optional<InstanceEntity> existing = this.instances.findByHostAndPort(endpoint.host(), endpoint.port());
		RegistrationOutcome outcome;
		String previousName = null;
		InstanceEntity entity;
		Endpoint evicted = null;
		String evictedName = null;
		if (existing.isEmpty()) {
			Map<String, Object> room = makeRoom();
			if (room != null) {
				evictedName = (String) room.get("name");
				evicted = new Endpoint(Objects.requireNonNull((String) room.get("host")),
						Objects.requireNonNull((Integer) room.get("port")));
			}
			entity = new InstanceEntity(registration.name(), endpoint, now);
			outcome = RegistrationOutcome.REGISTERED;
		}
		else {
			entity = existing.get();
			boolean wasAlive = !entity.isExpired() && entity.getLastSeen().isAfter(aliveAfter);
			if (!entity.getName().equals(registration.name())) {
				if (wasAlive && !mayMoveFrom.test(entity.getName())) {
					throw new EndpointTakenException(endpoint, entity.getName());
				}
				previousName = entity.getName();
				entity.setName(registration.name());
				entity.setFirstSeen(now);
				entity.setMetadata(InstanceMetadata.EMPTY);
				outcome = RegistrationOutcome.MOVED;
			}
			else if (!wasAlive) {
				outcome = RegistrationOutcome.REVIVED;
			}
			else if (changes(entity, registration)) {
				outcome = RegistrationOutcome.UPDATED;
			}
			else {
				outcome = RegistrationOutcome.RENEWED;
			}
			if (entity.getLastSeen().isBefore(now)) {
				entity.setLastSeen(now);
			}
			entity.setExpired(false);
		}
		if (registration.url() != null) {
			entity.setUrl(registration.url());
		}
		if (registration.metadata() != null) {
			entity.setMetadata(registration.metadata());
		}
		this.instances.save(entity);
		long index = 0;
		if (outcome.isChange()) {
			index = this.changeIndex.bump();
			if (evicted != null) {
				this.events.save(new EventEntity(index, now, EventType.REMOVED, Objects.requireNonNull(evictedName),
						evicted, null));
			}
			this.events.save(new EventEntity(index, now, EventType.valueOf(outcome.name()), registration.name(),
					endpoint, previousName));
		}
		return new DurableResult(outcome, entity.toInstance(aliveAfter), index, previousName, evicted);
	}

	/**
	 * Make room for one more instance: nothing to do below the quota; at the quota, the
	 * instance expired longest ago is deleted. Runs under the change index's row lock, so
	 * replicas registering at once cannot pass the quota together.
	 * @return the deleted row's name, host and port, or null when there was room
	 * @throws RegistryFullException when the registry is full and no instance has expired
	 */
	private @Nullable Map<String, Object> makeRoom() {
		long count = this.jdbc.sql("SELECT instance_count FROM registry_state WHERE id = 1 FOR UPDATE")
			.query(Long.class)
			.single();
		if (count < this.maxInstances) {
			return null;
		}
		List<Map<String, Object>> removed = this.jdbc
			.sql("DELETE FROM registry_instance WHERE id = (SELECT id FROM registry_instance WHERE expired "
					+ "ORDER BY last_seen, id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING name, host, port")
			.query()
			.listOfRows();
		if (removed.isEmpty() || count - 1 >= this.maxInstances) {
			throw new RegistryFullException(this.maxInstances);
		}
		return removed.get(0);
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
			long eventIndex = index;
			this.events.saveAll(revived.stream()
				.map((r) -> new EventEntity(eventIndex, now, EventType.REVIVED, r.name(), r.endpoint(), null))
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
		Optional<InstanceEntity> existing = this.instances.findByHostAndPort(endpoint.host(), endpoint.port())
			.filter((entity) -> entity.getName().equals(name));
		existing.ifPresent((entity) -> {
			this.instances.delete(entity);
			long index = this.changeIndex.bump();
			this.events.save(new EventEntity(index, now, EventType.DEREGISTERED, name, endpoint, null));
		});
		return existing.map((entity) -> entity.toInstance(aliveAfter));
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
		String[] hosts = new String[renewing.size()];
		Integer[] ports = new Integer[renewing.size()];
		int i = 0;
		for (Endpoint endpoint : renewing) {
			hosts[i] = endpoint.host();
			ports[i++] = endpoint.port();
		}
		String due = "NOT expired AND last_seen <= ? AND NOT EXISTS (SELECT 1 FROM unnest(?::text[], ?::int4[]) "
				+ "AS r(host, port) WHERE r.host = i.host AND r.port = i.port)";
		return recordBulk("UPDATE registry_instance i SET expired = true WHERE " + due,
				"SELECT 1 FROM registry_instance i WHERE " + due + " LIMIT 1", EventType.EXPIRED, now, utc(aliveAfter),
				hosts, ports);
	}

	/**
	 * Delete expired instances whose last heartbeat is at or before the cutoff.
	 * @param cutoff the retention cutoff
	 * @param now the time, for the events
	 * @return the endpoints removed
	 */
	public List<Endpoint> removeRetired(Instant cutoff, Instant now) {
		return recordBulk("DELETE FROM registry_instance WHERE expired AND last_seen <= ?",
				"SELECT 1 FROM registry_instance WHERE expired AND last_seen <= ? LIMIT 1", EventType.REMOVED, now,
				utc(cutoff));
	}

	private List<Endpoint> recordBulk(String change, String probe, EventType type, Instant now, Object... condition) {
		if (this.jdbc.sql(probe).params(condition).query().listOfRows().isEmpty()) {
			return List.of();
		}
		long index = this.changeIndex.bump();
		List<Object> params = new ArrayList<>(List.of(condition));
		params.addAll(List.of(index, utc(now), type.name()));
		return this.jdbc
			.sql("WITH changed AS (" + change + " RETURNING name, host, port) "
					+ "INSERT INTO registry_event (change_index, at, type, name, host, port) "
					+ "SELECT ?, ?, ?, name, host, port FROM changed RETURNING host, port")
			.params(params)
			.query((rs, row) -> new Endpoint(rs.getString(1), rs.getInt(2)))
			.list();
	}

	/**
	 * Delete events older than the cutoff.
	 * @param cutoff the oldest event kept
	 * @param maxEvents the most events kept; older ones beyond it are deleted too
	 * @return how many were deleted
	 */
	public int pruneEvents(Instant cutoff, int maxEvents) {
		int deleted = this.events.deleteOlderThan(cutoff);
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
		List<EventEntity> found = (name != null)
				? this.events.findByChangeIndexGreaterThanAndNameOrderByIdDesc(afterIndex, name, Limit.of(limit))
				: this.events.findByChangeIndexGreaterThanOrderByIdDesc(afterIndex, Limit.of(limit));
		return found.stream().map(EventEntity::toEvent).toList();
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
			.param(endpoint.host() + " " + endpoint.port())
			.query()
			.listOfRows();
	}

	private static boolean changes(InstanceEntity entity, Registration registration) {
		return (registration.url() != null && !registration.url().equals(entity.getUrl()))
				|| (registration.metadata() != null && !registration.metadata().equals(entity.metadata()));
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
