package io.cairn.status.store;

/**
 * A new check would pass {@code cairn.status.limits.max-checks}; answered 429.
 */
public class TooManyChecksException extends RuntimeException {

	private final int limit;

	/**
	 * Create the exception.
	 * @param limit the cap that was reached
	 */
	public TooManyChecksException(int limit) {
		super("The aggregator holds " + limit + " checks, the most cairn.status.limits.max-checks allows; "
				+ "delete some or raise the limit.");
		this.limit = limit;
	}

	/**
	 * The cap that was reached.
	 * @return the most checks allowed
	 */
	public int limit() {
		return this.limit;
	}

}
