package io.cairn.consul;

import org.jspecify.annotations.Nullable;

/**
 * 5xx: the agent or the servers failed, for example {@code No cluster leader}.
 */
public class ConsulServerException extends ConsulException {

	/**
	 * Create an exception.
	 * @param status the HTTP status
	 * @param body the answer's body
	 * @param endpoint the endpoint template
	 */
	public ConsulServerException(int status, byte[] body, @Nullable String endpoint) {
		super(describe(endpoint, status, body), status, body, endpoint, null);
	}

}
