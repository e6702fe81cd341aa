package io.cairn.registry.client;

/**
 * Where one registration is.
 */
public enum RegistrationState {

	/** Not yet acknowledged: the registry could not be reached so far; retrying. */
	PENDING,

	/** Acknowledged and renewed on schedule. */
	REGISTERED,

	/**
	 * Refused (401, 403, 400, ...): the token, its scope or the instance is wrong.
	 * Retried at the renewal interval in case the registry's configuration changes.
	 */
	REFUSED,

	/** Deregistered (closed); nothing more is sent. */
	DEREGISTERED

}
