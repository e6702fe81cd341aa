package io.cairn.bridge.consul;

/**
 * No agent accepted a registration.
 */
public class RegistrationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create the exception.
	 * @param message what failed
	 * @param cause the agent's failure
	 */
	public RegistrationException(String message, Throwable cause) {
		super(message, cause);
	}

}
