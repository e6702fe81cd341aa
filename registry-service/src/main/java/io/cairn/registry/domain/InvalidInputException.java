package io.cairn.registry.domain;

/**
 * Something a client sent breaks a registry rule. The message names the field and the
 * rule, and is safe to show to the client.
 */
public class InvalidInputException extends RuntimeException {

	private final String field;

	/**
	 * Create the exception.
	 * @param field the offending field or parameter
	 * @param message what is wrong, as a sentence
	 */
	public InvalidInputException(String field, String message) {
		super(message);
		this.field = field;
	}

	/**
	 * The offending field or parameter.
	 * @return the field name
	 */
	public String field() {
		return this.field;
	}

}
