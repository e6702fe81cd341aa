package io.cairn.mesos.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.curator.RetryPolicy;
import org.apache.curator.RetrySleeper;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;

/**
 * The waits between attempts of this library's HTTP loops (calls while no leader answers,
 * re-subscriptions of event streams), on the same mechanism its ZooKeeper side uses (see
 * {@code ZkClients}): Curator's {@link RetryPolicy}, here a
 * {@link BoundedExponentialBackoffRetry} (exponential with jitter, capped). This class
 * only keeps the count and the clock of one run of attempts, and stops at a time budget
 * when there is one.
 * <p>
 * Why not Spring Framework 7's {@code RetryTemplate} and {@code BackOff}: they live in
 * {@code spring-core}, which this library does not otherwise need (its core and the
 * {@code mesos-leader} jar carry no Spring at all, see the docs), whereas Curator is a
 * dependency already.
 */
final class Backoff {

	/**
	 * {@link BoundedExponentialBackoffRetry} accepts at most 29 retries (its doubling
	 * would overflow after); later attempts are counted as the last one, whose wait is at
	 * the cap anyway.
	 */
	private static final int LAST_COUNTED_ATTEMPT = 28;

	private final RetryPolicy policy;

	private final long budgetNanos;

	private long startNanos;

	private int attempts;

	private Backoff(Duration first, Duration max, long budgetNanos) {
		this.policy = new BoundedExponentialBackoffRetry((int) first.toMillis(), (int) max.toMillis(),
				LAST_COUNTED_ATTEMPT + 1);
		this.budgetNanos = budgetNanos;
		this.startNanos = System.nanoTime();
	}

	/**
	 * Waits that stop when a time budget is spent.
	 * @param first the first wait
	 * @param max the longest wait
	 * @param budget how long the attempts may go on, counted from now
	 * @return the back-off
	 */
	static Backoff within(Duration first, Duration max, Duration budget) {
		return new Backoff(first, max, budget.toNanos());
	}

	/**
	 * Waits that go on until the caller stops.
	 * @param first the first wait
	 * @param max the longest wait
	 * @return the back-off
	 */
	static Backoff unbounded(Duration first, Duration max) {
		return new Backoff(first, max, Long.MAX_VALUE);
	}

	/**
	 * Waits before the next attempt, never past the budget.
	 * @return whether another attempt may be made; {@code false} once the budget is spent
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean pause() throws InterruptedException {
		long elapsed = System.nanoTime() - this.startNanos;
		long left = this.budgetNanos - elapsed;
		if (left <= 0) {
			return false;
		}
		RetrySleeper sleeper = (time, unit) -> TimeUnit.MILLISECONDS
			.sleep(Math.max(1, Math.min(unit.toMillis(time), TimeUnit.NANOSECONDS.toMillis(left))));
		int attempt = Math.min(this.attempts++, LAST_COUNTED_ATTEMPT);
		boolean allowed = this.policy.allowRetry(attempt, TimeUnit.NANOSECONDS.toMillis(elapsed), sleeper);
		// Curator's policy answers an interrupted sleep with false and the flag set.
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		return allowed;
	}

	/**
	 * Starts again from the first wait (and a fresh budget), after an attempt succeeded.
	 */
	void reset() {
		this.attempts = 0;
		this.startNanos = System.nanoTime();
	}

}
