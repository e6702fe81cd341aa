package io.cairn.registry.service;

/**
 * The transaction that held a registration failed, so nothing of it was written. The
 * cause tells a database outage (JSON-RPC -32603, REST 503) from anything else.
 */
class RegistrationFailedException extends RuntimeException {

	RegistrationFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
