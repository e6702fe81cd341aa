package io.cairn.testkit.consul;

import java.util.ArrayDeque;
import java.util.Base64;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/event}: user events fired through the gossip layer (the last 256 kept) and
 * listed with the gossip index, which identifies the newest event rather than counting.
 */
final class EventArea {

	private static final int KEPT = 256;

	private final RaftLog raft;

	private final ArrayDeque<ObjectNode> events = new ArrayDeque<>();

	private long lTime;

	EventArea(RaftLog raft) {
		this.raft = raft;
	}

	void reset() {
		this.events.clear();
	}

	/** {@code PUT /v1/event/fire/:name}, the body its payload. */
	ApiResponse fire(ApiRequest r, String name) {
		if (name.isEmpty()) {
			return ApiResponse.bad("Missing name");
		}
		if (name.startsWith("_")) {
			return ApiResponse.bad("User events cannot start with '_'");
		}
		ObjectNode event = JSON.createObjectNode();
		event.put("ID", UUID.randomUUID().toString());
		event.put("Name", name);
		if (r.body.length > 0) {
			event.put("Payload", Base64.getEncoder().encodeToString(r.body));
		}
		else {
			event.putNull("Payload");
		}
		event.put("NodeFilter", (r.param("node") != null) ? r.param("node") : "");
		event.put("ServiceFilter", (r.param("service") != null) ? r.param("service") : "");
		event.put("TagFilter", (r.param("tag") != null) ? r.param("tag") : "");
		event.put("Version", 1);
		event.put("LTime", 0);
		ObjectNode stored = event.deepCopy();
		stored.put("LTime", ++this.lTime);
		this.events.addLast(stored);
		while (this.events.size() > KEPT) {
			this.events.removeFirst();
		}
		this.raft.changed();
		return ApiResponse.json(event);
	}

	/** {@code GET /v1/event/list}, of one {@code ?name} or all. */
	ApiResponse list(ApiRequest r) throws InterruptedException {
		String name = r.param("name");
		return this.raft.blocking(r, () -> {
			ArrayNode list = JSON.createArrayNode();
			String newest = null;
			for (ObjectNode event : this.events) {
				if (name == null || name.isEmpty() || event.get("Name").asString().equals(name)) {
					list.add(event.deepCopy());
					newest = event.get("ID").asString();
				}
			}
			ApiResponse events = ApiResponse.read(list, eventIndex(newest));
			// Gossip: the index only names the newest event; block while it stays.
			events.opaqueIndex = true;
			return events;
		});
	}

	/**
	 * As Consul does: the index of an event list comes from the newest event's ID, not a
	 * counter.
	 */
	private static long eventIndex(@Nullable String id) {
		if (id == null) {
			return 1;
		}
		UUID uuid = UUID.fromString(id);
		long value = uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
		return (value == 0) ? 1 : value & Long.MAX_VALUE;
	}

}
