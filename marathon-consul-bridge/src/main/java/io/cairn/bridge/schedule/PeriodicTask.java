package io.cairn.bridge.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * Work run again and again, a fixed delay after each run ends, between {@link #start()}
 * and {@link #stop()} (while the bridge leads, typically), on a scheduler built from
 * Boot's {@link SimpleAsyncTaskSchedulerBuilder} (so virtual threads where Boot enables
 * them) and closed with {@link #close()}. The scheduler is not a bean: a
 * {@code TaskScheduler} bean would switch off Boot's own task executor.
 */
public final class PeriodicTask implements AutoCloseable {

	private final SimpleAsyncTaskScheduler scheduler;

	private final Runnable work;

	private final Duration initialDelay;

	private final Duration delay;

	private @Nullable ScheduledFuture<?> running;

	/**
	 * Create the task, not started.
	 * @param builder Boot's scheduler builder
	 * @param name the name of its thread
	 * @param work what to run
	 * @param initialDelay the wait before the first run
	 * @param delay the wait between the end of a run and the next
	 */
	public PeriodicTask(SimpleAsyncTaskSchedulerBuilder builder, String name, Runnable work, Duration initialDelay,
			Duration delay) {
		this.scheduler = builder.threadNamePrefix(name + "-").build();
		// As the bridge's other threads: none of them keeps a stopping JVM alive.
		this.scheduler.setDaemon(true);
		this.work = work;
		this.initialDelay = initialDelay;
		this.delay = delay;
	}

	/**
	 * Start running the work, unless it runs already.
	 */
	public synchronized void start() {
		if (this.running == null) {
			this.running = this.scheduler.scheduleWithFixedDelay(this.work, Instant.now().plus(this.initialDelay),
					this.delay);
		}
	}

	/**
	 * Stop running the work; a run under way is interrupted.
	 * @return whether it was running
	 */
	public synchronized boolean stop() {
		ScheduledFuture<?> future = this.running;
		if (future == null) {
			return false;
		}
		future.cancel(true);
		this.running = null;
		return true;
	}

	/**
	 * Whether the work is scheduled.
	 * @return true between start and stop
	 */
	public synchronized boolean started() {
		return this.running != null;
	}

	@Override
	public void close() {
		stop();
		this.scheduler.close();
	}

}
