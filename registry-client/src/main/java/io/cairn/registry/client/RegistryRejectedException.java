package io.cairn.registry.client;

import org.jspecify.annotations.Nullable;

/**
 * The registry refused a request as invalid (400, 413 or another 4xx), for example a
 * service name it does not accept, a glob it cannot parse, or an instance quota reached.
 */
public class RegistryRejectedException extends RegistryException {

	private final @Nullable String field;

	/**
	 * Create the exception.
	 * @param message the registry's explanation
	 * @param status the HTTP status
	 * @param field the request field the registry named, if any
	 */
	public RegistryRejectedException(String message, int status, @Nullable String field) {
		super(message, status);
		this.field = field;
	}

	/**
	 * The field the registry named as wrong.
	 * @return the field, or null when it named none
	 */
	public @Nullable String field() {
		return this.field;
	}

}
