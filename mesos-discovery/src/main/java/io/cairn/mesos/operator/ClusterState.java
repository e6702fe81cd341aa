package io.cairn.mesos.operator;

import org.jspecify.annotations.Nullable;

/**
 * What {@code GET_STATE} answers (and {@code SUBSCRIBED} carries): everything at once.
 *
 * @param getTasks the tasks
 * @param getFrameworks the frameworks
 * @param getAgents the agents
 */
public record ClusterState(@Nullable Tasks getTasks, @Nullable Frameworks getFrameworks, @Nullable Agents getAgents) {
}
