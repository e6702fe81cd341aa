package io.cairn.registry.watch;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Clients blocked until the change index passes the one they have seen, or their wait
 * runs out. The index is advanced by this replica's own writes at once and by every
 * replica's writes through {@link ChangeListener}.
 * <p>
 * A waiter's action only hands work to {@link SharedReads}; the waiters fired by one
 * change are fired together, so that those watching the same query share one read.
 * <p>
 * Waits that run out are ended by a timer thread of its own,
 * {@code registry-watch-timer-1}, from Boot's {@link ThreadPoolTaskSchedulerBuilder},
 * shut down when the hub is closed.
 */
@Component
public class WatchHub implements AutoCloseable {

	private final AtomicLong index = new AtomicLong();

	private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

	private final SharedReads reads;

	private final ThreadPoolTaskScheduler timer;

	WatchHub(SharedReads reads, ThreadPoolTaskSchedulerBuilder schedulers, MeterRegistry meters) {
		this.reads = reads;
		// A wait ended early (most are) takes its timeout out of the queue at once. On
		// close, waits still pending are dropped (their requests are gone with the
		// server).
		this.timer = schedulers.poolSize(1).threadNamePrefix("registry-watch-timer-").awaitTermination(false).build();
		this.timer.setRemoveOnCancelPolicy(true);
		this.timer.initialize();
		// The executor.* meters Boot gave it when it was a bean, under the same name.
		new ExecutorServiceMetrics(this.timer.getScheduledThreadPoolExecutor(), "watchTimer", List.of()).bindTo(meters);
		Gauge.builder("cairn.registry.watches", this.waiters, Set::size)
			.description("Watches blocked waiting for a change")
			.register(meters);
	}

	/**
	 * The highest change index this replica has heard of.
	 * @return the index
	 */
	public long index() {
		return this.index.get();
	}

	/**
	 * Record that the index has reached a value and wake every watcher that has seen
	 * less.
	 * @param newIndex the index
	 */
	public void advance(long newIndex) {
		long previous = this.index.getAndAccumulate(newIndex, Math::max);
		if (newIndex > previous) {
			this.reads.together(() -> {
				for (Waiter waiter : this.waiters) {
					if (waiter.after < newIndex) {
						fire(waiter);
					}
				}
			});
		}
	}

	/**
	 * Wait for the index to pass a value, or for a time.
	 * @param after the index the client has seen
	 * @param wait the longest to wait
	 * @param onChange what to run once the index has passed or the wait has run out (it
	 * must not block: it hands the answer to {@link SharedReads})
	 * @return a handle to cancel the wait
	 */
	public Waiter await(long after, Duration wait, Runnable onChange) {
		Waiter waiter = new Waiter(after, onChange);
		this.waiters.add(waiter);
		waiter.timeout = this.timer.schedule(() -> fire(waiter), this.timer.getClock().instant().plus(wait));
		if (this.index.get() > after) {
			fire(waiter);
		}
		return waiter;
	}

	/**
	 * Stop waiting (the client went away, or its answer is sent).
	 * @param waiter the handle from {@link #await}
	 */
	public void cancel(Waiter waiter) {
		if (this.waiters.remove(waiter)) {
			waiter.cancelTimeout();
		}
	}

	/**
	 * How many clients are waiting.
	 * @return the count
	 */
	public int waiting() {
		return this.waiters.size();
	}

	/**
	 * Stop the timer: waits still pending are dropped.
	 */
	@Override
	public void close() {
		this.timer.shutdown();
	}

	private void fire(Waiter waiter) {
		if (this.waiters.remove(waiter)) {
			waiter.cancelTimeout();
			waiter.onChange.run();
		}
	}

	/**
	 * A blocked client.
	 */
	public static final class Waiter {

		private final long after;

		private final Runnable onChange;

		private volatile @Nullable ScheduledFuture<?> timeout;

		Waiter(long after, Runnable onChange) {
			this.after = after;
			this.onChange = onChange;
		}

		private void cancelTimeout() {
			ScheduledFuture<?> scheduled = this.timeout;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

	}

}
