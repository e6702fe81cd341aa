package io.cairn.registry.client;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a client knows at one moment, for health indicators and logs.
 *
 * @param state the client's life cycle state
 * @param connection how fresh the cache is
 * @param since when the connection state last changed
 * @param problem why the cache is not connected, if it is not
 * @param url the registry URL in use
 * @param lastSync when the cache last heard from the registry, if ever
 * @param cachedLookups how many lookups the cache holds
 * @param cachedInstances how many instances they hold together
 * @param registrations the client's registrations
 */
public record ClientStatus(State state, ConnectionState connection, Instant since, @Nullable String problem, URI url,
		@Nullable Instant lastSync, int cachedLookups, int cachedInstances, List<RegistrationStatus> registrations) {

	public ClientStatus {
		registrations = List.copyOf(registrations);
	}

}
