package io.cairn.registry.domain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the event log.
 *
 * @param index the change index of the write that recorded it (events of one write share
 * it)
 * @param at when it happened
 * @param type what happened
 * @param name the service name
 * @param endpoint the endpoint concerned
 * @param previousName for {@link EventType#MOVED}, the name the endpoint had before
 */
public record RegistryEvent(long index, Instant at, EventType type, String name, Endpoint endpoint,
		@Nullable String previousName) {

}
