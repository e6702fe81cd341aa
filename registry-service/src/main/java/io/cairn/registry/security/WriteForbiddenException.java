package io.cairn.registry.security;

/**
 * A REST write of a service the request's token does not cover (403).
 */
public class WriteForbiddenException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param detail a sentence for the client
	 */
	public WriteForbiddenException(String detail) {
		super(detail);
	}

}
