package io.cairn.testkit.marathon;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The events a change publishes, in the JSON and the order of the simulated
 * {@link MarathonVersion}: task status and instance changes, health verdicts, the API
 * post, deployment steps and their success, and the bus's own events (streams attached
 * and detached, callback subscriptions, an app terminated).
 */
final class MarathonEvents {

	private final MarathonVersion version;

	private final EventBus bus;

	MarathonEvents(MarathonVersion version, EventBus bus) {
		this.version = version;
		this.bus = bus;
	}

	void taskStatus(AppRecord sim, TaskRecord task) {
		ObjectNode status = event("status_update_event");
		status.put("slaveId", task.slaveId);
		status.put("taskId", task.id);
		status.put("taskStatus", task.state);
		status.put("message", "");
		status.put("appId", sim.id);
		status.put("host", task.host);
		ArrayNode ports = status.putArray("ports");
		task.ports.forEach(ports::add);
		if (this.version.hasInstances()) {
			task.ipAddresses(status.putArray("ipAddresses"));
		}
		status.put("version", task.version);
		publish(status);
		if (this.version.hasInstances()) {
			ObjectNode changed = event("instance_changed_event");
			changed.put("instanceId", task.instanceId);
			changed.put("condition", condition(task.state));
			changed.put("runSpecId", sim.id);
			changed.put("agentId", task.slaveId);
			changed.put("host", task.host);
			changed.put("runSpecVersion", task.version);
			publish(changed);
		}
	}

	void taskHealth(AppRecord sim, TaskRecord task) {
		boolean alive = Boolean.TRUE.equals(task.alive);
		if (this.version.hasInstances()) {
			ObjectNode instance = event("instance_health_changed_event");
			instance.put("instanceId", task.instanceId);
			instance.put("runSpecVersion", task.version);
			instance.put("healthy", alive);
			instance.put("runSpecId", sim.id);
			publish(instance);
		}
		ObjectNode health = event("health_status_changed_event");
		health.put("appId", sim.id);
		if (this.version.hasInstances()) {
			health.put("instanceId", task.instanceId);
		}
		else {
			health.put("taskId", task.id);
		}
		health.put("version", task.version);
		health.put("alive", alive);
		publish(health);
	}

	private static String condition(String state) {
		return switch (state) {
			case "TASK_STAGING" -> "Staging";
			case "TASK_STARTING" -> "Starting";
			case "TASK_RUNNING" -> "Running";
			case "TASK_KILLING" -> "Killing";
			case "TASK_KILLED" -> "Killed";
			case "TASK_FINISHED" -> "Finished";
			case "TASK_FAILED" -> "Failed";
			case "TASK_ERROR" -> "Error";
			case "TASK_DROPPED" -> "Dropped";
			case "TASK_LOST", "TASK_UNREACHABLE" -> "Unreachable";
			case "TASK_GONE", "TASK_GONE_BY_OPERATOR" -> "Gone";
			default -> "Unknown";
		};
	}

	void apiPost(String uri, ObjectNode app) {
		ObjectNode post = event("api_post_event");
		post.put("clientIp", "127.0.0.1");
		post.put("uri", uri);
		post.set("appDefinition", app.deepCopy());
		publish(post);
	}

	void deploymentInfo(String deployment, String action, String appId) {
		ObjectNode info = event("deployment_info");
		ObjectNode plan = info.putObject("plan");
		plan.put("id", deployment);
		ObjectNode step = plan.putArray("steps").addObject();
		step.put("action", action);
		step.put("app", appId);
		plan.put("version", MarathonState.timestamp());
		ObjectNode current = info.putObject("currentStep").putArray("actions").addObject();
		current.put((this.version == MarathonVersion.V1_3 || this.version == MarathonVersion.V0_15) ? "type" : "action",
				action);
		current.put("app", appId);
		publish(info);
	}

	void deploymentDone(String deployment, String appId) {
		ObjectNode group = event("group_change_success");
		group.put("groupId", "/");
		group.put("version", MarathonState.timestamp());
		publish(group);
		ObjectNode success = event("deployment_success");
		success.put("id", deployment);
		publish(success);
	}

	ObjectNode event(String type) {
		ObjectNode event = MarathonState.JSON.createObjectNode();
		event.put("eventType", type);
		event.put("timestamp", MarathonState.timestamp());
		return event;
	}

	void publish(ObjectNode event) {
		this.bus.publish(event.get("eventType").asString(), event.toString());
	}

	void appTerminated(String appId) {
		ObjectNode terminated = event("app_terminated_event");
		terminated.put("appId", appId);
		publish(terminated);
	}

	void streamAttached(String remoteAddress) {
		ObjectNode attached = event("event_stream_attached");
		attached.put("remoteAddress", remoteAddress);
		publish(attached);
	}

	void streamDetached(String remoteAddress) {
		ObjectNode detached = event("event_stream_detached");
		detached.put("remoteAddress", remoteAddress);
		publish(detached);
	}

	/** A {@code subscribe_event} or {@code unsubscribe_event}. */
	void subscription(String type, String clientIp, String callbackUrl) {
		ObjectNode event = event(type);
		event.put("clientIp", clientIp);
		event.put("callbackUrl", callbackUrl);
		publish(event);
	}

}
