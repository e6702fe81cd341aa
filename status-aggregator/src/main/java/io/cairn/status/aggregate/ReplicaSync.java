package io.cairn.status.aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.status.check.TrackedCheck;
import io.cairn.status.store.CheckStore;
import io.cairn.status.store.StoredChange;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps this replica's {@link LiveChecks} in step with the database: everything at
 * start-up (a restart starts from the last known state), then every sync interval the
 * rows other replicas wrote since the last version seen, plus a full reconciliation every
 * few minutes. Each tick also re-evaluates staleness and expired mutes.
 */
public class ReplicaSync implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ReplicaSync.class);

	private static final Duration RECONCILE_INTERVAL = Duration.ofMinutes(5);

	/**
	 * The shortest time without a successful read after which the view counts as behind:
	 * a read waits up to the pool's connection timeout on a busy database without being
	 * late in any way that matters.
	 */
	private static final Duration BEHIND_AFTER_AT_LEAST = Duration.ofSeconds(5);

	private final CheckStore store;

	private final LiveChecks live;

	private final ScheduledExecutorService scheduler;

	private final Duration interval;

	private final Clock clock;

	private long version = -1;

	private long lastReconcile = System.nanoTime();

	private volatile boolean failing;

	private volatile @Nullable Instant lastSync;

	/** When the last read succeeded, in real time ({@link System#nanoTime()}). */
	private volatile long lastSyncNanos;

	private @Nullable ScheduledFuture<?> task;

	/**
	 * Create the sync.
	 * @param store the database
	 * @param live the in-memory view
	 * @param scheduler runs the ticks
	 * @param interval the sync interval
	 * @param clock the clock
	 */
	public ReplicaSync(CheckStore store, LiveChecks live, ScheduledExecutorService scheduler, Duration interval,
			Clock clock) {
		this.store = store;
		this.live = live;
		this.scheduler = scheduler;
		this.interval = interval;
		this.clock = clock;
	}

	/**
	 * Load every check (start-up, reconciliation). What was written after the rows were
	 * read (a registration racing with the reload, a result still queued) is kept: the
	 * view compares versions (see {@link LiveChecks#apply}).
	 */
	public synchronized void reload() {
		long current = this.store.currentVersion();
		List<TrackedCheck> all = this.store.loadAll();
		this.live.apply(new CheckChange.Reloaded(all, current));
		this.version = Math.max(this.version, current);
		this.lastSync = this.clock.instant();
		this.lastSyncNanos = System.nanoTime();
		// A cadence of its own, in real time: the business clock may jump (tests move
		// it).
		this.lastReconcile = System.nanoTime();
	}

	/**
	 * Apply what changed since the last tick, then re-evaluate time-dependent states.
	 */
	public synchronized void syncOnce() {
		if (this.version < 0 || System.nanoTime() - this.lastReconcile >= RECONCILE_INTERVAL.toNanos()) {
			reload();
		}
		else {
			for (StoredChange change : this.store.changedSince(this.version)) {
				TrackedCheck row = change.check();
				this.live.apply(change.deleted() ? new CheckChange.Deleted(row.id(), row.version())
						: new CheckChange.Stored(row));
				this.version = Math.max(this.version, row.version());
			}
		}
		this.live.reevaluate();
		this.lastSync = this.clock.instant();
		this.lastSyncNanos = System.nanoTime();
	}

	private void tick() {
		try {
			syncOnce();
			if (this.failing) {
				logger.info("Reading changes from the database works again");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			// Staleness still advances while the database is away.
			this.live.reevaluate();
			if (!this.failing) {
				logger.warn("Could not read changes from the database; will retry: " + ex.getMessage());
				this.failing = true;
			}
		}
	}

	/**
	 * When the last successful sync happened.
	 * @return the instant, or null
	 */
	public @Nullable Instant lastSync() {
		return this.lastSync;
	}

	/**
	 * Since when this replica's view of the other replicas' results is older than it
	 * should be: when no read of the database has succeeded for five sync intervals (at
	 * least 5 s), the results of checks other replicas poll are only as new as the last
	 * read. Checks this replica polls itself stay current (it keeps polling them through
	 * a database outage).
	 * @return the instant of the last successful read when that is too long ago, or null
	 * while the view is current (or before the first read)
	 */
	public @Nullable Instant behindSince() {
		Instant last = this.lastSync;
		if (last == null) {
			return null;
		}
		long bound = Math.max(this.interval.multipliedBy(5).toNanos(), BEHIND_AFTER_AT_LEAST.toNanos());
		return (System.nanoTime() - this.lastSyncNanos > bound) ? last : null;
	}

	/**
	 * Whether syncing fails.
	 * @return true while the database cannot be read
	 */
	public boolean failing() {
		return this.failing;
	}

	@Override
	public void start() {
		try {
			reload();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not load checks at start-up; will retry: " + ex.getMessage());
			this.failing = true;
		}
		long millis = this.interval.toMillis();
		this.task = this.scheduler.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.task != null) {
			this.task.cancel(false);
			this.task = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.task != null;
	}

	@Override
	public int getPhase() {
		// Starts before the poller, so the first claims find every check in memory.
		return SmartLifecycle.DEFAULT_PHASE - 200;
	}

}
