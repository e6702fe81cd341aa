package io.cairn.bridge.event;

/**
 * An event body that is not a JSON object.
 */
public class MalformedEventException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create the exception.
	 * @param message what is wrong
	 */
	public MalformedEventException(String message) {
		super(message);
	}

}
