package io.cairn.faults;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waiting for a condition with a deadline (Awaitility), never a sleep followed by an
 * assertion.
 */
final class Deadline {

	private Deadline() {
	}

	/** Wait until the condition holds; a timeout is an {@link AssertionError}. */
	static void await(String what, Duration timeout, BooleanSupplier condition) {
		try {
			Awaitility.await(what)
				.atMost(timeout)
				.pollInterval(Duration.ofMillis(100))
				.pollDelay(Duration.ZERO)
				.ignoreExceptionsMatching((ex) -> !(ex instanceof IllegalStateException))
				.until(condition::getAsBoolean);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Not within " + timeout + ": " + what, ex);
		}
	}

	/**
	 * Wait until the condition holds and report how long that took, or {@code null} when
	 * it did not within the timeout (for figures that are reported, then judged).
	 */
	static Duration measure(Duration timeout, BooleanSupplier condition) {
		long start = System.nanoTime();
		try {
			Awaitility.await()
				.atMost(timeout)
				.pollInterval(Duration.ofMillis(100))
				.pollDelay(Duration.ZERO)
				.ignoreExceptions()
				.until(condition::getAsBoolean);
			return Duration.ofNanos(System.nanoTime() - start);
		}
		catch (ConditionTimeoutException ex) {
			return Duration.ofNanos(-1);
		}
	}

	/** Let a steady load run for a while: the scenario's own time, not an assertion. */
	static void hold(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
