package io.cairn.registry.watch;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.cairn.duration.GoDuration;
import io.cairn.registry.domain.InvalidInputException;

/**
 * A watch request, as in Consul's blocking queries: answer at once when the client has
 * not seen the current index ({@code index} absent, 0, or below it), otherwise hold the
 * request until the index passes {@code index} or {@code wait} runs out.
 *
 * @param index the index the client has seen, 0 for none
 * @param waitTime how long to hold the request
 */
public record BlockingQuery(long index, Duration waitTime) {

	/**
	 * Read the query parameters.
	 * @param index the {@code index} parameter
	 * @param wait the {@code wait} parameter
	 * @param defaultWait the wait when none is given
	 * @param maxWait the cap on the wait
	 * @return the query
	 */
	public static BlockingQuery of(@Nullable Long index, @Nullable String wait, Duration defaultWait,
			Duration maxWait) {
		if (index != null && index < 0) {
			throw new InvalidInputException("index", "The index must not be negative.");
		}
		Duration duration = defaultWait;
		if (wait != null && !wait.isBlank()) {
			try {
				duration = GoDuration.parse(wait);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidInputException("wait", String.valueOf(ex.getMessage()));
			}
		}
		if (duration.compareTo(maxWait) > 0) {
			duration = maxWait;
		}
		if (duration.isZero() || duration.isNegative()) {
			duration = Duration.ofMillis(1);
		}
		return new BlockingQuery((index != null) ? index : 0, duration);
	}

	/**
	 * Whether the client asks to wait at all.
	 * @return true when an index was given
	 */
	public boolean blocking() {
		return this.index > 0;
	}

}
