package io.cairn.registry.service;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.cairn.registry.domain.RegistrationOutcome;

import org.springframework.stereotype.Component;

/**
 * The registry's own meters, all under {@code cairn.registry}. No meter is tagged per
 * instance or per service, so their number does not grow with the registry.
 */
@Component
class RegistryMetrics {

	private final Map<RegistrationOutcome, Counter> pings = new EnumMap<>(RegistrationOutcome.class);

	private final Counter lookups;

	private final Counter registrations;

	private final Counter deregistrations;

	private final Counter expiries;

	private final AtomicLong alive = new AtomicLong();

	RegistryMetrics(MeterRegistry registry) {
		for (RegistrationOutcome outcome : RegistrationOutcome.values()) {
			this.pings.put(outcome,
					Counter.builder("cairn.registry.pings")
						.description("Heartbeats received, by what they did")
						.tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
						.register(registry));
		}
		this.lookups = Counter.builder("cairn.registry.lookups")
			.description("Service lookups (locate_service and REST)")
			.register(registry);
		this.registrations = Counter.builder("cairn.registry.registrations")
			.description("New endpoints registered")
			.register(registry);
		this.deregistrations = Counter.builder("cairn.registry.deregistrations")
			.description("Endpoints deregistered through the API")
			.register(registry);
		this.expiries = Counter.builder("cairn.registry.expiries")
			.description("Instances whose heartbeat passed the TTL (counted by the replica that recorded it)")
			.register(registry);
		Gauge.builder("cairn.registry.instances.alive", this.alive, AtomicLong::get)
			.description("Instances within the TTL")
			.register(registry);
	}

	void ping(RegistrationOutcome outcome) {
		Objects.requireNonNull(this.pings.get(outcome)).increment();
		if (outcome == RegistrationOutcome.REGISTERED) {
			this.registrations.increment();
		}
	}

	void lookup() {
		this.lookups.increment();
	}

	void deregistered() {
		this.deregistrations.increment();
	}

	void expired(int count) {
		this.expiries.increment(count);
	}

	void alive(long count) {
		this.alive.set(count);
	}

}
