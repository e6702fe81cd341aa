package io.cairn.mesos.operator;

import org.jspecify.annotations.Nullable;

/**
 * An agent known to the master ({@code GET_AGENTS}).
 *
 * @param agentInfo the agent's info
 * @param active whether it is active
 * @param pid its PID
 * @param version its Mesos version
 * @param registeredTime when it registered
 */
public record Agent(AgentInfo agentInfo, boolean active, @Nullable String pid, @Nullable String version,
		@Nullable TimeInfo registeredTime) {
}
