package io.cairn.consul.watch;

import java.time.Duration;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How a watch paces itself.
 *
 * @param blockingWait the wait of each blocking query (at most 10 minutes; Consul's
 * default is 5)
 * @param burst how many reads may follow each other without delay (token bucket size)
 * @param refill one more read is allowed per this interval once the burst is spent: a
 * watch on churning data degrades to polling at this rate instead of spinning
 * @param initialBackoff the first pause after an error
 * @param maxBackoff the longest pause after repeated errors (the pause doubles each time)
 */
public record WatchPolicy(Duration blockingWait, int burst, Duration refill, Duration initialBackoff,
		Duration maxBackoff) {

	/**
	 * Consul's recommendations: 5-minute waits, a token bucket with a burst of 2 refilled
	 * every 15 seconds, errors backing off from 1 second to 1 minute.
	 */
	public static final WatchPolicy DEFAULT = new WatchPolicy(Duration.ofMinutes(5), 2, Duration.ofSeconds(15),
			Duration.ofSeconds(1), Duration.ofMinutes(1));

	/**
	 * Check the values.
	 */
	public WatchPolicy {
		if (blockingWait.isNegative() || blockingWait.isZero() || blockingWait.compareTo(Duration.ofMinutes(10)) > 0) {
			throw new IllegalArgumentException("A watch's wait must be between 0 and 10 minutes: " + blockingWait);
		}
		if (burst < 1) {
			throw new IllegalArgumentException("A watch's burst must be at least 1");
		}
		if (refill.isNegative() || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException(
					"Invalid watch pacing: " + refill + ", " + initialBackoff + ", " + maxBackoff);
		}
	}

	/**
	 * With another wait.
	 * @param wait the wait
	 * @return a changed copy
	 */
	public WatchPolicy withWait(Duration wait) {
		return new WatchPolicy(wait, this.burst, this.refill, this.initialBackoff, this.maxBackoff);
	}

	/**
	 * With another rate limit.
	 * @param burst reads allowed back to back
	 * @param refill one more read per this interval
	 * @return a changed copy
	 */
	public WatchPolicy withRateLimit(int burst, Duration refill) {
		return new WatchPolicy(this.blockingWait, burst, refill, this.initialBackoff, this.maxBackoff);
	}

	/**
	 * With another error backoff.
	 * @param initial the first pause
	 * @param max the longest pause
	 * @return a changed copy
	 */
	public WatchPolicy withBackoff(Duration initial, Duration max) {
		return new WatchPolicy(this.blockingWait, this.burst, this.refill, initial, max);
	}

	/**
	 * The pauses after consecutive errors: from {@code initialBackoff}, doubling, capped
	 * at {@code maxBackoff}, without end (a watch retries until it is closed).
	 * @return the back-off
	 */
	public BackOff errorBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(this.initialBackoff.toMillis(), 2.0);
		backOff.setMaxInterval(this.maxBackoff.toMillis());
		return backOff;
	}

}
