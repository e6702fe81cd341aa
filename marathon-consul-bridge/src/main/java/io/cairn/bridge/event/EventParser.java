package io.cairn.bridge.event;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.bridge.marathon.HostNames;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonIds;

/**
 * Reads Marathon's event JSON (stream {@code data:} lines and callback bodies) of
 * Marathon 1.3, 1.4 and 1.8. Types the bridge does not use, and events lacking a field it
 * needs, become {@link MarathonEvent.Ignored}: never an error. Every field the bridge
 * uses is checked against what Marathon sends, so that a hostile event affects nothing
 * but itself: an app ID is a Marathon app path, a task or instance ID is made of letters,
 * digits, {@code .}, {@code _} and {@code -}, a state is a word, all of bounded length;
 * an event with any of them otherwise is ignored. A {@code host} that is no host name or
 * IP literal is dropped (it is only a hint).
 */
public final class EventParser {

	/** The longest task state or instance condition accepted. */
	public static final int MAX_STATE_LENGTH = 64;

	private static final Pattern STATE = Pattern.compile("[A-Za-z_]+");

	private final JsonMapper json;

	/**
	 * Create a parser.
	 * @param json the mapper (unknown fields ignored)
	 */
	public EventParser(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Parse one event.
	 * @param streamType the SSE {@code event:} line, if any (the JSON's {@code eventType}
	 * wins)
	 * @param body the JSON
	 * @return the event
	 * @throws MalformedEventException when the body is not a JSON object
	 */
	public MarathonEvent parse(@Nullable String streamType, String body) {
		JsonNode node;
		try {
			node = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new MalformedEventException("not JSON: " + ex.getOriginalMessage());
		}
		if (node == null || !node.isObject()) {
			throw new MalformedEventException("not a JSON object");
		}
		String type = text(node, "eventType");
		if (type == null) {
			type = (streamType != null) ? streamType : "";
		}
		String timestamp = text(node, "timestamp");
		if (timestamp != null && timestamp.length() > MAX_STATE_LENGTH) {
			timestamp = null;
		}
		return switch (type) {
			case "status_update_event" -> status(node, timestamp);
			case "health_status_changed_event" -> health(type, node, "appId", "alive", timestamp);
			case "instance_health_changed_event" -> health(type, node, "runSpecId", "healthy", timestamp);
			case "instance_changed_event" -> instanceChanged(node, timestamp);
			case "app_terminated_event" -> {
				String appId = text(node, "appId");
				if (appId == null) {
					yield incomplete(type, "appId");
				}
				yield isAppId(appId) ? new MarathonEvent.AppTerminated(appId, timestamp) : malformed(type, "appId");
			}
			case "api_post_event" -> appChanged(node, timestamp);
			case "" -> new MarathonEvent.Ignored("", "the event has no eventType");
			default -> new MarathonEvent.Ignored(type, "not used by the bridge");
		};
	}

	private MarathonEvent status(JsonNode node, @Nullable String timestamp) {
		String appId = text(node, "appId");
		String taskId = text(node, "taskId");
		String status = text(node, "taskStatus");
		if (appId == null || taskId == null || status == null) {
			return incomplete("status_update_event", "appId, taskId or taskStatus");
		}
		if (!isAppId(appId) || !isTaskId(taskId) || !isState(status)) {
			return malformed("status_update_event", "appId, taskId or taskStatus");
		}
		return new MarathonEvent.TaskStatus(appId, taskId, status, host(node), timestamp);
	}

	private MarathonEvent health(String type, JsonNode node, String appField, String verdictField,
			@Nullable String timestamp) {
		String appId = text(node, appField);
		String id = text(node, "instanceId");
		if (id == null) {
			id = text(node, "taskId");
		}
		JsonNode verdict = node.get(verdictField);
		if (appId == null || id == null || verdict == null || !verdict.isBoolean()) {
			return incomplete(type, appField + ", instanceId/taskId or " + verdictField);
		}
		if (!isAppId(appId) || !isTaskId(id)) {
			return malformed(type, appField + " or instanceId/taskId");
		}
		return new MarathonEvent.Health(type, appId, id, verdict.asBoolean(), timestamp);
	}

	private MarathonEvent instanceChanged(JsonNode node, @Nullable String timestamp) {
		String appId = text(node, "runSpecId");
		String instanceId = text(node, "instanceId");
		String condition = text(node, "condition");
		if (appId == null || instanceId == null || condition == null) {
			return incomplete("instance_changed_event", "runSpecId, instanceId or condition");
		}
		if (!isAppId(appId) || !isTaskId(instanceId) || !isState(condition)) {
			return malformed("instance_changed_event", "runSpecId, instanceId or condition");
		}
		return new MarathonEvent.InstanceChanged(appId, instanceId, condition, host(node), timestamp);
	}

	private MarathonEvent appChanged(JsonNode node, @Nullable String timestamp) {
		JsonNode definition = node.get("appDefinition");
		String appId = (definition != null) ? text(definition, "id") : null;
		if (appId == null) {
			return incomplete("api_post_event", "appDefinition.id");
		}
		if (!isAppId(appId)) {
			return malformed("api_post_event", "appDefinition.id");
		}
		MarathonApp app;
		try {
			app = this.json.treeToValue(definition, MarathonApp.class);
		}
		catch (JacksonException ex) {
			// The bridge reads the app from Marathon anyway; the definition is only a
			// hint.
			app = null;
		}
		return new MarathonEvent.AppChanged(appId, app, text(node, "uri"), timestamp);
	}

	/**
	 * Whether the bridge acts on events of a type.
	 * @param type the event type
	 * @return true for the types it uses
	 */
	public static boolean isUsed(String type) {
		return EventStreamReader.EVENT_TYPES.contains(type);
	}

	private static MarathonEvent incomplete(String type, String fields) {
		return new MarathonEvent.Ignored(type, "missing " + fields);
	}

	private static MarathonEvent malformed(String type, String fields) {
		return new MarathonEvent.Ignored(type, "not Marathon's form of " + fields);
	}

	private static boolean isAppId(String appId) {
		return MarathonIds.isAppId(appId);
	}

	private static boolean isTaskId(String taskId) {
		return MarathonIds.isTaskId(taskId);
	}

	private static boolean isState(String state) {
		return state.length() <= MAX_STATE_LENGTH && STATE.matcher(state).matches();
	}

	private static @Nullable String host(JsonNode node) {
		String host = text(node, "host");
		return HostNames.isValid(host) ? host : null;
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString() && !value.asString().isEmpty()) ? value.asString() : null;
	}

}
