package io.cairn.consul;

import org.jspecify.annotations.Nullable;

/**
 * 409 Conflict: the write was refused because of the current state (for example a
 * rolled-back transaction).
 */
public class ConsulConflictException extends ConsulException {

	/**
	 * Create an exception.
	 * @param status the HTTP status
	 * @param body the answer's body
	 * @param endpoint the endpoint template
	 */
	public ConsulConflictException(int status, byte[] body, @Nullable String endpoint) {
		super(describe(endpoint, status, body), status, body, endpoint, null);
	}

}
