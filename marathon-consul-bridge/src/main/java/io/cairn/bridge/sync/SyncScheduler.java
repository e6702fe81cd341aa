package io.cairn.bridge.sync;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs full syncs one at a time: periodically (every {@code sync.interval}), when the
 * event stream (re)connects, on {@code POST /v1/sync}, when the event queue overflows, to
 * repair after a failed event, and again after a sync that failed or left some steps
 * undone (at most {@value #MAX_RETRIES} times in a row: what still fails then, such as a
 * name clash or the mass-deregistration guard, waits for the next periodic sync or an
 * event). Requests made while a sync waits to start join it; requests made while one runs
 * get the next one, so a change is never missed and never synced twice for nothing.
 * Automatic requests after a failed sync wait with exponential back-off (1 s doubling, up
 * to the sync interval or one minute) instead of hammering a Consul or Marathon that is
 * down.
 */
public final class SyncScheduler implements AutoCloseable {

	private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	/** Automatic syncs after consecutive failed or partial ones, at most. */
	static final int MAX_RETRIES = 5;

	private final Sync sync;

	private final Duration interval;

	private final Duration firstRetry;

	private final ThreadPoolTaskScheduler scheduler;

	private final ScheduledExecutorService executor;

	private @Nullable Pending pending;

	private @Nullable ScheduledFuture<?> periodic;

	private volatile @Nullable SyncResult last;

	private volatile boolean running;

	private volatile @Nullable Thread runner;

	private int failures;

	/**
	 * Create a scheduler.
	 * @param sync the sync
	 * @param interval the period, 0 for none
	 * @param schedulers Boot's scheduler builder
	 */
	public SyncScheduler(FullSync sync, Duration interval, ThreadPoolTaskSchedulerBuilder schedulers) {
		this(sync::run, interval, FIRST_RETRY, schedulers);
	}

	/**
	 * Create a scheduler with another first back-off: reaching the retry cap takes 31 s
	 * of back-off with the real one, which a test cannot afford.
	 * @param sync runs a sync
	 * @param interval the period, 0 for none; also the longest back-off (one minute when
	 * 0)
	 * @param firstRetry the back-off after the first failed sync, doubling after each
	 * further one
	 */
	SyncScheduler(Sync sync, Duration interval, Duration firstRetry) {
		this(sync, interval, firstRetry, new ThreadPoolTaskSchedulerBuilder());
	}

	private SyncScheduler(Sync sync, Duration interval, Duration firstRetry,
			ThreadPoolTaskSchedulerBuilder schedulers) {
		if (firstRetry.toMillis() < 1) {
			// Delays are counted in milliseconds: less would retry at once, hammering
			// what just failed.
			throw new IllegalArgumentException("firstRetry must be at least 1 ms, not " + firstRetry);
		}
		this.sync = sync;
		this.interval = interval;
		this.firstRetry = firstRetry;
		// One thread: syncs never overlap, and requests that wait coalesce.
		this.scheduler = schedulers.poolSize(1).threadNamePrefix("bridge-sync-scheduler-").build();
		this.scheduler.setDaemon(true);
		this.scheduler.initialize();
		this.executor = this.scheduler.getScheduledThreadPoolExecutor();
	}

	/**
	 * Start the periodic syncs (the first one after one interval; the caller requests the
	 * first sync itself).
	 */
	public synchronized void startPeriodic() {
		if (this.periodic == null && !this.interval.isZero()) {
			this.periodic = this.executor.scheduleWithFixedDelay(() -> request("periodic", false),
					this.interval.toMillis(), this.interval.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Stop the periodic syncs (a running one stops at its next write, which checks
	 * leadership).
	 */
	public synchronized void stopPeriodic() {
		if (this.periodic != null) {
			this.periodic.cancel(false);
			this.periodic = null;
		}
	}

	/**
	 * Request a sync now.
	 * @param trigger why
	 * @param force whether to override the mass-deregistration guard
	 * @return the result of the sync that serves the request
	 */
	public synchronized CompletableFuture<SyncResult> request(String trigger, boolean force) {
		return enqueue(trigger, force, Duration.ZERO);
	}

	/**
	 * Request a sync to repair state after a lost event or a failure; after failed syncs
	 * it waits with back-off.
	 * @param trigger why
	 */
	public synchronized void requestRepair(String trigger) {
		Duration delay = Duration.ZERO;
		if (this.failures > 0) {
			Duration cap = this.interval.isZero() ? Duration.ofMinutes(1) : this.interval;
			long millis = this.firstRetry.toMillis() << Math.min(this.failures - 1, 16);
			delay = Duration.ofMillis(Math.min(millis, cap.toMillis()));
		}
		enqueue(trigger, false, delay);
	}

	private CompletableFuture<SyncResult> enqueue(String trigger, boolean force, Duration delay) {
		Pending waiting = this.pending;
		if (waiting != null) {
			waiting.force |= force;
			if (delay.isZero() && !waiting.immediate) {
				waiting.immediate = true;
				this.executor.execute(this::runPending);
			}
			return waiting.future;
		}
		Pending next = new Pending(trigger, force, delay.isZero());
		this.pending = next;
		try {
			if (delay.isZero()) {
				this.executor.execute(this::runPending);
			}
			else {
				this.executor.schedule(this::runPending, delay.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (RejectedExecutionException ex) {
			// closed meanwhile: no sync will serve this request
			this.pending = null;
			next.future.cancel(false);
		}
		return next.future;
	}

	private void runPending() {
		Pending taken;
		synchronized (this) {
			taken = this.pending;
			this.pending = null;
		}
		if (taken == null) {
			return;
		}
		this.running = true;
		this.runner = Thread.currentThread();
		try {
			SyncResult result = this.sync.run(taken.trigger, taken.force);
			this.last = result;
			boolean failed = result.outcome() == SyncOutcome.FAILED || result.outcome() == SyncOutcome.PARTIAL;
			int failuresInARow;
			synchronized (this) {
				this.failures = failed ? this.failures + 1 : 0;
				failuresInARow = this.failures;
			}
			taken.future.complete(result);
			if (failed && failuresInARow <= MAX_RETRIES && !this.executor.isShutdown()) {
				// What this sync left undone (a registration an agent refused, an agent
				// that was restarting) is tried again after the back-off, not a whole
				// interval later; events alone would not repair it.
				requestRepair("retry after a " + result.outcome().value() + " sync");
			}
		}
		catch (RuntimeException ex) {
			taken.future.completeExceptionally(ex);
		}
		finally {
			this.runner = null;
			this.running = false;
			// An interruption meant for this sync must not reach the next one.
			Thread.interrupted();
		}
	}

	/**
	 * Stop the running sync at once (leadership was lost, or the bridge stops): its
	 * waiting is interrupted and it reports {@code failed}; writes already sent may still
	 * land, which the next leader's sync reconciles.
	 */
	public void interruptRunning() {
		Thread current = this.runner;
		if (current != null) {
			current.interrupt();
		}
	}

	/**
	 * The last sync's result.
	 * @return the result, or {@code null} before the first
	 */
	public @Nullable SyncResult last() {
		return this.last;
	}

	/**
	 * Whether a sync runs now.
	 * @return true while running
	 */
	public boolean running() {
		return this.running;
	}

	@Override
	public void close() {
		// A sync under way is interrupted, as before: a stopping bridge writes nothing
		// more.
		this.executor.shutdownNow();
		this.scheduler.shutdown();
		synchronized (this) {
			if (this.pending != null) {
				this.pending.future.cancel(false);
				this.pending = null;
			}
		}
	}

	/**
	 * What the scheduler runs: {@link FullSync#run}, or in tests a stand-in that fails on
	 * demand without a Marathon or Consul behind it.
	 */
	@FunctionalInterface
	interface Sync {

		/**
		 * Run a sync.
		 * @param trigger why
		 * @param force whether to override the mass-deregistration guard
		 * @return the result
		 */
		SyncResult run(String trigger, boolean force);

	}

	private static final class Pending {

		final String trigger;

		final CompletableFuture<SyncResult> future = new CompletableFuture<>();

		boolean force;

		boolean immediate;

		Pending(String trigger, boolean force, boolean immediate) {
			this.trigger = trigger;
			this.force = force;
			this.immediate = immediate;
		}

	}

}
