package io.cairn.bridge.mapping;

import org.jspecify.annotations.Nullable;

import io.cairn.consul.model.agent.AgentService;

/**
 * A service on an agent that carries the bridge's registration tag.
 *
 * @param service the service as the agent lists it
 * @param taskId the Marathon task it stands for
 * @param appId the Marathon app, when the service says
 * @param problem why the service is left alone (for example no app ID tag), or
 * {@code null}
 */
public record OwnedService(AgentService service, String taskId, @Nullable String appId, @Nullable String problem) {

}
