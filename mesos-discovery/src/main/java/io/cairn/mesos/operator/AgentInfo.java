package io.cairn.mesos.operator;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An agent as it registered.
 *
 * @param id the agent id
 * @param hostname the host name
 * @param port the port
 * @param resources the resources
 */
public record AgentInfo(MesosId id, String hostname, @Nullable Integer port, @Nullable List<Resource> resources) {
}
