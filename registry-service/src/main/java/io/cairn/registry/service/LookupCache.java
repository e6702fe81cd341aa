package io.cairn.registry.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.cairn.registry.domain.Instance;
import io.cairn.registry.watch.ChangeListener;
import io.cairn.registry.watch.WatchHub;

import org.springframework.stereotype.Component;

/**
 * Answers repeated lookups of live instances from memory while nothing has changed.
 * <p>
 * An answer is kept with the change index it was read under and reused only while this
 * replica has heard of no later change (its own writes advance the index at once, other
 * replicas' within the time PostgreSQL takes to deliver a {@code NOTIFY}) and until the
 * first of its instances could pass the TTL. While the listening connection is down the
 * cache is bypassed, so a replica never answers from memory what it cannot verify.
 */
@Component
class LookupCache {

	/** Beyond this many distinct patterns the cache starts over. */
	static final int MAX_ENTRIES = 10_000;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final WatchHub hub;

	private final ChangeListener listener;

	LookupCache(WatchHub hub, ChangeListener listener) {
		this.hub = hub;
		this.listener = listener;
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
		if (!this.listener.isConnected()) {
			return load.get();
		}
		long index = this.hub.index();
		Entry entry = this.entries.get(pattern);
		if (entry != null && entry.index() == index && now.isBefore(entry.validUntil())) {
			return entry.instances();
		}
		List<Instance> instances = load.get();
		Instant validUntil = instances.stream()
			.map(Instance::lastSeen)
			.min(Instant::compareTo)
			.map((oldest) -> oldest.plus(ttl))
			.orElse(Instant.MAX);
		if (this.entries.size() >= MAX_ENTRIES) {
			this.entries.clear();
		}
		this.entries.put(pattern, new Entry(index, validUntil, instances));
		return instances;
	}

	private record Entry(long index, Instant validUntil, List<Instance> instances) {

	}

}
