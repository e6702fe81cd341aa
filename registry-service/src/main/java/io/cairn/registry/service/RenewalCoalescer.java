package io.cairn.registry.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.registry.config.RegistryProperties;
import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.Timestamps;
import io.cairn.registry.store.RegistryStore;
import io.cairn.registry.store.RegistryStore.FlushResult;
import io.cairn.registry.store.RegistryStore.PendingRenewal;
import io.cairn.registry.watch.WatchHub;
import io.cairn.support.web.DatabaseFailures;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Renewals dominate a registry's load, and each only moves a timestamp. They are kept in
 * memory (the latest per endpoint) and written in one statement every
 * {@code cairn.registry.renewal-flush-interval}, so PostgreSQL sees one write per second
 * instead of one per heartbeat. A crash loses at most that window of renewals; a
 * registration never waits here. Pending renewals are written on shutdown, and kept for
 * the next attempt when the database is down.
 * <p>
 * While the database is down, renewals of endpoints this replica knows are acknowledged
 * from memory as long as the instance is within its TTL by its last acknowledged
 * heartbeat: no replica can record an expiry meanwhile, and when the database answers
 * again the first flush (at most one {@code renewal-flush-interval} later) writes them,
 * before any expiry is recorded (see {@link ExpiryReaper#runOnce()}).
 * <p>
 * The periodic flush runs on a thread of its own, {@code registry-renewals-1}, from
 * Boot's {@link ThreadPoolTaskSchedulerBuilder}, shut down when the coalescer is closed;
 * the last flush is made by {@link #stop()} on the thread that stops the context.
 */
@Component
class RenewalCoalescer implements SmartLifecycle, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RenewalCoalescer.class);

	private final Map<Endpoint, PendingRenewal> pending = new ConcurrentHashMap<>();

	private final RegistryStore store;

	private final KnownEndpoints known;

	private final DatabaseReach reach;

	private final WatchHub hub;

	private final ThreadPoolTaskScheduler scheduler;

	private final RegistryProperties properties;

	private final Clock clock;

	private final Timer flushTimer;

	private volatile boolean failing;

	private @Nullable ScheduledFuture<?> task;

	RenewalCoalescer(RegistryStore store, KnownEndpoints known, DatabaseReach reach, WatchHub hub,
			ThreadPoolTaskSchedulerBuilder schedulers, RegistryProperties properties, Clock clock,
			MeterRegistry meters) {
		this.store = store;
		this.known = known;
		this.reach = reach;
		this.hub = hub;
		// Boot's builder is immutable: these settings are this scheduler's alone. On
		// close, a flush under way completes (awaitTermination: wait for tasks).
		this.scheduler = schedulers.poolSize(1).threadNamePrefix("registry-renewals-").awaitTermination(true).build();
		this.scheduler.initialize();
		new ExecutorServiceMetrics(this.scheduler.getScheduledThreadPoolExecutor(), "registryRenewals", List.of())
			.bindTo(meters);
		this.properties = properties;
		this.clock = clock;
		this.flushTimer = Timer.builder("cairn.registry.renewals.flush")
			.description("Writes of coalesced renewals")
			.register(meters);
		Gauge.builder("cairn.registry.renewals.pending", this.pending, Map::size)
			.description("Renewals acknowledged and not yet written")
			.register(meters);
	}

	/**
	 * Queue a renewal; a later one for the same endpoint replaces it.
	 */
	void add(PendingRenewal renewal) {
		this.pending.merge(renewal.endpoint(), renewal,
				(old, update) -> update.seen().isBefore(old.seen()) && update.name().equals(old.name()) ? old : update);
	}

	/**
	 * Drop a queued renewal (the endpoint was just deregistered or moved here).
	 */
	void discard(Endpoint endpoint) {
		this.pending.remove(endpoint);
	}

	int pendingCount() {
		return this.pending.size();
	}

	/**
	 * The endpoints whose renewals are acknowledged and not yet written.
	 */
	Set<Endpoint> pendingEndpoints() {
		return Set.copyOf(this.pending.keySet());
	}

	/**
	 * Write every queued renewal now.
	 * @return whether every renewal queued before the call is written (false when the
	 * database refused them; they stay queued)
	 */
	synchronized boolean flush() {
		if (this.pending.isEmpty()) {
			return true;
		}
		List<PendingRenewal> batch = new ArrayList<>(this.pending.size());
		for (Endpoint endpoint : List.copyOf(this.pending.keySet())) {
			PendingRenewal renewal = this.pending.remove(endpoint);
			if (renewal != null) {
				batch.add(renewal);
			}
		}
		try {
			FlushResult result = this.flushTimer
				.recordCallable(() -> this.store.flushRenewals(batch, Timestamps.now(this.clock)));
			Set<Endpoint> missing = Set.copyOf(result.missing());
			for (PendingRenewal renewal : batch) {
				if (missing.contains(renewal.endpoint())) {
					this.known.forget(renewal.endpoint());
				}
				else {
					this.known.written(renewal.endpoint(), renewal.name(), renewal.seen());
				}
			}
			if (result.index() > 0) {
				this.hub.advance(result.index());
			}
			this.reach.reached();
			if (this.failing) {
				logger.info("Renewals are being written again");
				this.failing = false;
			}
			return true;
		}
		catch (Exception ex) {
			if (DatabaseFailures.isUnavailable(ex)) {
				this.reach.lost();
			}
			if (!this.failing) {
				logger.warn("Could not write " + batch.size() + " renewals; keeping them for the next attempt: "
						+ ex.getMessage());
				this.failing = true;
			}
			batch.forEach(this::add);
			return false;
		}
	}

	@Override
	public void start() {
		this.task = this.scheduler.scheduleWithFixedDelay(this::flush, this.properties.renewalFlushInterval());
	}

	@Override
	public void stop() {
		if (this.task != null) {
			this.task.cancel(false);
		}
		flush();
	}

	@Override
	public boolean isRunning() {
		return this.task != null && !this.task.isCancelled();
	}

	/**
	 * Let the flush thread end (a flush under way completes first); {@link #stop()} has
	 * written what was pending.
	 */
	@Override
	public void close() {
		this.scheduler.shutdown();
	}

	@Override
	public int getPhase() {
		// Lower than the web server's phases: stopped after it, so that renewals
		// acknowledged during graceful shutdown are written too.
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
