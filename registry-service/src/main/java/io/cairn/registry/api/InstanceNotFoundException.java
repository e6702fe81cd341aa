package io.cairn.registry.api;

/**
 * A deregistration named an endpoint that is not registered under that service.
 */
class InstanceNotFoundException extends RuntimeException {

	InstanceNotFoundException(String message) {
		super(message);
	}

}
