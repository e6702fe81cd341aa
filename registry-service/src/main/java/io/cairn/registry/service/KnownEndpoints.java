package io.cairn.registry.service;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.Instance;
import io.cairn.registry.domain.InstanceMetadata;
import io.cairn.registry.domain.Registration;

import org.springframework.stereotype.Component;

/**
 * This replica's memory of endpoints it has registered, so that a plain renewal (same
 * name, same metadata, still alive) can be acknowledged without a database round trip.
 * <p>
 * Nothing here is decisive: lookups always read PostgreSQL, and the renewal flush tells
 * which remembered endpoints were changed by another replica meanwhile (they are
 * forgotten, so their next heartbeat is written durably).
 */
@Component
class KnownEndpoints {

	private final Map<Endpoint, Known> known = new ConcurrentHashMap<>();

	/**
	 * Whether a heartbeat is a plain renewal of a live endpoint this replica knows.
	 */
	boolean isPlainRenewal(Registration registration, Instant aliveAfter) {
		Known entry = this.known.get(registration.endpoint());
		return entry != null && entry.name().equals(registration.name()) && entry.lastSeen().isAfter(aliveAfter)
				&& (registration.url() == null || registration.url().equals(entry.url()))
				&& (registration.metadata() == null || registration.metadata().equals(entry.metadata()));
	}

	void renewed(Endpoint endpoint, Instant seen) {
		this.known.computeIfPresent(endpoint, (key, entry) -> entry.seenAt(seen));
	}

	void remember(Instance instance) {
		this.known.put(instance.endpoint(),
				new Known(instance.name(), instance.url(), instance.metadata(), instance.lastSeen()));
	}

	void forget(Endpoint endpoint) {
		this.known.remove(endpoint);
	}

	void forget(Endpoint endpoint, String name) {
		this.known.computeIfPresent(endpoint, (key, entry) -> entry.name().equals(name) ? null : entry);
	}

	void forgetSeenBefore(Instant cutoff) {
		this.known.values().removeIf((entry) -> entry.lastSeen().isBefore(cutoff));
	}

	int size() {
		return this.known.size();
	}

	private record Known(String name, @Nullable String url, InstanceMetadata metadata, Instant lastSeen) {

		Known seenAt(Instant seen) {
			return seen.isAfter(this.lastSeen) ? new Known(this.name, this.url, this.metadata, seen) : this;
		}

	}

}
