package io.cairn.registry.client;

/**
 * No registry replica could be reached, none answered in time, or they answered with a
 * server error (5xx, such as 503 while their database is down).
 */
public class RegistryUnavailableException extends RegistryException {

	/**
	 * Create the exception.
	 * @param message what happened
	 * @param status the HTTP status, 0 when there was no answer
	 * @param cause the I/O failure, if any
	 */
	public RegistryUnavailableException(String message, int status, Throwable cause) {
		super(message, status, cause);
	}

	/**
	 * Create the exception.
	 * @param message what happened
	 * @param status the HTTP status, 0 when there was no answer
	 */
	public RegistryUnavailableException(String message, int status) {
		super(message, status);
	}

	@Override
	public boolean isTransient() {
		return true;
	}

}
