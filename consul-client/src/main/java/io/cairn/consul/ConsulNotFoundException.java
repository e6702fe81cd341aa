package io.cairn.consul;

import org.jspecify.annotations.Nullable;

/**
 * 404 on a call where "not found" is an error (writes, prepared queries, raw requests).
 * Reads of absent data do not throw: they return an empty value.
 */
public class ConsulNotFoundException extends ConsulRequestException {

	/**
	 * Create an exception.
	 * @param body the answer's body
	 * @param endpoint the endpoint template
	 */
	public ConsulNotFoundException(byte[] body, @Nullable String endpoint) {
		super(404, body, endpoint);
	}

}
