package io.cairn.status.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Every minute: rolls finished hours up into hourly rows and prunes raw results past
 * {@code raw-retention} and hourly rows past {@code hourly-retention}. Every replica runs
 * it; the roll-up of one hour is taken by one of them (its mark is deleted under a row
 * lock), and pruning twice deletes nothing twice, so no lease is needed.
 */
public class HistoryHousekeeping implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HistoryHousekeeping.class);

	private final HistoryStore store;

	private final ScheduledExecutorService scheduler;

	private final Clock clock;

	private final Duration rawRetention;

	private final Duration hourlyRetention;

	private @Nullable ScheduledFuture<?> task;

	/**
	 * Create the chore.
	 * @param store the history
	 * @param scheduler runs it
	 * @param clock the clock
	 * @param rawRetention how long raw results are kept
	 * @param hourlyRetention how long hourly rows are kept
	 */
	public HistoryHousekeeping(HistoryStore store, ScheduledExecutorService scheduler, Clock clock,
			Duration rawRetention, Duration hourlyRetention) {
		this.store = store;
		this.scheduler = scheduler;
		this.clock = clock;
		this.rawRetention = rawRetention;
		this.hourlyRetention = hourlyRetention;
	}

	/**
	 * Roll up and prune now.
	 */
	public void run() {
		try {
			Instant now = this.clock.instant();
			Instant rawCutoff = now.minus(this.rawRetention);
			this.store.rollUp(now, rawCutoff);
			this.store.prune(rawCutoff, now.minus(this.hourlyRetention));
		}
		catch (RuntimeException ex) {
			logger.warn("Result history housekeeping failed; will retry: " + ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.task = this.scheduler.scheduleWithFixedDelay(this::run, 5, 60, TimeUnit.SECONDS);
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

}
