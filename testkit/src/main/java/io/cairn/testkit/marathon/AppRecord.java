package io.cairn.testkit.marathon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An app as the simulated Marathon holds it: its definition, its current version and its
 * tasks in launch order. Changed only under the {@link MarathonState}'s lock.
 */
final class AppRecord {

	final String id;

	ObjectNode definition;

	String version;

	final Map<String, TaskRecord> tasks = new LinkedHashMap<>();

	AppRecord(String id, ObjectNode definition, String version) {
		this.id = id;
		this.definition = definition;
		this.version = version;
	}

	List<Integer> servicePorts() {
		List<Integer> ports = new ArrayList<>();
		for (JsonNode port : this.definition.path("portDefinitions")) {
			ports.add(port.path("port").asInt());
		}
		return ports;
	}

	ObjectNode json(boolean embedTasks) {
		ObjectNode app = this.definition.deepCopy();
		app.put("version", this.version);
		int running = 0;
		int staged = 0;
		int healthy = 0;
		int unhealthy = 0;
		for (TaskRecord task : this.tasks.values()) {
			if (task.state.equals("TASK_RUNNING")) {
				running++;
			}
			else {
				staged++;
			}
			if (Boolean.TRUE.equals(task.alive)) {
				healthy++;
			}
			else if (Boolean.FALSE.equals(task.alive)) {
				unhealthy++;
			}
		}
		app.put("tasksRunning", running);
		app.put("tasksStaged", staged);
		app.put("tasksHealthy", healthy);
		app.put("tasksUnhealthy", unhealthy);
		app.putArray("deployments");
		if (embedTasks) {
			ArrayNode list = app.putArray("tasks");
			this.tasks.values().forEach((task) -> list.add(task.json(this)));
		}
		return app;
	}

}
