package io.cairn.mesos.operator;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A task known to the master.
 *
 * @param taskId the task id
 * @param name the name
 * @param frameworkId the framework
 * @param agentId the agent
 * @param executorId the executor
 * @param state the latest state
 * @param resources the resources
 * @param statuses the status updates
 */
public record Task(MesosId taskId, String name, MesosId frameworkId, @Nullable MesosId agentId,
		@Nullable MesosId executorId, String state, @Nullable List<Resource> resources,
		@Nullable List<TaskStatus> statuses) {
}
