package io.cairn.bridge.status;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The bridge's meters, all named {@code cairn.bridge.*} and tagged only with bounded
 * values (event types outside the known set count as {@code other}):
 * <ul>
 * <li>{@code cairn.bridge.events} (counter, {@code type}): events received;</li>
 * <li>{@code cairn.bridge.registration.latency} (timer): from an event's arrival to its
 * registration in Consul;</li>
 * <li>{@code cairn.bridge.sync.duration} (timer, {@code outcome}): full syncs;</li>
 * <li>{@code cairn.bridge.sync.drift} (counter, {@code kind}: {@code registered},
 * {@code updated}, {@code deregistered}, {@code kv}): what syncs repaired;</li>
 * <li>{@code cairn.bridge.errors} (counter, {@code kind}): failures;</li>
 * <li>gauges {@code cairn.bridge.leader} (1/0), {@code cairn.bridge.registrations},
 * {@code cairn.bridge.events.pending}, {@code cairn.bridge.stream.connected} (1/0),
 * {@code cairn.bridge.clashes} (apps left out of a name another app owns).</li>
 * </ul>
 */
public final class BridgeMetrics {

	private static final Set<String> KNOWN_TYPES = Set.of("status_update_event", "app_terminated_event",
			"api_post_event", "health_status_changed_event", "instance_health_changed_event", "instance_changed_event",
			"event_stream_attached", "event_stream_detached", "deployment_info", "deployment_success",
			"deployment_failed", "deployment_step_success", "deployment_step_failure", "group_change_success",
			"group_change_failed", "failed_health_check_event", "unhealthy_task_kill_event",
			"unhealthy_instance_kill_event", "subscribe_event", "unsubscribe_event");

	/** The outcomes of a full sync. */
	static final List<String> SYNC_OUTCOMES = List.of("success", "partial", "failed", "refused", "not-leader");

	/** What a full sync repairs. */
	static final List<String> DRIFT_KINDS = List.of("registered", "updated", "deregistered", "kv");

	/** What can fail. */
	static final List<String> ERROR_KINDS = List.of("event", "overflow", "stream", "sync");

	private final MeterRegistry registry;

	private final Timer registrationLatency;

	/**
	 * Create the meters.
	 * @param registry the registry
	 */
	public BridgeMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.registrationLatency = Timer.builder("cairn.bridge.registration.latency")
			.description("From an event's arrival to the registration it caused")
			.publishPercentiles(0.5, 0.99)
			.register(registry);
		// Every series an alert watches exists from start-up at zero: a rate or increase
		// sees no rise in a series that was not there, so a meter created at its first
		// event would hide that event (the first refused sync, the first error).
		SYNC_OUTCOMES.forEach((outcome) -> syncTimer(outcome));
		DRIFT_KINDS.forEach((kind) -> driftCounter(kind));
		ERROR_KINDS.forEach((kind) -> errorCounter(kind));
	}

	/**
	 * Count a received event.
	 * @param type its type
	 */
	public void event(String type) {
		Counter.builder("cairn.bridge.events")
			.description("Marathon events received")
			.tag("type", KNOWN_TYPES.contains(type) ? type : "other")
			.register(this.registry)
			.increment();
	}

	/**
	 * Record an event-to-registration latency.
	 * @param receivedNanos when the event arrived
	 */
	public void registered(long receivedNanos) {
		this.registrationLatency.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Record a full sync.
	 * @param duration how long it took
	 * @param outcome {@code success}, {@code partial}, {@code failed} or {@code refused}
	 */
	public void sync(Duration duration, String outcome) {
		syncTimer(outcome).record(duration);
	}

	private Timer syncTimer(String outcome) {
		return Timer.builder("cairn.bridge.sync.duration")
			.description("Full syncs")
			.tag("outcome", outcome)
			.register(this.registry);
	}

	/**
	 * Count repaired drift.
	 * @param kind {@code registered}, {@code updated}, {@code deregistered} or {@code kv}
	 * @param amount how much
	 */
	public void drift(String kind, int amount) {
		if (amount > 0) {
			driftCounter(kind).increment(amount);
		}
	}

	private Counter driftCounter(String kind) {
		return Counter.builder("cairn.bridge.sync.drift")
			.description("Differences between Marathon and Consul repaired by full syncs")
			.tag("kind", kind)
			.register(this.registry);
	}

	/**
	 * Count an error.
	 * @param kind what failed
	 */
	public void error(String kind) {
		errorCounter(kind).increment();
	}

	private Counter errorCounter(String kind) {
		return Counter.builder("cairn.bridge.errors").description("Failures").tag("kind", kind).register(this.registry);
	}

	/**
	 * Register the gauges.
	 * @param leader whether this replica leads
	 * @param registrations known registrations
	 * @param pending events waiting
	 * @param streamConnected whether the event stream is connected
	 * @param leftOut apps left out of a name another app owns
	 */
	public void gauges(Supplier<Boolean> leader, Supplier<Integer> registrations, Supplier<Integer> pending,
			Supplier<Boolean> streamConnected, Supplier<Integer> leftOut) {
		Gauge.builder("cairn.bridge.leader", () -> leader.get() ? 1 : 0)
			.description("1 while this replica leads")
			.register(this.registry);
		Gauge.builder("cairn.bridge.registrations", registrations::get)
			.description("Services the bridge knows it registered")
			.register(this.registry);
		Gauge.builder("cairn.bridge.events.pending", pending::get)
			.description("Events waiting to be applied")
			.register(this.registry);
		Gauge.builder("cairn.bridge.stream.connected", () -> streamConnected.get() ? 1 : 0)
			.description("1 while the event stream is connected")
			.register(this.registry);
		Gauge.builder("cairn.bridge.clashes", leftOut::get)
			.description("Apps left out of a service name or KV folder that an app whose ID sorts first owns")
			.register(this.registry);
	}

}
