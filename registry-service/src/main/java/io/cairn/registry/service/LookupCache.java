package io.cairn.registry.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.cairn.registry.config.RegistryProperties;
import io.cairn.registry.domain.Instance;
import io.cairn.registry.watch.ChangeListener;
import io.cairn.registry.watch.WatchHub;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Answers repeated lookups of live instances from memory while nothing has changed.
 * <p>
 * An answer is kept with the change index it was read under and reused only while this
 * replica has heard of no later change (its own writes advance the index at once, other
 * replicas' within the time PostgreSQL takes to deliver a {@code NOTIFY}) and until the
 * first of its instances could pass the TTL. While the listening connection is down the
 * cache is bypassed, so a replica never answers from memory what it cannot verify.
 * <p>
 * The answers kept hold at most {@link #weightFor twice {@code max-instances}} instances;
 * beyond that Caffeine evicts the answers least likely to be asked again, one by one. (It
 * used to start over at 10,000 patterns: with 10,000 services, at 100,000 instances,
 * every answer was dropped each time one more was read, and lookups went to PostgreSQL in
 * waves; issue 18.)
 */
@Component
class LookupCache {

	private final Cache<String, Entry> entries;

	private final LongSupplier index;

	private final BooleanSupplier connected;

	@Autowired
	LookupCache(WatchHub hub, ChangeListener listener, RegistryProperties properties) {
		this(hub::index, listener::isConnected, weightFor(properties.maxInstances()));
	}

	/**
	 * Create the cache.
	 * @param index the latest change index this replica has heard of
	 * @param connected whether it hears of changes at all
	 * @param maxWeight the most instances the kept answers hold (an empty answer counts
	 * as one)
	 */
	LookupCache(LongSupplier index, BooleanSupplier connected, long maxWeight) {
		this.index = index;
		this.connected = connected;
		this.entries = Caffeine.newBuilder()
			.maximumWeight(maxWeight)
			.weigher((String pattern, Entry entry) -> 1 + entry.instances().size())
			// Evict on the thread that adds, rather than handing the work to another.
			.executor(Runnable::run)
			.build();
	}

	/**
	 * How many instances the kept answers may hold: every instance the registry may
	 * store, twice (under its exact name and under a glob or two), and no fewer than
	 * 10,000.
	 * @param maxInstances {@code cairn.registry.max-instances}
	 * @return the bound
	 */
	static long weightFor(int maxInstances) {
		return Math.max(10_000, 2L * maxInstances);
	}

	/**
	 * The live instances for a pattern, from memory when still valid.
	 * @param pattern the glob's regular expression (two globs with the same expression
	 * match the same names)
	 * @param now the current time
	 * @param ttl the TTL, to know when the first instance could expire
	 * @param load reads the answer from the database
	 * @return the instances
	 */
	List<Instance> get(String pattern, Instant now, Duration ttl, Supplier<List<Instance>> load) {
		if (!this.connected.getAsBoolean()) {
			return load.get();
		}
		long index = this.index.getAsLong();
		Entry entry = this.entries.getIfPresent(pattern);
		if (entry != null && entry.index() == index && now.isBefore(entry.validUntil())) {
			return entry.instances();
		}
		List<Instance> instances = load.get();
		Instant validUntil = instances.stream()
			.map(Instance::lastSeen)
			.min(Instant::compareTo)
			.map((oldest) -> oldest.plus(ttl))
			.orElse(Instant.MAX);
		this.entries.put(pattern, new Entry(index, validUntil, instances));
		return instances;
	}

	/**
	 * How many answers are kept, once pending evictions are done.
	 * @return the number of answers
	 */
	long size() {
		this.entries.cleanUp();
		return this.entries.estimatedSize();
	}

	private record Entry(long index, Instant validUntil, List<Instance> instances) {

	}

}
