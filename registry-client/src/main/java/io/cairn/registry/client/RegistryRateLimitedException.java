package io.cairn.registry.client;

import java.time.Duration;

/**
 * The registry asked the client to slow down (429): too many watches from this client or
 * in total, or its instance quota is reached. {@link #retryAfter()} is when to ask again.
 */
public class RegistryRateLimitedException extends RegistryException {

	private final Duration retryAfter;

	/**
	 * Create the exception.
	 * @param message the registry's explanation
	 * @param retryAfter how long to wait before trying again (the {@code Retry-After}
	 * header, bounded)
	 */
	public RegistryRateLimitedException(String message, Duration retryAfter) {
		super(message, 429);
		this.retryAfter = retryAfter;
	}

	/**
	 * How long the registry asked to wait.
	 * @return the wait
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	@Override
	public boolean isTransient() {
		return true;
	}

}
