package io.cairn.registry.service;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.Instance;
import io.cairn.registry.domain.InstanceMetadata;
import io.cairn.registry.domain.Registration;

import org.springframework.stereotype.Component;

/**
 * This replica's memory of live endpoints, so that a plain renewal (same name, same
 * metadata) can be acknowledged without a database round trip.
 * <p>
 * Each endpoint carries two times: when this replica last <em>acknowledged</em> a
 * heartbeat of it, and the newest heartbeat known to be <em>written</em> to PostgreSQL.
 * Expiry sweeps (of every replica) read only the written one, so a renewal is answered
 * from memory only while the written time leaves room for the coalesced write to land
 * (see {@link Registry#ping}); acknowledging on the acknowledged time alone let a replica
 * answer renewals of rows a sweep was about to expire.
 * <p>
 * Nothing here is decisive: lookups always read PostgreSQL, and the renewal flush tells
 * which remembered endpoints were changed by another replica meanwhile (they are
 * forgotten, so their next heartbeat is written durably).
 */
@Component
class KnownEndpoints {

	private final Map<Endpoint, Known> known = new ConcurrentHashMap<>();

	/**
	 * Whether a heartbeat renews a remembered endpoint without changing it (same name,
	 * and the same URL and metadata when it gives them), and the endpoint is fresh
	 * enough.
	 * @param registration the heartbeat
	 * @param writtenAfter the heartbeat may be answered from memory when the endpoint's
	 * newest written heartbeat is after this instant
	 * @param acknowledgedAfter or when its newest acknowledged heartbeat is after this
	 * one (pass {@link Instant#MAX} to rely on written heartbeats only)
	 */
	boolean isPlainRenewal(Registration registration, Instant writtenAfter, Instant acknowledgedAfter) {
		Known entry = this.known.get(registration.endpoint());
		return entry != null && entry.name().equals(registration.name())
				&& (entry.written().isAfter(writtenAfter) || entry.acknowledged().isAfter(acknowledgedAfter))
				&& (registration.url() == null || registration.url().equals(entry.url()))
				&& (registration.metadata() == null || registration.metadata().equals(entry.metadata()));
	}

	/**
	 * A heartbeat of the endpoint was acknowledged from memory; its write is pending.
	 */
	void acknowledged(Endpoint endpoint, Instant seen) {
		this.known.computeIfPresent(endpoint, (key, entry) -> entry.acknowledgedAt(seen));
	}

	/**
	 * A heartbeat of the endpoint under this name was written to PostgreSQL.
	 */
	void written(Endpoint endpoint, String name, Instant seen) {
		this.known.computeIfPresent(endpoint,
				(key, entry) -> entry.name().equals(name) ? entry.writtenAt(seen) : entry);
	}

	/**
	 * Remember an instance as just written (by a durable heartbeat of this replica).
	 */
	void remember(Instance instance) {
		this.known.put(instance.endpoint(), new Known(instance.name(), instance.url(), instance.metadata(),
				instance.lastSeen(), instance.lastSeen()));
	}

	/**
	 * Learn instances read from PostgreSQL (written by any replica), keeping what this
	 * replica already knows.
	 */
	void learn(Collection<Instance> instances) {
		for (Instance instance : instances) {
			this.known.putIfAbsent(instance.endpoint(), new Known(instance.name(), instance.url(), instance.metadata(),
					instance.lastSeen(), instance.lastSeen()));
		}
	}

	void forget(Endpoint endpoint) {
		this.known.remove(endpoint);
	}

	void forget(Endpoint endpoint, String name) {
		this.known.computeIfPresent(endpoint, (key, entry) -> entry.name().equals(name) ? null : entry);
	}

	void forgetSeenBefore(Instant cutoff) {
		this.known.values().removeIf((entry) -> entry.acknowledged().isBefore(cutoff));
	}

	int size() {
		return this.known.size();
	}

	private record Known(String name, @Nullable String url, InstanceMetadata metadata, Instant acknowledged,
			Instant written) {

		Known acknowledgedAt(Instant seen) {
			return seen.isAfter(this.acknowledged) ? new Known(this.name, this.url, this.metadata, seen, this.written)
					: this;
		}

		Known writtenAt(Instant seen) {
			Instant latest = seen.isAfter(this.written) ? seen : this.written;
			Instant acknowledged = seen.isAfter(this.acknowledged) ? seen : this.acknowledged;
			return new Known(this.name, this.url, this.metadata, acknowledged, latest);
		}

	}

}
