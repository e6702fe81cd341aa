package io.cairn.registry.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.registry.config.RegistryProperties;
import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.Timestamps;
import io.cairn.registry.store.RegistryStore;
import io.cairn.registry.watch.WatchHub;
import io.cairn.support.web.DatabaseFailures;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Records expiries as events (and wakes watchers), deletes instances past the retention
 * period, prunes old events and refreshes the alive gauge. Lookups never wait for it:
 * they apply the TTL on read. Every replica runs it; each expiry is still recorded once.
 * <p>
 * It runs on a thread of its own, {@code registry-expiry-1}, from Boot's
 * {@link ThreadPoolTaskSchedulerBuilder}, shut down when the reaper is closed.
 */
@Component
public class ExpiryReaper implements SmartLifecycle, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ExpiryReaper.class);

	private static final Duration HOUSEKEEPING_INTERVAL = Duration.ofMinutes(1);

	private final RegistryStore store;

	private final KnownEndpoints known;

	private final RenewalCoalescer renewals;

	private final DatabaseReach reach;

	private final WatchHub hub;

	private final RegistryMetrics metrics;

	private final ThreadPoolTaskScheduler scheduler;

	private final RegistryProperties properties;

	private final Clock clock;

	private Instant lastHousekeeping = Instant.EPOCH;

	private Instant expiriesHeldUntil = Instant.EPOCH;

	private volatile boolean failing;

	private @Nullable ScheduledFuture<?> task;

	ExpiryReaper(RegistryStore store, KnownEndpoints known, RenewalCoalescer renewals, DatabaseReach reach,
			WatchHub hub, RegistryMetrics metrics, ThreadPoolTaskSchedulerBuilder schedulers,
			RegistryProperties properties, Clock clock, MeterRegistry meters) {
		this.store = store;
		this.known = known;
		this.renewals = renewals;
		this.reach = reach;
		this.hub = hub;
		this.metrics = metrics;
		// On close, a round under way completes (awaitTermination: wait for tasks).
		this.scheduler = schedulers.poolSize(1).threadNamePrefix("registry-expiry-").awaitTermination(true).build();
		this.scheduler.initialize();
		new ExecutorServiceMetrics(this.scheduler.getScheduledThreadPoolExecutor(), "registryExpiry", List.of())
			.bindTo(meters);
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Do one round now (tests call this after moving their clock).
	 * <p>
	 * Renewals acknowledged while the database was unreachable are still in memory when
	 * it comes back, and their rows look older than the TTL. So the round first writes
	 * the pending renewals, and leaves out endpoints with a renewal still pending; and
	 * after a failed round (an outage) it records no expiry for two flush intervals,
	 * which gives every replica the time to write the renewals it acknowledged. Otherwise
	 * each such instance would be recorded EXPIRED and then REVIVED, and watchers would
	 * drop it and add it again.
	 * @throws IllegalStateException when the pending renewals cannot be written
	 */
	public synchronized void runOnce() {
		if (!this.renewals.flush()) {
			throw new IllegalStateException("the renewals acknowledged meanwhile cannot be written yet");
		}
		Instant now = Timestamps.now(this.clock);
		Instant aliveAfter = now.minus(this.properties.ttl());
		List<Endpoint> expired = now.isBefore(this.expiriesHeldUntil) ? List.of()
				: this.store.expire(aliveAfter, now, this.renewals.pendingEndpoints());
		if (!expired.isEmpty()) {
			this.metrics.expired(expired.size());
		}
		List<Endpoint> removed = this.store.removeRetired(aliveAfter.minus(this.properties.retention()), now);
		removed.forEach(this.known::forget);
		if (!expired.isEmpty() || !removed.isEmpty()) {
			this.hub.advance(this.store.currentIndex());
		}
		if (Duration.between(this.lastHousekeeping, now).compareTo(HOUSEKEEPING_INTERVAL) >= 0) {
			this.store.pruneEvents(now.minus(this.properties.eventRetention()), this.properties.maxEvents());
			this.known.forgetSeenBefore(aliveAfter.minus(this.properties.retention()));
			this.lastHousekeeping = now;
		}
		this.metrics.alive(this.store.countAlive(aliveAfter));
	}

	private void runSafely() {
		try {
			if (this.failing) {
				this.expiriesHeldUntil = Timestamps.now(this.clock)
					.plus(this.properties.renewalFlushInterval().multipliedBy(2));
			}
			runOnce();
			this.reach.reached();
			if (this.failing) {
				logger.info("Expiry checks are running again (expiries are recorded again after "
						+ this.properties.renewalFlushInterval().multipliedBy(2).toMillis()
						+ " ms, once every replica has written the renewals it acknowledged meanwhile)");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			if (DatabaseFailures.isUnavailable(ex)) {
				this.reach.lost();
			}
			if (!this.failing) {
				logger.warn("Expiry check failed; will retry: " + ex.getMessage());
				this.failing = true;
			}
		}
	}

	@Override
	public void start() {
		this.task = this.scheduler.scheduleWithFixedDelay(this::runSafely, this.properties.expiryCheckInterval());
	}

	@Override
	public void stop() {
		if (this.task != null) {
			this.task.cancel(false);
		}
	}

	@Override
	public boolean isRunning() {
		return this.task != null && !this.task.isCancelled();
	}

	/**
	 * Let the reaper's thread end (a round under way completes first).
	 */
	@Override
	public void close() {
		this.scheduler.shutdown();
	}

}
