package io.cairn.status.store;

/**
 * An operation named a check that does not exist.
 */
public class NoSuchCheckException extends RuntimeException {

	private final String checkId;

	/**
	 * Create the exception.
	 * @param checkId the id that was not found
	 */
	public NoSuchCheckException(String checkId) {
		super("No check '" + checkId + "' is registered.");
		this.checkId = checkId;
	}

	/**
	 * The id that was not found.
	 * @return the id
	 */
	public String checkId() {
		return this.checkId;
	}

}
