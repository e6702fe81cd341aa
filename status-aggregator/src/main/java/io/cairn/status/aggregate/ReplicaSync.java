package io.cairn.status.aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

	private final CheckStore store;

	private final LiveChecks live;

	private final ScheduledExecutorService scheduler;

	private final Duration interval;

	private final Clock clock;

	private long version = -1;

	private long lastReconcile = System.nanoTime();

	private volatile boolean failing;

	private volatile @Nullable Instant lastSync;

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
	 * Load every check (start-up, reconciliation). Checks written after the snapshot was
	 * taken (a registration racing with the reload) are kept, and results newer than the
	 * rows are kept, as in {@link #syncOnce()}.
	 */
	public synchronized void reload() {
		long current = this.store.currentVersion();
		List<TrackedCheck> all = this.store.loadAll();
		if (this.live.size() == 0) {
			this.live.replaceAll(all);
		}
		else {
			Set<String> stored = new HashSet<>();
			for (TrackedCheck check : all) {
				stored.add(check.id());
				apply(new StoredChange(check, false));
			}
			for (LiveChecks.View view : this.live.list()) {
				if (!stored.contains(view.check().id()) && view.check().version() <= current) {
					this.live.remove(view.check().id());
				}
			}
		}
		this.version = Math.max(this.version, current);
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
				apply(change);
				this.version = Math.max(this.version, change.check().version());
			}
		}
		this.live.reevaluate();
		this.lastSync = this.clock.instant();
	}

	private void apply(StoredChange change) {
		TrackedCheck stored = change.check();
		if (change.deleted()) {
			this.live.remove(stored.id());
			return;
		}
		TrackedCheck known = this.live.get(stored.id());
		if (known == null && this.store.find(stored.id()).isEmpty()) {
			// The rows were read before a delete on this replica, which removed the check
			// from the live view since: putting the old row back would show a deleted
			// check in /status until the next sync brought the delete (a delete writes
			// the store first, then the view, so a row still stored here is put back only
			// before its delete reaches the view, which then removes it).
			return;
		}
		if (known != null && known.state().polledAt() != null
				&& (stored.state().polledAt() == null || known.state().polledAt().isAfter(stored.state().polledAt()))
				&& stored.definition().target().equals(known.definition().target())) {
			// This replica has a newer result than the row (its write is still queued):
			// keep
			// it, but take the definition (mutes, tags) from the row.
			this.live.put(new TrackedCheck(stored.definition(), known.state(), stored.version()));
			return;
		}
		this.live.put(stored);
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
