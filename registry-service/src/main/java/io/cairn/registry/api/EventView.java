package io.cairn.registry.api;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.cairn.registry.domain.EventType;
import io.cairn.registry.domain.RegistryEvent;

/**
 * An event in REST answers.
 *
 * @param index the change index of the write that recorded it
 * @param at when it happened
 * @param type what happened
 * @param name the service
 * @param host the endpoint's host
 * @param port the endpoint's port
 * @param previousName for a move, the name the endpoint had
 */
public record EventView(long index, Instant at, EventType type, String name, String host, int port,
		@Nullable String previousName) {

	static EventView of(RegistryEvent event) {
		return new EventView(event.index(), event.at(), event.type(), event.name(), event.endpoint().host(),
				event.endpoint().port(), event.previousName());
	}

}
