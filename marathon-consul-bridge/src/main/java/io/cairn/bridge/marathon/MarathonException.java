package io.cairn.bridge.marathon;

/**
 * Marathon could not be reached, had no leader, or answered with an error.
 */
public class MarathonException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	/**
	 * Create the exception.
	 * @param message what failed
	 * @param status the HTTP status, or 0 when there was no answer
	 */
	public MarathonException(String message, int status) {
		super(message);
		this.status = status;
	}

	/**
	 * Create the exception.
	 * @param message what failed
	 * @param cause the cause
	 */
	public MarathonException(String message, Throwable cause) {
		super(message, cause);
		this.status = 0;
	}

	/**
	 * The status Marathon answered.
	 * @return the status, 0 when there was no answer
	 */
	public int status() {
		return this.status;
	}

}
