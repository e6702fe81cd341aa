package io.cairn.registry.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.cairn.registry.config.RegistryProperties;
import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.Timestamps;
import io.cairn.registry.domain.Glob;
import io.cairn.registry.domain.Instance;
import io.cairn.registry.domain.Registration;
import io.cairn.registry.domain.RegistrationOutcome;
import io.cairn.registry.domain.RegistryEvent;
import io.cairn.registry.domain.ServiceSummary;
import io.cairn.registry.store.RegistryStore;
import io.cairn.registry.store.RegistryStore.DurableResult;
import io.cairn.registry.store.RegistryStore.InstancePage;
import io.cairn.registry.store.RegistryStore.PendingRegistration;
import io.cairn.registry.store.RegistryStore.PendingRenewal;
import io.cairn.registry.watch.WatchHub;
import io.cairn.support.web.DatabaseFailures;

import org.springframework.stereotype.Service;

/**
 * The registry, as both protocols (servreg's JSON-RPC and the REST API) see it.
 * <p>
 * A heartbeat that changes what lookups answer (a new endpoint, a move, a revival, new
 * metadata) is written to PostgreSQL before it is acknowledged, in a transaction shared
 * with the others that arrive meanwhile ({@link RegistrationBatcher}). A plain renewal of
 * a live endpoint is acknowledged at once and written with the others of its second, also
 * while the database is down (then when it returns). Lookups always read PostgreSQL and
 * apply the TTL on read, so every replica gives the same answer.
 */
@Service
public class Registry {

	private final RegistryStore store;

	private final RenewalCoalescer renewals;

	private final RegistrationBatcher registrations;

	private final KnownEndpoints known;

	private final DatabaseReach reach;

	private final WatchHub hub;

	private final RegistryMetrics metrics;

	private final LookupCache lookups;

	private final RegistryProperties properties;

	private final Clock clock;

	Registry(RegistryStore store, RenewalCoalescer renewals, RegistrationBatcher registrations, KnownEndpoints known,
			DatabaseReach reach, WatchHub hub, RegistryMetrics metrics, LookupCache lookups,
			RegistryProperties properties, Clock clock) {
		this.store = store;
		this.renewals = renewals;
		this.registrations = registrations;
		this.known = known;
		this.reach = reach;
		this.hub = hub;
		this.metrics = metrics;
		this.lookups = lookups;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Record a heartbeat from a client that may write every service.
	 * @param registration the validated heartbeat
	 * @return what it did
	 */
	public RegistrationOutcome ping(Registration registration) {
		return ping(registration, (name) -> true);
	}

	/**
	 * Record a heartbeat.
	 * @param registration the validated heartbeat, of a service the caller may write
	 * @param mayMoveFrom whether the caller may also write the service of this name, and
	 * so move an endpoint that is alive under it
	 * @return what it did
	 * @throws io.cairn.registry.domain.EndpointTakenException when the endpoint is alive
	 * under a service the caller may not write
	 * @throws io.cairn.registry.domain.RegistryFullException when the endpoint is new and
	 * the registry is full
	 * @throws io.cairn.registry.domain.RegistryBusyException when too many durable
	 * heartbeats are waiting for their write
	 */
	public RegistrationOutcome ping(Registration registration, Predicate<String> mayMoveFrom) {
		return pingAll(List.of(new Heartbeat(registration, mayMoveFrom))).get(0).outcome();
	}

	/**
	 * Record several heartbeats (a JSON-RPC batch's): the durable ones are queued
	 * together and so written in one transaction, as {@link RegistrationBatcher} allows;
	 * each keeps its own answer.
	 * @param heartbeats the validated heartbeats, in their order
	 * @return what each did, in the same order
	 */
	public List<PingResult> pingAll(List<Heartbeat> heartbeats) {
		Instant now = Timestamps.now(this.clock);
		Instant aliveAfter = now.minus(this.properties.ttl());
		// An expiry sweep (of any replica) reads only what is written. A renewal answered
		// from memory is written within a flush window; one more window of margin keeps
		// the written heartbeat inside the TTL until then. An endpoint whose last write
		// is older is renewed durably, so no sweep can expire it after this answer. While
		// this replica cannot write at all, no sweep can either: known endpoints within
		// their TTL by what was acknowledged are renewed from memory (written on return).
		Instant writtenAfter = aliveAfter.plus(this.properties.renewalFlushInterval().multipliedBy(2));
		Instant acknowledgedAfter = this.reach.isUnreachable() ? aliveAfter : Instant.MAX;
		PingResult[] results = new PingResult[heartbeats.size()];
		List<Integer> durable = new ArrayList<>();
		List<PendingRegistration> pending = new ArrayList<>();
		Set<Endpoint> written = new HashSet<>();
		for (int i = 0; i < heartbeats.size(); i++) {
			Registration registration = heartbeats.get(i).registration();
			// After a durable heartbeat of the same endpoint in this batch, the next one
			// is
			// durable too, so that the two are written in their order.
			if (!written.contains(registration.endpoint())
					&& this.known.isPlainRenewal(registration, writtenAfter, acknowledgedAfter)) {
				this.renewals.add(new PendingRenewal(registration.endpoint(), registration.name(), now));
				this.known.acknowledged(registration.endpoint(), now);
				this.metrics.ping(RegistrationOutcome.RENEWED);
				results[i] = PingResult.of(RegistrationOutcome.RENEWED);
				continue;
			}
			written.add(registration.endpoint());
			durable.add(i);
			pending.add(new PendingRegistration(registration, now, aliveAfter, heartbeats.get(i).mayMoveFrom()));
		}
		if (!pending.isEmpty()) {
			List<CompletableFuture<DurableResult>> answers = this.registrations.submit(pending);
			for (int j = 0; j < durable.size(); j++) {
				results[durable.get(j)] = written(pending.get(j).registration(), answers.get(j));
			}
		}
		return Arrays.asList(results);
	}

	private PingResult written(Registration registration, CompletableFuture<DurableResult> answer) {
		DurableResult result;
		try {
			result = RegistrationBatcher.await(answer);
		}
		catch (RuntimeException ex) {
			if (DatabaseFailures.isUnavailable(ex)) {
				this.reach.lost();
			}
			return PingResult.failed(ex);
		}
		this.renewals.discard(registration.endpoint());
		this.known.remember(result.instance());
		if (result.evicted() != null) {
			this.known.forget(result.evicted());
			this.renewals.discard(result.evicted());
		}
		if (result.index() > 0) {
			this.hub.advance(result.index());
		}
		this.metrics.ping(result.outcome());
		return PingResult.of(result.outcome());
	}

	/**
	 * Remove an endpoint from a service.
	 * @param name the service
	 * @param endpoint the endpoint
	 * @return the removed instance, or empty when it is not registered under that name
	 */
	public Optional<Instance> deregister(String name, Endpoint endpoint) {
		Instant now = Timestamps.now(this.clock);
		Optional<Instance> removed = this.store.deregister(name, endpoint, now, now.minus(this.properties.ttl()));
		removed.ifPresent((instance) -> {
			this.known.forget(endpoint);
			this.renewals.discard(endpoint);
			this.metrics.deregistered();
			this.hub.advance(this.store.currentIndex());
		});
		return removed;
	}

	/**
	 * Live instances of the services whose names match a glob, in registration order, for
	 * clients that only need where they are ({@code locate_service}): answered from the
	 * {@link LookupCache} while nothing has changed, so their heartbeat times may be up
	 * to a TTL old.
	 * @param glob the pattern
	 * @return the instances
	 */
	public List<Instance> locate(Glob glob) {
		this.metrics.lookup();
		Instant now = Timestamps.now(this.clock);
		Instant aliveAfter = now.minus(this.properties.ttl());
		return this.lookups.get(glob.postgresRegex(), now, this.properties.ttl(),
				() -> this.store.find(glob, aliveAfter, false));
	}

	/**
	 * Instances of the services whose names match a glob.
	 * @param glob the pattern
	 * @param includeExpired whether to include instances past the TTL (kept for
	 * {@code cairn.registry.retention})
	 * @return the instances
	 */
	public List<Instance> instances(Glob glob, boolean includeExpired) {
		this.metrics.lookup();
		return this.store.find(glob, aliveAfter(), includeExpired);
	}

	/**
	 * A page of the instances of the services whose names match a glob, in registration
	 * order.
	 * @param glob the pattern
	 * @param includeExpired whether to include instances past the TTL
	 * @param after the cursor of the page (0 for the first)
	 * @param limit the most instances on the page
	 * @return the page, with the cursor of the next one when there are more
	 */
	public InstancePage instances(Glob glob, boolean includeExpired, long after, int limit) {
		this.metrics.lookup();
		return this.store.findPage(glob, aliveAfter(), includeExpired, after, limit);
	}

	/**
	 * Services and their instance counts.
	 * @param glob only names matching this, or null for all
	 * @param includeExpired whether to list services with no live instance
	 * @return the services by name
	 */
	public List<ServiceSummary> services(@Nullable Glob glob, boolean includeExpired) {
		return this.store.services(glob, aliveAfter(), includeExpired);
	}

	/**
	 * Recent events, newest first.
	 * @param afterIndex only events after this change index
	 * @param name only this service's events, or null
	 * @param limit at most this many
	 * @return the events
	 */
	public List<RegistryEvent> events(long afterIndex, @Nullable String name, int limit) {
		return this.store.events(afterIndex, name, limit);
	}

	/**
	 * The index of the last committed change, from the database.
	 * @return the index
	 */
	public long currentIndex() {
		return this.store.currentIndex();
	}

	/**
	 * The TTL in force.
	 * @return the TTL
	 */
	public java.time.Duration ttl() {
		return this.properties.ttl();
	}

	private Instant aliveAfter() {
		return Timestamps.now(this.clock).minus(this.properties.ttl());
	}

	/**
	 * A validated heartbeat and what its caller may write.
	 *
	 * @param registration the heartbeat, of a service the caller may write
	 * @param mayMoveFrom whether the caller may also write the service of this name, and
	 * so move an endpoint that is alive under it
	 */
	public record Heartbeat(Registration registration, Predicate<String> mayMoveFrom) {

	}

	/**
	 * What one heartbeat of {@link #pingAll} did, or why it failed.
	 *
	 * @param done what it did, or null when it failed
	 * @param failure what {@link #ping} would have thrown, or null
	 */
	public record PingResult(@Nullable RegistrationOutcome done, @Nullable RuntimeException failure) {

		static PingResult of(RegistrationOutcome outcome) {
			return new PingResult(outcome, null);
		}

		static PingResult failed(RuntimeException failure) {
			return new PingResult(null, failure);
		}

		/**
		 * What the heartbeat did.
		 * @return the outcome
		 * @throws RuntimeException what {@link #ping} throws, when it failed
		 */
		public RegistrationOutcome outcome() {
			if (this.failure != null) {
				throw this.failure;
			}
			return Objects.requireNonNull(this.done);
		}

	}

}
