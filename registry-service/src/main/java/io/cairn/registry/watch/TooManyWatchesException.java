package io.cairn.registry.watch;

import java.time.Duration;

/**
 * A watch beyond the bounds of {@link WatchLimits}: answered 429 with
 * {@code Retry-After}.
 */
public class TooManyWatchesException extends RuntimeException {

	private final Duration retryAfter;

	TooManyWatchesException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/**
	 * When the client may try again.
	 * @return the delay
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
