package io.cairn.consul;

import org.jspecify.annotations.Nullable;

/**
 * A 4xx answer other than 403, 409 and 429: the request was wrong (bad parameter, unknown
 * endpoint, too large).
 */
public class ConsulRequestException extends ConsulException {

	/**
	 * Create an exception.
	 * @param status the HTTP status
	 * @param body the answer's body
	 * @param endpoint the endpoint template
	 */
	public ConsulRequestException(int status, byte[] body, @Nullable String endpoint) {
		super(describe(endpoint, status, body), status, body, endpoint, null);
	}

}
