package io.cairn.registry.client;

/**
 * The registry refused a write: 401 when the token is missing or wrong, 403 when the
 * token may not write this service name (a scoped token) or when writes without a token
 * are only accepted from the registry's own host. Trying again does not help until the
 * configuration changes.
 */
public class RegistryAuthorizationException extends RegistryException {

	/**
	 * Create the exception.
	 * @param message the registry's explanation
	 * @param status 401 or 403
	 */
	public RegistryAuthorizationException(String message, int status) {
		super(message, status);
	}

}
