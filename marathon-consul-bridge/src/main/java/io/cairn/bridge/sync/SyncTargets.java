package io.cairn.bridge.sync;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.consul.AgentClients;
import io.cairn.bridge.consul.AgentHosts;
import io.cairn.bridge.consul.LabelWriter;
import io.cairn.bridge.consul.Registrar;
import io.cairn.bridge.consul.RegistrationIndex;

/**
 * Where a sync applies what it decided: the Consul agents, what is registered on them,
 * and KV.
 *
 * @param agents the agent clients
 * @param registrar registers and deregisters
 * @param index where registrations are recorded
 * @param labels writes labels to KV, or {@code null} with KV off
 * @param hosts the hosts whose agents may be contacted
 */
public record SyncTargets(AgentClients agents, Registrar registrar, RegistrationIndex index,
		@Nullable LabelWriter labels, AgentHosts hosts) {

}
