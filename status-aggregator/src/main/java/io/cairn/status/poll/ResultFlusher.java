package io.cairn.status.poll;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.status.store.CheckStore;
import io.cairn.status.store.ResultWrite;

import org.springframework.context.SmartLifecycle;

/**
 * Writes poll results to the database in batches, one transaction per batch, so that a
 * thousand checks polled in the same second cost a few statements instead of a thousand
 * transactions. The replica that polled a check shows its result at once; the others
 * within their sync interval. When the database refuses a batch, the results are kept
 * (the newest per check, and every transition) and retried; if that lasts, the stale rule
 * shows it.
 * <p>
 * Queuing a result never waits for the database: pollers only touch memory here, so a
 * slow database slows the writes, never the polls. What is kept while the database is
 * away is bounded; past the bound the newest result of a check already queued still
 * replaces the older one, and results of further checks (and further transitions) are
 * dropped, counted in {@code cairn.status.poll.results.dropped} and logged once.
 */
public class ResultFlusher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ResultFlusher.class);

	/** The most results kept while the database is unavailable. */
	static final int MAX_PENDING = 100_000;

	private final CheckStore store;

	private final ScheduledExecutorService scheduler;

	private final long intervalMillis;

	/** The newest result of each check. */
	private final Map<String, ResultWrite> pending = new LinkedHashMap<>();

	/** Transitions a newer result of the same check replaced in {@link #pending}. */
	private final List<ResultWrite> transitions = new ArrayList<>();

	private final AtomicLong dropped = new AtomicLong();

	/** Also told of every result (the result history), on the poller's thread. */
	private final Consumer<ResultWrite> alsoTo;

	private @Nullable ScheduledFuture<?> task;

	private volatile boolean failing;

	private volatile boolean dropping;

	/**
	 * Create the flusher.
	 * @param store where results go
	 * @param scheduler runs the flushes
	 * @param intervalMillis how often
	 */
	public ResultFlusher(CheckStore store, ScheduledExecutorService scheduler, long intervalMillis) {
		this(store, scheduler, intervalMillis, (write) -> {
		});
	}

	/**
	 * Create the flusher with a listener that is handed every result as it is queued.
	 * @param store where results go
	 * @param scheduler runs the flushes
	 * @param intervalMillis how often
	 * @param alsoTo told of every result on the poller's thread; it must not wait (the
	 * result history only offers it to a bounded queue)
	 */
	public ResultFlusher(CheckStore store, ScheduledExecutorService scheduler, long intervalMillis,
			Consumer<ResultWrite> alsoTo) {
		this.store = store;
		this.scheduler = scheduler;
		this.intervalMillis = intervalMillis;
		this.alsoTo = alsoTo;
	}

	/**
	 * Queue a result. A transition is never lost to a later result of the same check: it
	 * is kept and written first, and the history gets both.
	 * @param write the result
	 */
	public void add(ResultWrite write) {
		boolean dropNow = false;
		synchronized (this) {
			ResultWrite previous = this.pending.get(write.checkId());
			if (previous != null && previous.transition()) {
				if (this.transitions.size() < MAX_PENDING) {
					this.transitions.add(previous);
				}
				else {
					dropNow = true;
				}
			}
			if (previous == null && this.pending.size() >= MAX_PENDING) {
				dropNow = true;
			}
			else {
				this.pending.put(write.checkId(), write);
			}
		}
		this.alsoTo.accept(write);
		if (dropNow) {
			this.dropped.incrementAndGet();
			if (!this.dropping) {
				this.dropping = true;
				logger.warn("Poll results are being dropped: " + MAX_PENDING + " are waiting for the database already");
			}
		}
	}

	/**
	 * Write everything queued now.
	 */
	public void flush() {
		List<ResultWrite> batch;
		int transitionCount;
		synchronized (this) {
			if (this.pending.isEmpty() && this.transitions.isEmpty()) {
				return;
			}
			// Older transitions first: rows of one check in one batch are written in
			// order, so the newest result ends up in the row.
			batch = new ArrayList<>(this.transitions.size() + this.pending.size());
			this.transitions.sort(Comparator.comparing((ResultWrite write) -> write.state().polledAt(),
					Comparator.nullsFirst(Comparator.naturalOrder())));
			batch.addAll(this.transitions);
			transitionCount = this.transitions.size();
			batch.addAll(this.pending.values());
			this.transitions.clear();
			this.pending.clear();
		}
		try {
			this.store.writeResults(batch);
			this.dropping = false;
			if (this.failing) {
				logger.info("Poll results are being written again");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			synchronized (this) {
				List<ResultWrite> kept = new ArrayList<>(batch.subList(0, transitionCount));
				kept.addAll(this.transitions);
				this.transitions.clear();
				this.transitions.addAll(kept.subList(0, Math.min(kept.size(), MAX_PENDING)));
				for (ResultWrite write : batch.subList(transitionCount, batch.size())) {
					ResultWrite newer = this.pending.get(write.checkId());
					if (newer == null) {
						if (this.pending.size() < MAX_PENDING) {
							this.pending.put(write.checkId(), write);
						}
					}
					else if (write.transition() && this.transitions.size() < MAX_PENDING) {
						this.transitions.add(write);
					}
				}
			}
			if (!this.failing) {
				logger.warn("Could not write poll results; will retry: " + ex.getMessage());
				this.failing = true;
			}
		}
	}

	/**
	 * Results dropped because too many were waiting for the database.
	 * @return the count since start
	 */
	public long dropped() {
		return this.dropped.get();
	}

	/**
	 * Whether the last write failed.
	 * @return true while results cannot be written
	 */
	public boolean failing() {
		return this.failing;
	}

	@Override
	public void start() {
		this.task = this.scheduler.scheduleWithFixedDelay(this::flush, this.intervalMillis, this.intervalMillis,
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.task != null) {
			this.task.cancel(false);
			this.task = null;
		}
		flush();
	}

	@Override
	public boolean isRunning() {
		return this.task != null;
	}

	@Override
	public int getPhase() {
		// Stops after the poller (which has a higher phase), so its last results are
		// written.
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

}
