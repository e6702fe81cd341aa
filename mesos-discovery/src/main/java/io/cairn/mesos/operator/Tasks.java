package io.cairn.mesos.operator;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code GET_TASKS} answers.
 *
 * @param tasks the active tasks
 * @param pendingTasks tasks not yet launched
 * @param completedTasks finished tasks
 * @param orphanTasks tasks of unknown frameworks
 * @param unreachableTasks tasks on unreachable agents
 */
public record Tasks(@Nullable List<Task> tasks, @Nullable List<Task> pendingTasks, @Nullable List<Task> completedTasks,
		@Nullable List<Task> orphanTasks, @Nullable List<Task> unreachableTasks) {
}
