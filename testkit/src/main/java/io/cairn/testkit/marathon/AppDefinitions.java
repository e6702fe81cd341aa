package io.cairn.testkit.marathon;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * App definitions as Marathon reads them: IDs normalised and checked, the defaults
 * Marathon fills in (one instance, labels, health checks, a port definition with a
 * service port picked from 10000), and what a definition says about its tasks' ports and
 * addresses. Used under the {@link MarathonState}'s lock.
 */
final class AppDefinitions {

	private static final String TERMINATED = "terminated";

	private int nextServicePort = 10000;

	/** An app ID with its leading slash and without a trailing one. */
	static String normalizeId(String appId) {
		String id = appId.startsWith("/") ? appId : "/" + appId;
		return (id.length() > 1 && id.endsWith("/")) ? id.substring(0, id.length() - 1) : id;
	}

	/**
	 * The definition as Marathon stores it.
	 * @throws MarathonState.BadRequest without a valid ID
	 */
	ObjectNode normalize(JsonNode definition) {
		if (!definition.isObject() || !definition.path("id").isString()) {
			throw new MarathonState.BadRequest("An app definition needs a string id");
		}
		ObjectNode app = (ObjectNode) definition.deepCopy();
		String id = normalizeId(app.get("id").asString());
		if (!id.matches("(/[a-z0-9]([a-z0-9.-]*[a-z0-9])?)+")) {
			throw new MarathonState.BadRequest(
					"Invalid app id " + id + ": path must contain only lowercase letters, digits, hyphens and dots");
		}
		app.put("id", id);
		if (!app.has("instances")) {
			app.put("instances", 1);
		}
		if (!app.has("labels")) {
			app.putObject("labels");
		}
		if (!app.has("healthChecks")) {
			app.putArray("healthChecks");
		}
		if (!app.has("portDefinitions") && !app.has("ports") && !usesPortMappings(app)
				&& !app.hasNonNull("ipAddress")) {
			ObjectNode port = app.putArray("portDefinitions").addObject();
			port.put("port", 0);
			port.put("protocol", "tcp");
			port.put("name", "default");
			port.putObject("labels");
		}
		if (app.path("portDefinitions").isArray()) {
			for (JsonNode port : app.path("portDefinitions")) {
				if (port.path("port").asInt(0) == 0) {
					((ObjectNode) port).put("port", this.nextServicePort++);
				}
			}
		}
		return app;
	}

	private static boolean usesPortMappings(JsonNode app) {
		return app.path("container").path("portMappings").isArray()
				|| app.path("container").path("docker").path("portMappings").isArray();
	}

	/** Whether a change of an app is a scale only (no new version). */
	static boolean sameExceptInstances(ObjectNode before, ObjectNode after) {
		ObjectNode a = before.deepCopy();
		ObjectNode b = after.deepCopy();
		a.remove(List.of("instances", "version"));
		b.remove(List.of("instances", "version"));
		return a.equals(b);
	}

	/**
	 * Whether an app's labels match {@code ?label=}: {@code key} or {@code key==value}.
	 */
	static boolean matchesLabel(JsonNode labels, String selector) {
		int equals = selector.indexOf("==");
		if (equals > 0) {
			return labels.path(selector.substring(0, equals).trim())
				.asString(TERMINATED)
				.equals(selector.substring(equals + 2).trim());
		}
		return labels.has(selector.trim());
	}

	/** How many host ports a task of the app takes, by its networking mode. */
	static int hostPortCount(JsonNode app) {
		if (app.hasNonNull("ipAddress")) {
			return 0;
		}
		JsonNode docker = app.path("container").path("docker");
		String dockerNetwork = docker.path("network").asString("");
		if (dockerNetwork.equals("USER")) {
			return 0;
		}
		if (dockerNetwork.equals("BRIDGE")) {
			return docker.path("portMappings").size();
		}
		String mode = app.path("networks").path(0).path("mode").asString("host");
		if (mode.equals("container")) {
			int count = 0;
			for (JsonNode mapping : app.path("container").path("portMappings")) {
				if (mapping.hasNonNull("hostPort")) {
					count++;
				}
			}
			return count;
		}
		if (mode.equals("container/bridge")) {
			return app.path("container").path("portMappings").size();
		}
		if (app.path("portDefinitions").isArray()) {
			return app.path("portDefinitions").size();
		}
		return app.path("ports").size();
	}

	/** Whether the app's tasks get an IP address of their own. */
	static boolean containerNetworking(JsonNode app) {
		return app.hasNonNull("ipAddress")
				|| app.path("container").path("docker").path("network").asString("").equals("USER")
				|| app.path("networks").path(0).path("mode").asString("host").equals("container");
	}

}
