package io.cairn.bridge.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.consul.AgentClients;
import io.cairn.bridge.consul.Registrar;
import io.cairn.bridge.marathon.HostNames;
import io.cairn.bridge.mapping.OwnedService;
import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.consul.ConsulException;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.model.catalog.Node;

/**
 * Reads what every agent a full sync reaches holds: the central agent and, when services
 * are registered on task hosts, the agents of the tasks' hosts, the configured ones and
 * (with {@code discover-agents}) the catalog's nodes. The agents are listed in parallel;
 * one that cannot be listed is noted as unreachable without stopping the others.
 */
final class AgentListing {

	private final AgentClients agents;

	private final Registrar registrar;

	private final BridgeProperties.Consul settings;

	private final ExecutorService pool;

	private final SyncTally tally;

	AgentListing(AgentClients agents, Registrar registrar, BridgeProperties.Consul settings, ExecutorService pool,
			SyncTally tally) {
		this.agents = agents;
		this.registrar = registrar;
		this.settings = settings;
		this.pool = pool;
		this.tally = tally;
	}

	/**
	 * List the services carrying the registration tag on every agent.
	 * @param hosts the hosts of Marathon's tasks
	 * @param knownHosts where the hosts of the catalog's nodes are added
	 * @return the services found, by agent address (agents that could not be listed are
	 * left out)
	 * @throws InterruptedException when interrupted while waiting for an agent
	 */
	Map<String, List<OwnedService>> list(Set<String> hosts, Set<String> knownHosts) throws InterruptedException {
		Set<String> addresses = new LinkedHashSet<>();
		addresses.add(this.agents.centralAddress());
		if (this.settings.registerOn() == BridgeProperties.RegisterOn.TASK_HOST) {
			for (String host : hosts) {
				if (HostNames.isValid(host)) {
					addresses.add(this.agents.addressOf(host));
				}
				else {
					this.tally.error("Marathon names a task host that is no host name: " + abbreviate(host));
				}
			}
			addresses.addAll(this.agents.configuredAgents());
			if (this.settings.discoverAgents()) {
				try {
					for (Node node : this.agents.central().catalog().nodes(QueryOptions.NONE).value()) {
						String agent = agentOf(node, knownHosts);
						if (agent != null) {
							addresses.add(agent);
						}
					}
				}
				catch (ConsulException ex) {
					this.tally.error("listing the catalog's nodes failed: " + ex.getMessage());
				}
			}
		}
		this.tally.agents(addresses.size());
		Map<String, Future<List<OwnedService>>> listings = new LinkedHashMap<>();
		for (String address : addresses) {
			listings.put(address, this.pool.submit(() -> this.registrar.owned(address)));
		}
		Map<String, List<OwnedService>> found = new LinkedHashMap<>();
		List<String> down = new ArrayList<>();
		for (Map.Entry<String, Future<List<OwnedService>>> listing : listings.entrySet()) {
			try {
				found.put(listing.getKey(), listing.getValue().get());
			}
			catch (ExecutionException ex) {
				down.add(listing.getKey());
				this.tally.error("agent " + listing.getKey() + " could not be listed: " + AgentCalls.causeOf(ex));
			}
		}
		this.tally.unreachable(List.copyOf(down));
		return found;
	}

	private @Nullable String agentOf(Node node, Set<String> knownHosts) {
		String address = (node.address() != null && !node.address().isEmpty()) ? node.address() : node.node();
		String byName = this.settings.agents().get(node.node());
		if (byName != null) {
			knownHosts.add(node.node());
			return this.agents.addressOf(node.node());
		}
		if (!HostNames.isValid(address)) {
			this.tally.error("the catalog names a node address that is no host name: " + abbreviate(address));
			return null;
		}
		knownHosts.add(address);
		if (HostNames.isValid(node.node())) {
			knownHosts.add(node.node());
		}
		return this.agents.addressOf(address);
	}

	private static String abbreviate(String text) {
		return (text.length() > 64) ? text.substring(0, 64) + "..." : text;
	}

}
