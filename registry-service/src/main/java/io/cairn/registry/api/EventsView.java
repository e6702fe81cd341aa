package io.cairn.registry.api;

import java.util.List;

/**
 * Events, newest first.
 *
 * @param index the change index this answer reflects
 * @param events the events
 */
public record EventsView(long index, List<EventView> events) {

}
