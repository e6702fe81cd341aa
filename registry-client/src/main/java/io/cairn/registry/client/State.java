package io.cairn.registry.client;

/**
 * Where a {@link RegistryClient} is in its life.
 */
public enum State {

	/** Built, not started: nothing runs, lookups and registrations are refused. */
	LATENT,

	/** Started: registrations renew, the cache is watched. */
	STARTED,

	/** Closed: registrations were deregistered, threads stopped. */
	CLOSED

}
