package io.cairn.registry.client;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One registration at one moment.
 *
 * @param instance the instance
 * @param state where the registration is
 * @param lastAcknowledged when the registry last acknowledged it, if ever
 * @param lastError the last failure since then, if any
 * @param reregistrations how often a renewal found that the registry had forgotten it
 */
public record RegistrationStatus(NewInstance instance, RegistrationState state, @Nullable Instant lastAcknowledged,
		@Nullable String lastError, long reregistrations) {

}
