package io.cairn.consul;

import org.jspecify.annotations.Nullable;

/**
 * No answer: the agent could not be reached, the connection broke or the call timed out.
 * After a connection failure the client has already tried every configured address.
 */
public class ConsulTransportException extends ConsulException {

	private final boolean timeout;

	/**
	 * Create an exception.
	 * @param message what failed
	 * @param endpoint the endpoint template
	 * @param timeout whether the call timed out (rather than failed to connect or broke)
	 * @param cause the I/O failure
	 */
	public ConsulTransportException(String message, @Nullable String endpoint, boolean timeout,
			@Nullable Throwable cause) {
		super((endpoint != null ? endpoint + ": " : "") + message, 0, new byte[0], endpoint, cause);
		this.timeout = timeout;
	}

	/**
	 * Whether the call timed out.
	 * @return {@code true} for a timeout, {@code false} for a connection failure
	 */
	public boolean isTimeout() {
		return this.timeout;
	}

}
