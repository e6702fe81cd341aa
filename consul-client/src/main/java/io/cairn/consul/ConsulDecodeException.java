package io.cairn.consul;

import org.jspecify.annotations.Nullable;

/**
 * Consul answered, but the body could not be read as the endpoint documents it (truncated
 * or malformed JSON, wrong shape).
 */
public class ConsulDecodeException extends ConsulException {

	/**
	 * Create an exception.
	 * @param status the HTTP status of the answer
	 * @param body the body that could not be read
	 * @param endpoint the endpoint template
	 * @param cause the parser's complaint
	 */
	public ConsulDecodeException(int status, byte[] body, @Nullable String endpoint, Throwable cause) {
		super((endpoint != null ? endpoint + ": " : "") + "unreadable answer (" + cause.getMessage() + ")", status,
				body, endpoint, cause);
	}

}
