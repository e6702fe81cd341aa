package io.cairn.consul;

import org.jspecify.annotations.Nullable;

/**
 * An answer body longer than the client reads into memory
 * ({@link Consul.Builder#maxAnswerSize}), whether announced by its {@code Content-Length}
 * or sent: the exchange was cut off at the limit and its connection closed, so a broken
 * or hostile agent cannot exhaust the caller's memory. Not retried on another address.
 */
public class ConsulAnswerTooLargeException extends ConsulTransportException {

	private final long limit;

	/**
	 * Create an exception.
	 * @param message what failed
	 * @param endpoint the endpoint template
	 * @param limit the maximum answer size, in bytes
	 * @param cause the I/O failure
	 */
	public ConsulAnswerTooLargeException(String message, @Nullable String endpoint, long limit,
			@Nullable Throwable cause) {
		super(message, endpoint, false, cause);
		this.limit = limit;
	}

	/**
	 * The maximum answer size the call had.
	 * @return the limit in bytes
	 */
	public long limit() {
		return this.limit;
	}

}
