package io.cairn.bridge;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Polling with a deadline, instead of sleeping: the machine is shared and slow at times,
 * so conditions are awaited, never timed.
 */
public final class Await {

	private static final Duration DEFAULT = Duration.ofSeconds(20);

	private Await() {
	}

	/**
	 * Wait until a condition holds.
	 * @param what what is awaited, for the failure message
	 * @param condition the condition
	 */
	public static void until(String what, Check condition) {
		until(what, DEFAULT, condition);
	}

	/**
	 * Wait until a condition holds.
	 * @param what what is awaited
	 * @param timeout the deadline
	 * @param condition the condition
	 */
	public static void until(String what, Duration timeout, Check condition) {
		Instant deadline = Instant.now().plus(timeout);
		Throwable last = null;
		while (true) {
			try {
				if (condition.holds()) {
					return;
				}
				last = null;
			}
			catch (Exception | AssertionError ex) {
				last = ex;
			}
			if (Instant.now().isAfter(deadline)) {
				AssertionError failure = new AssertionError("Not met within " + timeout.toSeconds() + " s: " + what);
				if (last != null) {
					failure.initCause(last);
				}
				throw failure;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted while waiting for " + what);
			}
		}
	}

	/**
	 * Wait for a value to satisfy a condition and return it.
	 * @param <T> the type
	 * @param what what is awaited
	 * @param value supplies the value
	 * @param condition the condition on it
	 * @return the value that satisfied it
	 */
	public static <T> T value(String what, Supplier<T> value, java.util.function.Predicate<T> condition) {
		Object[] holder = new Object[1];
		until(what, () -> {
			T current = value.get();
			holder[0] = current;
			return condition.test(current);
		});
		@SuppressWarnings("unchecked")
		T result = (T) holder[0];
		return result;
	}

	/**
	 * A condition that may throw.
	 */
	@FunctionalInterface
	public interface Check {

		/**
		 * Whether it holds.
		 * @return true when it does
		 * @throws Exception when it cannot tell yet
		 */
		boolean holds() throws Exception;

	}

}
