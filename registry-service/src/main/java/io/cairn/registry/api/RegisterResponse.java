package io.cairn.registry.api;

import io.cairn.registry.domain.RegistrationOutcome;

/**
 * What a registration did.
 *
 * @param outcome REGISTERED, RENEWED, MOVED, REVIVED or UPDATED
 * @param name the service name
 * @param host the host as stored (normalised)
 * @param port the port
 */
public record RegisterResponse(RegistrationOutcome outcome, String name, String host, int port) {

}
