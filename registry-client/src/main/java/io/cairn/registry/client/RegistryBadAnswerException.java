package io.cairn.registry.client;

/**
 * The registry (or whatever answered at its address) sent something that is not the
 * answer its API promises: not JSON, truncated, of the wrong shape, or larger than
 * {@code max-response-size}. Another replica may do better, so it counts as transient.
 */
public class RegistryBadAnswerException extends RegistryException {

	/**
	 * Create the exception.
	 * @param message what was wrong
	 * @param status the HTTP status of the answer
	 * @param cause the parse failure, if any
	 */
	public RegistryBadAnswerException(String message, int status, Throwable cause) {
		super(message, status, cause);
	}

	/**
	 * Create the exception.
	 * @param message what was wrong
	 * @param status the HTTP status of the answer
	 */
	public RegistryBadAnswerException(String message, int status) {
		super(message, status);
	}

	@Override
	public boolean isTransient() {
		return true;
	}

}
