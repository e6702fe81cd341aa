package io.cairn.status.service;

/**
 * A request broke a registration rule; answered 400 naming the field.
 */
public class InvalidCheckException extends RuntimeException {

	private final String field;

	/**
	 * Create the exception.
	 * @param field the offending field
	 * @param message what is wrong, for the client
	 */
	public InvalidCheckException(String field, String message) {
		super(message);
		this.field = field;
	}

	/**
	 * The offending field.
	 * @return the field name
	 */
	public String field() {
		return this.field;
	}

}
