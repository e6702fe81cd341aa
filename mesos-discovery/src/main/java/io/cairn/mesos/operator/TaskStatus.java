package io.cairn.mesos.operator;

import org.jspecify.annotations.Nullable;

/**
 * A task's status update.
 *
 * @param taskId the task
 * @param state the task state, such as TASK_RUNNING
 * @param agentId the agent
 * @param source who sent it
 * @param reason why
 * @param message a message
 * @param timestamp when, seconds since the epoch
 * @param uuid the update's uuid, base64, to acknowledge
 * @param healthy the health check result
 */
public record TaskStatus(MesosId taskId, String state, @Nullable MesosId agentId, @Nullable String source,
		@Nullable String reason, @Nullable String message, @Nullable Double timestamp, @Nullable String uuid,
		@Nullable Boolean healthy) {
}
