package io.cairn.testkit.marathon;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A task of an {@link AppRecord}: where it runs, its Mesos state and its health verdict,
 * and its JSON in the shape of the simulated {@link MarathonVersion}.
 */
final class TaskRecord {

	final String id;

	final String instanceId;

	final int incarnation;

	final String appId;

	final String host;

	final String slaveId;

	final List<Integer> ports;

	final @Nullable String ip;

	final String version;

	private final MarathonVersion marathon;

	String stagedAt = MarathonState.timestamp();

	volatile String state = "TASK_STAGING";

	volatile @Nullable String startedAt;

	volatile @Nullable Boolean alive;

	TaskRecord(MarathonVersion marathon, String id, String instanceId, int incarnation, String appId, String host,
			List<Integer> ports, @Nullable String ip, String version) {
		this.marathon = marathon;
		this.id = id;
		this.instanceId = instanceId;
		this.incarnation = incarnation;
		this.appId = appId;
		this.host = host;
		this.slaveId = "20150707-153709-" + Math.abs(host.hashCode()) + "-5050-12052-S0";
		this.ports = List.copyOf(ports);
		this.ip = ip;
		this.version = version;
	}

	/**
	 * A task exactly as a recorded Marathon answer lists it ({@code state}, or only
	 * {@code startedAt} as 0.15 has it), for an imported app.
	 */
	static TaskRecord recorded(MarathonVersion marathon, JsonNode recorded, String appId, String appVersion) {
		String taskId = recorded.path("id").asString();
		List<Integer> ports = new ArrayList<>();
		for (JsonNode port : recorded.path("ports")) {
			ports.add(port.asInt());
		}
		String ip = null;
		JsonNode addresses = recorded.path("ipAddresses");
		if (addresses.isArray() && !addresses.isEmpty()) {
			ip = addresses.get(0).path("ipAddress").asString(null);
		}
		TaskRecord task = new TaskRecord(marathon, taskId, taskId, 1, appId,
				recorded.path("host").asString("localhost"), ports, ip, recorded.path("version").asString(appVersion));
		task.stagedAt = recorded.path("stagedAt").asString(task.stagedAt);
		task.startedAt = recorded.path("startedAt").asString(null);
		String state = recorded.path("state").asString(null);
		task.state = (state != null) ? state : (task.startedAt != null) ? "TASK_RUNNING" : "TASK_STAGING";
		JsonNode results = recorded.path("healthCheckResults");
		if (results.isArray() && !results.isEmpty()) {
			task.alive = results.get(0).path("alive").asBoolean(false);
		}
		return task;
	}

	TaskInfo info() {
		return new TaskInfo(this.id, this.instanceId, this.appId, this.host, this.ports, this.ip, this.state,
				this.alive);
	}

	void ipAddresses(ArrayNode list) {
		ObjectNode address = list.addObject();
		address.put("ipAddress", (this.ip != null) ? this.ip : hostIp());
		address.put("protocol", "IPv4");
	}

	private String hostIp() {
		return "10.100.0." + (Math.abs(this.host.hashCode()) % 250 + 1);
	}

	ObjectNode json(AppRecord app) {
		ObjectNode task = MarathonState.JSON.createObjectNode();
		task.put("id", this.id);
		task.put("slaveId", this.slaveId);
		task.put("host", this.host);
		if (this.marathon.hasTaskState()) {
			task.put("state", this.state);
		}
		if (this.startedAt != null) {
			task.put("startedAt", this.startedAt);
		}
		task.put("stagedAt", this.stagedAt);
		ArrayNode ports = task.putArray("ports");
		this.ports.forEach(ports::add);
		task.put("version", this.version);
		if (this.marathon.hasInstances() || this.ip != null) {
			ipAddresses(task.putArray("ipAddresses"));
		}
		task.put("appId", this.appId);
		ArrayNode servicePorts = task.putArray("servicePorts");
		app.servicePorts().forEach(servicePorts::add);
		if (this.alive != null && app.definition.path("healthChecks").size() > 0) {
			ArrayNode results = task.putArray("healthCheckResults");
			for (int i = 0; i < app.definition.path("healthChecks").size(); i++) {
				ObjectNode result = results.addObject();
				result.put("alive", this.alive);
				result.put("consecutiveFailures", this.alive ? 0 : 1);
				result.put("firstSuccess", this.stagedAt);
				result.putNull("lastFailure");
				result.put("lastSuccess", MarathonState.timestamp());
				result.putNull("lastFailureCause");
				result.put(this.marathon.hasInstances() ? "instanceId" : "taskId",
						this.marathon.hasInstances() ? this.instanceId : this.id);
			}
		}
		task.put("region", "primary");
		task.put("zone", "a");
		task.put("role", "*");
		return task;
	}

}
