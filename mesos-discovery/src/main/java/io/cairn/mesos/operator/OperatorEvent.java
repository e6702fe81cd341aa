package io.cairn.mesos.operator;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One event of the operator API's {@code SUBSCRIBE} stream: {@code SUBSCRIBED} (with the
 * whole cluster state), {@code TASK_ADDED}, {@code TASK_UPDATED}, {@code AGENT_ADDED},
 * {@code AGENT_REMOVED}, {@code FRAMEWORK_ADDED}, {@code FRAMEWORK_UPDATED},
 * {@code FRAMEWORK_REMOVED}, {@code HEARTBEAT}, or a type a newer master sends.
 *
 * @param type the event type
 * @param json the whole event as received
 */
public record OperatorEvent(String type, JsonNode json) {

	/**
	 * The event's payload (the field named after the type in lower case), read as a
	 * record of this package, such as {@link Subscribed} or {@link TaskAdded}.
	 * @param <T> the payload type
	 * @param payloadType the payload's class
	 * @return the payload, if the event has one
	 */
	public <T> Optional<T> payload(Class<T> payloadType) {
		JsonNode payload = this.json.path(this.type.toLowerCase(java.util.Locale.ROOT));
		return payload.isObject() ? Optional.of(OperatorJson.MAPPER.treeToValue(payload, payloadType))
				: Optional.empty();
	}

	/**
	 * {@code SUBSCRIBED}.
	 *
	 * @param getState the whole cluster state
	 * @param heartbeatIntervalSeconds how often the master sends {@code HEARTBEAT}
	 */
	public record Subscribed(@Nullable ClusterState getState, @Nullable Double heartbeatIntervalSeconds) {
	}

	/**
	 * {@code TASK_ADDED}.
	 *
	 * @param task the task
	 */
	public record TaskAdded(Task task) {
	}

	/**
	 * {@code TASK_UPDATED}.
	 *
	 * @param frameworkId the task's framework
	 * @param status the new status
	 * @param state the task's latest state
	 */
	public record TaskUpdated(MesosId frameworkId, TaskStatus status, String state) {
	}

	/**
	 * {@code AGENT_ADDED}.
	 *
	 * @param agent the agent
	 */
	public record AgentAdded(Agent agent) {
	}

	/**
	 * {@code AGENT_REMOVED}.
	 *
	 * @param agentId the agent
	 */
	public record AgentRemoved(MesosId agentId) {
	}

	/**
	 * {@code FRAMEWORK_ADDED}.
	 *
	 * @param framework the framework
	 */
	public record FrameworkAdded(Framework framework) {
	}

	/**
	 * {@code FRAMEWORK_UPDATED}.
	 *
	 * @param framework the framework
	 */
	public record FrameworkUpdated(Framework framework) {
	}

	/**
	 * {@code FRAMEWORK_REMOVED}.
	 *
	 * @param frameworkInfo the framework
	 */
	public record FrameworkRemoved(FrameworkInfo frameworkInfo) {
	}

}
