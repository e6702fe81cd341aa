package io.cairn.mesos.zk;

/**
 * A {@code --zk} or {@code --master} value that cannot be used; the message says what is
 * wrong with it (never the password).
 */
public class InvalidUrlException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public InvalidUrlException(String message) {
		super(message);
	}

	public InvalidUrlException(String message, Throwable cause) {
		super(message, cause);
	}

}
