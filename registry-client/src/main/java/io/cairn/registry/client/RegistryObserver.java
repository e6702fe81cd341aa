package io.cairn.registry.client;

import org.jspecify.annotations.Nullable;

/**
 * Told what the client does, for metrics and logs. The Spring Boot auto-configuration
 * plugs in Micrometer meters; implementations must be fast and must not throw.
 */
public interface RegistryObserver {

	/** Observes nothing. */
	RegistryObserver NONE = new RegistryObserver() {
	};

	/**
	 * One call to the registry ended (after its retries and failovers).
	 * @param operation {@code register}, {@code renew}, {@code deregister},
	 * {@code lookup}, {@code watch}, {@code info} or {@code services}
	 * @param nanos how long it took
	 * @param error the failure, {@code null} on success
	 */
	default void called(String operation, long nanos, @Nullable RegistryException error) {
	}

	/**
	 * The registry had forgotten an instance (restarted with an empty database, or the
	 * instance expired during a partition) and the renewal registered it again.
	 * @param instance the instance
	 */
	default void reregistered(NewInstance instance) {
	}

	/**
	 * A watch answer changed a cached lookup.
	 * @param query the lookup
	 * @param instances how many instances it holds now
	 */
	default void cacheUpdated(String query, int instances) {
	}

	/**
	 * The client moved to another registry URL because the one it used failed.
	 * @param from the URL that failed
	 * @param to the URL used from now on
	 */
	default void failedOver(String from, String to) {
	}

	/**
	 * The cache's connection state changed.
	 * @param state the new state
	 */
	default void connectionChanged(ConnectionState state) {
	}

}
