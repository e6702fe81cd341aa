package io.cairn.mesos.operator;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code GET_AGENTS} answers.
 *
 * @param agents the registered agents
 * @param recoveredAgents agents recovered from the registry but not yet re-registered
 */
public record Agents(@Nullable List<Agent> agents, @Nullable List<AgentInfo> recoveredAgents) {
}
