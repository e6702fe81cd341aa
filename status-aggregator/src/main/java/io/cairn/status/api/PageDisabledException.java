package io.cairn.status.api;

/**
 * A public view that configuration switched off: answered 404, as if it did not exist.
 */
class PageDisabledException extends RuntimeException {

	PageDisabledException(String message) {
		super(message);
	}

}
