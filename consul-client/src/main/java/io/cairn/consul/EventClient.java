package io.cairn.consul;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Paths;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;
import io.cairn.consul.model.event.EventFilter;
import io.cairn.consul.model.event.UserEvent;

/**
 * User events ({@code /v1/event}), spread by gossip. The index of an event list is
 * derived from the newest event: it works for blocking on the same agent, but it has no
 * order (watches compare it for change only).
 */
public final class EventClient {

	private static final ObjectReader EVENT = Json.reader(UserEvent.class);

	private static final ObjectReader EVENTS = Json.reader(new TypeReference<List<UserEvent>>() {
	});

	private final Transport transport;

	EventClient(Transport transport) {
		this.transport = transport;
	}

	/**
	 * Fire an event.
	 * @param name the event name (must not start with an underscore)
	 * @param payload the payload (opaque bytes), or {@code null}
	 * @param filter which agents should act on it
	 * @param options per-request options (datacenter, token)
	 * @return the fired event
	 */
	public UserEvent fire(String name, byte @Nullable [] payload, EventFilter filter, QueryOptions options) {
		Request request = Request.put("/v1/event/fire/{name}", "event/fire/" + Paths.segment(name))
			.param("node", filter.node())
			.param("service", filter.service())
			.param("tag", filter.tag())
			.options(options);
		if (payload != null) {
			request.body(payload, "application/octet-stream");
		}
		return this.transport.execute(request, Decoders.<UserEvent>json(EVENT)).value();
	}

	/**
	 * The most recent events this agent knows (up to 256).
	 * @param name only events with this name, or {@code null}
	 * @param filter node, service and tag regex filters
	 * @param options per-request options (blocking)
	 * @return the events, oldest first
	 */
	public ConsulResponse<List<UserEvent>> list(@Nullable String name, EventFilter filter, QueryOptions options) {
		return this.transport.execute(Request.get("/v1/event/list", "event/list")
			.noConsistency()
			.param("name", name)
			.param("node", filter.node())
			.param("service", filter.service())
			.param("tag", filter.tag())
			.options(options), Decoders.list(EVENTS));
	}

}
