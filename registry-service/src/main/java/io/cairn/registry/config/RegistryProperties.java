package io.cairn.registry.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the registry keeps time and bounds its work.
 *
 * @param ttl an instance not renewed within this window is no longer returned by lookups
 * (servreg's README promised 60 s; its code used 180 s)
 * @param retention how long an expired instance is kept (and listed as expired) before it
 * is deleted
 * @param renewalFlushInterval renewals of known instances are coalesced in memory and
 * written at most this often; a crash loses at most this window of renewals, never a
 * registration
 * @param expiryCheckInterval how often expiries are recorded as events (lookups apply the
 * TTL on read, so they are never late)
 * @param eventRetention how long events are kept
 * @param maxEvents the most events kept, whatever their age (the oldest go first, within
 * a minute)
 * @param maxBatchLength the most calls one JSON-RPC batch may carry
 * @param maxBatchPatterns the most distinct {@code locate_service} patterns with
 * wildcards one JSON-RPC request may look up (each costs a scan); calls beyond it are
 * answered with a -32602 error. Exact names cost an index lookup and do not count
 * @param defaultWatchWait how long a watch blocks when the client gives no {@code wait}
 * @param maxWatchWait the longest a watch may block, whatever the client asks
 * @param maxInstances the most instances (endpoints) the registry stores, live or expired
 * and kept for {@code retention}; when it is full, a new endpoint takes the place of the
 * instance expired longest ago, and is refused (429) when none has expired
 * @param maxPageSize the most instances one answer of {@code GET /v1/instances} holds,
 * and the page size when the client gives no {@code limit}; more are reached through the
 * {@code Link: rel="next"} header
 * @param watches the bounds on watches (blocking queries)
 * @param registrations how durable heartbeats are gathered into group commits
 */
@ConfigurationProperties("cairn.registry")
public record RegistryProperties(@DefaultValue("60s") Duration ttl, @DefaultValue("1h") Duration retention,
		@DefaultValue("1s") Duration renewalFlushInterval, @DefaultValue("1s") Duration expiryCheckInterval,
		@DefaultValue("7d") Duration eventRetention, @DefaultValue("1000000") int maxEvents,
		@DefaultValue("100") int maxBatchLength, @DefaultValue("10") int maxBatchPatterns,
		@DefaultValue("5m") Duration defaultWatchWait, @DefaultValue("10m") Duration maxWatchWait,
		@DefaultValue("50000") int maxInstances, @DefaultValue("10000") int maxPageSize, @DefaultValue Watches watches,
		@DefaultValue Registrations registrations) {

	public RegistryProperties {
		requirePositive("ttl", ttl);
		requirePositive("renewal-flush-interval", renewalFlushInterval);
		requirePositive("expiry-check-interval", expiryCheckInterval);
		requirePositive("max-watch-wait", maxWatchWait);
		if (retention.isNegative() || eventRetention.isNegative()) {
			throw new IllegalArgumentException("cairn.registry.retention and event-retention must not be negative");
		}
		if (renewalFlushInterval.compareTo(ttl) >= 0) {
			throw new IllegalArgumentException("cairn.registry.renewal-flush-interval (" + renewalFlushInterval
					+ ") must be shorter than cairn.registry.ttl (" + ttl + ")");
		}
		requireAtLeastOne("max-events", maxEvents);
		requireAtLeastOne("max-batch-length", maxBatchLength);
		requireAtLeastOne("max-batch-patterns", maxBatchPatterns);
		requireAtLeastOne("max-instances", maxInstances);
		requireAtLeastOne("max-page-size", maxPageSize);
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException("cairn.registry." + name + " must be positive, not " + value);
		}
	}

	private static void requireAtLeastOne(String name, int value) {
		if (value < 1) {
			throw new IllegalArgumentException("cairn.registry." + name + " must be at least 1, not " + value);
		}
	}

	/**
	 * Durable heartbeats (new endpoints, moves, revivals, new metadata) that arrive while
	 * a write is in progress are gathered and written together in the next transaction,
	 * so that many registrations share one commit (and one disk flush). Each is
	 * acknowledged only once the commit that holds it succeeded.
	 *
	 * @param maxBatchSize the most registrations written in one transaction; more wait
	 * for the next
	 * @param maxQueued the most registrations waiting for their transaction; beyond it a
	 * registration is refused at once (JSON-RPC -32003, REST 503 with
	 * {@code Retry-After}) rather than queued
	 * @param retryAfter the {@code Retry-After} sent with a registration refused because
	 * the queue is full
	 */
	public record Registrations(@DefaultValue("500") int maxBatchSize, @DefaultValue("2000") int maxQueued,
			@DefaultValue("1s") Duration retryAfter) {

		public Registrations {
			requireAtLeastOne("registrations.max-batch-size", maxBatchSize);
			requireAtLeastOne("registrations.max-queued", maxQueued);
			requirePositive("registrations.retry-after", retryAfter);
		}

	}

	/**
	 * Bounds on watches, so that clients holding them cannot take the connections,
	 * threads and database time heartbeats need. A watch is a request with an
	 * {@code index}; it counts from its arrival until its answer is sent.
	 *
	 * @param maxTotal the most watches held at once; beyond it a watch is answered 429
	 * with {@code Retry-After}
	 * @param maxPerClient the most watches one client (remote address) holds at once;
	 * beyond it 429 with {@code Retry-After}. Behind a proxy every client has the proxy's
	 * address unless {@code server.forward-headers-strategy} is set
	 * @param readConcurrency how many threads (and so database connections) answer
	 * watches; watches of the same query share one read per change
	 * @param retryAfter the {@code Retry-After} sent with a 429
	 */
	public record Watches(@DefaultValue("2000") int maxTotal, @DefaultValue("100") int maxPerClient,
			@DefaultValue("2") int readConcurrency, @DefaultValue("5s") Duration retryAfter) {

		public Watches {
			requireAtLeastOne("watches.max-total", maxTotal);
			requireAtLeastOne("watches.max-per-client", maxPerClient);
			requireAtLeastOne("watches.read-concurrency", readConcurrency);
			requirePositive("watches.retry-after", retryAfter);
		}

	}

}
