package io.cairn.status.poll;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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
 * (the newest per check) and retried; if that lasts, the stale rule shows it.
 */
public class ResultFlusher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ResultFlusher.class);

	/** The most results kept while the database is unavailable. */
	static final int MAX_PENDING = 100_000;

	private final CheckStore store;

	private final ScheduledExecutorService scheduler;

	private final long intervalMillis;

	private final Map<String, ResultWrite> pending = new LinkedHashMap<>();

	private @Nullable ScheduledFuture<?> task;

	private volatile boolean failing;

	/**
	 * Create the flusher.
	 * @param store where results go
	 * @param scheduler runs the flushes
	 * @param intervalMillis how often
	 */
	public ResultFlusher(CheckStore store, ScheduledExecutorService scheduler, long intervalMillis) {
		this.store = store;
		this.scheduler = scheduler;
		this.intervalMillis = intervalMillis;
	}

	/**
	 * Queue a result. A transition is never lost to a later result of the same check: the
	 * later one is written as its own row and the history gets both.
	 * @param write the result
	 */
	public synchronized void add(ResultWrite write) {
		ResultWrite previous = this.pending.get(write.checkId());
		if (previous != null && previous.transition()) {
			flushQuietly();
		}
		if (this.pending.size() >= MAX_PENDING) {
			return;
		}
		this.pending.put(write.checkId(), write);
	}

	/**
	 * Write everything queued now.
	 */
	public void flush() {
		List<ResultWrite> batch;
		synchronized (this) {
			if (this.pending.isEmpty()) {
				return;
			}
			batch = new ArrayList<>(this.pending.values());
			this.pending.clear();
		}
		try {
			this.store.writeResults(batch);
			if (this.failing) {
				logger.info("Poll results are being written again");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			synchronized (this) {
				for (ResultWrite write : batch) {
					this.pending.putIfAbsent(write.checkId(), write);
				}
			}
			if (!this.failing) {
				logger.warn("Could not write poll results; will retry: " + ex.getMessage());
				this.failing = true;
			}
		}
	}

	private void flushQuietly() {
		List<ResultWrite> batch = new ArrayList<>(this.pending.values());
		this.pending.clear();
		try {
			this.store.writeResults(batch);
		}
		catch (RuntimeException ex) {
			batch.forEach((write) -> this.pending.putIfAbsent(write.checkId(), write));
		}
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
