package io.cairn.registry.watch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Clients blocked until the change index passes the one they have seen. The index is
 * advanced by this replica's own writes at once and by every replica's writes through
 * {@link ChangeListener}.
 */
@Component
public class WatchHub {

	private final AtomicLong index = new AtomicLong();

	private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

	private final Executor executor;

	WatchHub(@Qualifier("watchExecutor") Executor executor, MeterRegistry meters) {
		this.executor = executor;
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
			for (Waiter waiter : this.waiters) {
				if (waiter.after < newIndex) {
					fire(waiter);
				}
			}
		}
	}

	/**
	 * Wait for the index to pass a value.
	 * @param after the index the client has seen
	 * @param onChange what to run (on the watch executor) once it has passed
	 * @return a handle to cancel the wait
	 */
	public Waiter await(long after, Runnable onChange) {
		Waiter waiter = new Waiter(after, onChange);
		this.waiters.add(waiter);
		if (this.index.get() > after) {
			fire(waiter);
		}
		return waiter;
	}

	/**
	 * Stop waiting (the client timed out or went away).
	 * @param waiter the handle from {@link #await}
	 */
	public void cancel(Waiter waiter) {
		this.waiters.remove(waiter);
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
			this.executor.execute(waiter.onChange);
		}
	}

	/**
	 * A blocked client.
	 */
	public static final class Waiter {

		private final long after;

		private final Runnable onChange;

		Waiter(long after, Runnable onChange) {
			this.after = after;
			this.onChange = onChange;
		}

	}

}
