package io.cairn.status.aggregate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;

/**
 * The meters, all under {@code cairn.status}: the aggregate status (as its Nagios code),
 * checks per effective status, poll latency, lateness and failures. A per-check state
 * gauge exists only while there are at most {@code cairn.status.metrics.per-check-limit}
 * checks, so the number of series stays bounded.
 */
public class StatusMetrics {

	private final MeterRegistry registry;

	private final LiveChecks live;

	private final int perCheckLimit;

	private final Timer latency;

	private final Timer lateness;

	private final Counter failures;

	private final Counter timeouts;

	private final Map<String, Meter> perCheck = new HashMap<>();

	/**
	 * Register the meters.
	 * @param registry the registry
	 * @param live the checks
	 * @param perCheckLimit the most checks that get a gauge each
	 */
	public StatusMetrics(MeterRegistry registry, LiveChecks live, int perCheckLimit) {
		this.registry = registry;
		this.live = live;
		this.perCheckLimit = perCheckLimit;
		Gauge.builder("cairn.status.aggregate", live, (l) -> l.snapshot().status().nagiosCode())
			.description("The aggregate status as a Nagios code: 0 OK, 1 Warning, 2 Critical, 3 Unknown")
			.register(registry);
		for (CheckStatus status : CheckStatus.values()) {
			Gauge.builder("cairn.status.checks", live, (l) -> l.snapshot().counts().get(status))
				.description("Counted checks by effective status")
				.tag("status", status.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
		Gauge.builder("cairn.status.checks.excluded", live, (l) -> l.snapshot().excluded())
			.description("Checks muted or in maintenance")
			.register(registry);
		Gauge.builder("cairn.status.checks.stale", live, (l) -> l.snapshot().stale())
			.description("Checks with no poll result within their stale window")
			.register(registry);
		Gauge.builder("cairn.status.checks.flapping", live, LiveChecks::flappingCount)
			.description("Checks flapping now (Nagios-style percent state change, cairn.status.flapping)")
			.register(registry);
		this.latency = Timer.builder("cairn.status.poll.latency")
			.description("How long polls take")
			.publishPercentileHistogram()
			.register(registry);
		this.lateness = Timer.builder("cairn.status.poll.lateness")
			.description("How long after its due time a poll started")
			.publishPercentileHistogram()
			.register(registry);
		this.failures = Counter.builder("cairn.status.poll.failures")
			.description("Polls whose result was not OK")
			.register(registry);
		this.timeouts = Counter.builder("cairn.status.poll.timeouts")
			.description("Polls that ran into a timeout")
			.register(registry);
		live.addListener((snapshot) -> refreshPerCheck());
	}

	/**
	 * Record a poll.
	 * @param result its result
	 */
	public void polled(PollResult result) {
		this.latency.record(result.latencyMillis(), TimeUnit.MILLISECONDS);
		if (result.status() != CheckStatus.OK) {
			this.failures.increment();
		}
		if (result.timedOut()) {
			this.timeouts.increment();
		}
	}

	/**
	 * Record how late a poll started.
	 * @param late the delay after its due time
	 */
	public void lateness(Duration late) {
		this.lateness.record(late.isNegative() ? Duration.ZERO : late);
	}

	private synchronized void refreshPerCheck() {
		int size = this.live.size();
		if (size > this.perCheckLimit) {
			if (!this.perCheck.isEmpty()) {
				this.perCheck.values().forEach(this.registry::remove);
				this.perCheck.clear();
			}
			return;
		}
		Map<String, Meter> keep = new HashMap<>();
		for (LiveChecks.View view : this.live.list()) {
			String id = view.check().id();
			Meter meter = this.perCheck.remove(id);
			if (meter == null) {
				meter = Gauge.builder("cairn.status.check", this.live, (l) -> {
					Contribution c = l.contribution(id);
					return (c != null) ? c.status().nagiosCode() : Double.NaN;
				})
					.description("One check's effective status as a Nagios code")
					.tag("check", id)
					.register(this.registry);
			}
			keep.put(id, meter);
		}
		this.perCheck.values().forEach(this.registry::remove);
		this.perCheck.clear();
		this.perCheck.putAll(keep);
	}

}
