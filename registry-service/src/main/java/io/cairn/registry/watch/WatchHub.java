package io.cairn.registry.watch;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Clients blocked until the change index passes the one they have seen, or their wait
 * runs out. The index is advanced by this replica's own writes at once and by every
 * replica's writes through {@link ChangeListener}.
 * <p>
 * A waiter's action only hands work to {@link SharedReads}; the waiters fired by one
 * change are fired together, so that those watching the same query share one read.
 */
@Component
public class WatchHub {

	private final AtomicLong index = new AtomicLong();

	private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

	private final SharedReads reads;

	private final TaskScheduler timer;

	WatchHub(SharedReads reads, @Qualifier("watchTimer") TaskScheduler timer, MeterRegistry meters) {
		this.reads = reads;
		this.timer = timer;
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
