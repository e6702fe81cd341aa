package io.cairn.status.history;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckState;
import io.cairn.status.store.ResultWrite;

import org.springframework.context.SmartLifecycle;

/**
 * Queues every poll result for the history and writes them in batches, as
 * {@link io.cairn.status.poll.ResultFlusher} writes the latest state: a poller only
 * offers a sample to a bounded queue (never waiting), and a timer thread writes what is
 * queued, up to {@link #BATCH} rows per transaction. When the queue is full (the database
 * is slow or away for long) further samples are dropped and counted in
 * {@code cairn.status.history.results.dropped}; a batch the database refused is kept and
 * retried first, so what waits is bounded by the queue's capacity and one batch.
 */
public class ResultHistory implements SmartLifecycle, Consumer<ResultWrite> {

	private static final Log logger = LogFactory.getLog(ResultHistory.class);

	/** The most rows one transaction writes. */
	static final int BATCH = 10_000;

	private final HistoryStore store;

	private final ScheduledExecutorService scheduler;

	private final long intervalMillis;

	private final BlockingQueue<ResultSample> queue;

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong written = new AtomicLong();

	/** A batch the database refused, written before anything newer. */
	private List<ResultSample> retry = List.of();

	private @Nullable ScheduledFuture<?> task;

	private volatile boolean failing;

	private volatile boolean dropping;

	/**
	 * Create the writer.
	 * @param store where samples go
	 * @param scheduler runs the writes
	 * @param intervalMillis how often
	 * @param capacity the most samples waiting
	 */
	public ResultHistory(HistoryStore store, ScheduledExecutorService scheduler, long intervalMillis, int capacity) {
		this.store = store;
		this.scheduler = scheduler;
		this.intervalMillis = intervalMillis;
		this.queue = new ArrayBlockingQueue<>(capacity);
	}

	/**
	 * Queue a recorded result (the poller's thread: never waits).
	 * @param write the result as the flusher got it
	 */
	@Override
	public void accept(ResultWrite write) {
		CheckState state = write.state();
		if (state.polledAt() == null || state.lastResult() == null) {
			return;
		}
		long millis = (state.latencyMillis() != null) ? state.latencyMillis() : 0;
		offer(new ResultSample(write.checkId(), state.polledAt(), state.lastResult(), millis));
	}

	/**
	 * Queue a sample.
	 * @param sample the sample
	 */
	public void offer(ResultSample sample) {
		if (!this.queue.offer(sample)) {
			this.dropped.incrementAndGet();
			if (!this.dropping) {
				this.dropping = true;
				logger.warn("Result history samples are being dropped: " + this.queue.size()
						+ " are waiting for the database already");
			}
		}
	}

	/**
	 * Write everything queued now.
	 */
	public synchronized void flush() {
		try {
			if (!this.retry.isEmpty()) {
				this.store.insert(this.retry);
				this.written.addAndGet(this.retry.size());
				this.retry = List.of();
			}
			List<ResultSample> batch = new ArrayList<>();
			while (this.queue.drainTo(batch, BATCH) > 0) {
				this.retry = batch;
				this.store.insert(batch);
				this.written.addAndGet(batch.size());
				this.retry = List.of();
				batch = new ArrayList<>();
			}
			this.dropping = false;
			if (this.failing) {
				logger.info("Result history is being written again");
				this.failing = false;
			}
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				logger.warn("Could not write result history; will retry: " + ex.getMessage());
				this.failing = true;
			}
		}
	}

	/**
	 * Samples dropped because the queue was full.
	 * @return the count since start
	 */
	public long dropped() {
		return this.dropped.get();
	}

	/**
	 * Samples written.
	 * @return the count since start
	 */
	public long written() {
		return this.written.get();
	}

	/**
	 * Samples waiting.
	 * @return the queue's length
	 */
	public int queued() {
		return this.queue.size();
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
		// with the result flusher: after the poller has stopped
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

}
