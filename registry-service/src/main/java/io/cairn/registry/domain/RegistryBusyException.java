package io.cairn.registry.domain;

import java.time.Duration;

/**
 * A durable heartbeat cannot even wait for its write: as many registrations as
 * {@code cairn.registry.registrations.max-queued} are already waiting for theirs. Nothing
 * was written; the client should retry after {@link #retryAfter()}.
 */
public class RegistryBusyException extends RuntimeException {

	private final Duration retryAfter;

	/**
	 * Create the exception.
	 * @param reason why the registration cannot wait
	 * @param retryAfter when to retry
	 */
	public RegistryBusyException(String reason, Duration retryAfter) {
		super(reason + "; nothing was registered. Retry after " + retryAfter.toSeconds() + " s.");
		this.retryAfter = retryAfter;
	}

	/**
	 * When the client should retry.
	 * @return the delay
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
