package io.cairn.status.service;

/**
 * A request would change a check that the API may not change (a command check from
 * configuration); answered 409.
 */
public class CheckConflictException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message what conflicts
	 */
	public CheckConflictException(String message) {
		super(message);
	}

}
