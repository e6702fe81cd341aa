package io.cairn.registry.client;

/**
 * A call to the registry failed. The subclasses say how: unreachable or failing
 * ({@link RegistryUnavailableException}), an answer that is not what the API promises
 * ({@link RegistryBadAnswerException}), a refused token
 * ({@link RegistryAuthorizationException}), too many requests
 * ({@link RegistryRateLimitedException}) or input the registry refuses
 * ({@link RegistryRejectedException}).
 */
public abstract class RegistryException extends RuntimeException {

	private final int status;

	/**
	 * Create the exception.
	 * @param message what happened
	 * @param status the HTTP status of the answer, 0 when there was none
	 * @param cause the cause, if any
	 */
	protected RegistryException(String message, int status, Throwable cause) {
		super(message, cause);
		this.status = status;
	}

	/**
	 * Create the exception.
	 * @param message what happened
	 * @param status the HTTP status of the answer, 0 when there was none
	 */
	protected RegistryException(String message, int status) {
		super(message);
		this.status = status;
	}

	/**
	 * The HTTP status of the registry's answer.
	 * @return the status, 0 when no answer came
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Whether trying again (on this or another registry replica) may succeed.
	 * @return true for outages and bad answers, false for refusals
	 */
	public boolean isTransient() {
		return false;
	}

}
