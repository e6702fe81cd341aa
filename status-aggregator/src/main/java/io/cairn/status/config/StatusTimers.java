package io.cairn.status.config;

import java.util.concurrent.ScheduledExecutorService;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The two timer threads ({@code status-timer-N}) that the aggregator's periodic database
 * work shares: result and history flushes, replica syncs, housekeeping and the
 * publisher's lease renewals. Built from Boot's {@link ThreadPoolTaskSchedulerBuilder}
 * (so {@code spring.task.scheduling.*} and its customizers apply) and closed with the
 * context, after the components that schedule on it have stopped.
 * <p>
 * A holder, not an executor: a bean of type {@code Executor} (which a
 * {@code ScheduledExecutorService} is) or {@code TaskScheduler} would switch off Boot's
 * {@code applicationTaskExecutor}. Poll deadlines, discovery and the alert evaluator have
 * threads of their own, so that none of them waits behind a slow database write.
 */
public final class StatusTimers implements AutoCloseable {

	private final ThreadPoolTaskScheduler scheduler;

	/**
	 * Create the timers and start them.
	 * @param schedulers Boot's scheduler builder
	 */
	public StatusTimers(ThreadPoolTaskSchedulerBuilder schedulers) {
		this.scheduler = schedulers.poolSize(2).threadNamePrefix("status-timer-").build();
		// None of the aggregator's threads keeps a stopping JVM alive.
		this.scheduler.setDaemon(true);
		// Components cancel their ticks on stop: the cancelled ticks leave the queue.
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler.initialize();
	}

	/**
	 * The timers, for components that schedule periodic work and cancel it on stop.
	 * @return the scheduled executor behind the timers
	 */
	public ScheduledExecutorService executor() {
		return this.scheduler.getScheduledExecutor();
	}

	/**
	 * Stop the timers: a tick under way is interrupted, waiting ones are dropped.
	 */
	@Override
	public void close() {
		this.scheduler.shutdown();
	}

}
