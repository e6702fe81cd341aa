package io.cairn.bridge.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cairn.bridge.consul.RegistrationIndex.Registered;
import io.cairn.bridge.mapping.DesiredService;
import io.cairn.bridge.mapping.OwnedService;

/**
 * What the agents hold, as one full sync listed them: the services carrying the
 * registration tag, by service ID, each with the agent it is on (a service may be on more
 * than one: its host's agent and the fallback).
 *
 * @param byServiceId where each service is, by service ID
 * @param registrations the same services, as the registration index records them
 * @param owned how many services carry the tag, on all agents together
 */
record AgentSnapshot(Map<String, List<Placed>> byServiceId, List<Registered> registrations, int owned) {

	/**
	 * Gather what the agents listed.
	 * @param found the services carrying the tag, by agent address
	 * @param startNanos when the sync began: the registrations are recorded as older
	 * @return the snapshot
	 */
	static AgentSnapshot of(Map<String, List<OwnedService>> found, long startNanos) {
		Map<String, List<Placed>> actual = new HashMap<>();
		List<Registered> listed = new ArrayList<>();
		int owned = 0;
		for (Map.Entry<String, List<OwnedService>> agent : found.entrySet()) {
			String address = agent.getKey();
			for (OwnedService service : agent.getValue()) {
				owned++;
				actual.computeIfAbsent(service.service().id(), (id) -> new ArrayList<>())
					.add(new Placed(address, service));
				listed.add(new Registered(service.service().id(), address, service.taskId(), service.appId(),
						(service.service().service() != null) ? service.service().service() : "", startNanos - 1));
			}
		}
		return new AgentSnapshot(actual, listed, owned);
	}

	/**
	 * The IDs of the services found.
	 * @return the IDs
	 */
	Set<String> serviceIds() {
		return this.byServiceId.keySet();
	}

	/**
	 * Where a service is.
	 * @param serviceId the service ID
	 * @return the agents it is on, none when it is nowhere
	 */
	List<Placed> placementsOf(String serviceId) {
		return this.byServiceId.getOrDefault(serviceId, List.of());
	}

	/**
	 * Whether a service is registered as desired on its target agent, and nowhere else.
	 * @param service the service as it should be
	 * @param target the address of the agent it should be on
	 * @return true when nothing needs writing
	 */
	boolean placedAsDesired(DesiredService service, String target) {
		List<Placed> existing = placementsOf(service.serviceId());
		boolean onTarget = existing.stream()
			.anyMatch((placed) -> placed.address().equals(target) && service.sameAs(placed.owned().service()));
		return onTarget && existing.stream().allMatch((placed) -> placed.address().equals(target));
	}

	/**
	 * A service found on an agent.
	 *
	 * @param address the agent's address
	 * @param owned the service, with the task and app its tags name
	 */
	record Placed(String address, OwnedService owned) {
	}

}
