package io.cairn.mesos.scheduler;

import java.util.Locale;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * One event of the scheduler API stream: {@code SUBSCRIBED}, {@code OFFERS},
 * {@code RESCIND}, {@code UPDATE}, {@code MESSAGE}, {@code FAILURE}, {@code ERROR},
 * {@code HEARTBEAT} or a type a newer master sends.
 *
 * @param type the event type
 * @param json the whole event as received
 */
public record SchedulerEvent(String type, JsonNode json) {

	/**
	 * The event's payload object (the field named after the type in lower case).
	 * @return the payload, if the event has one
	 */
	public Optional<JsonNode> payload() {
		JsonNode payload = this.json.path(this.type.toLowerCase(Locale.ROOT));
		return payload.isMissingNode() ? Optional.empty() : Optional.of(payload);
	}

	/**
	 * For {@code UPDATE}: the status uuid to {@link SchedulerSession#acknowledge
	 * acknowledge} (absent for updates that need none).
	 * @return the uuid, base64
	 */
	public Optional<String> statusUuid() {
		JsonNode uuid = this.json.path("update").path("status").path("uuid");
		return uuid.isString() ? Optional.of(uuid.stringValue()) : Optional.empty();
	}

}
