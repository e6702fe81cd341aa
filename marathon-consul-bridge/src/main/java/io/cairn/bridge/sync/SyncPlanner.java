package io.cairn.bridge.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.cairn.bridge.mapping.DesiredService;
import io.cairn.bridge.mapping.ServiceMapper;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonTask;

/**
 * Decides, for a full sync and for an event alike, which services Marathon's tasks should
 * have and how that differs from what Consul has ({@link SyncPlan}). Writes nothing.
 */
final class SyncPlanner {

	private final ServiceMapper mapper;

	private final Tombstones tombstones;

	SyncPlanner(ServiceMapper mapper, Tombstones tombstones) {
		this.mapper = mapper;
		this.tombstones = tombstones;
	}

	/**
	 * Add the services some tasks of an app should have, by service ID. A task whose end
	 * was remembered after Marathon was read is left out: the answer is the older news.
	 * @param app the app, as Marathon described it
	 * @param tasks the tasks of it to map
	 * @param readNanos when the read of Marathon began
	 * @param desired where the services go
	 */
	void addDesired(MarathonApp app, Collection<MarathonTask> tasks, long readNanos,
			Map<String, DesiredService> desired) {
		for (MarathonTask task : tasks) {
			if (this.tombstones.endedAfter(task.id(), readNanos)) {
				continue;
			}
			for (DesiredService service : this.mapper.services(app, task)) {
				desired.put(service.serviceId(), service);
			}
		}
	}

	/**
	 * The diff between what should be registered and what is.
	 * @param desired the desired services, by service ID
	 * @param registered the IDs of the registered services
	 * @param inPlace whether a desired service is registered as desired already
	 * @return the plan
	 */
	static SyncPlan plan(Map<String, DesiredService> desired, Collection<String> registered,
			Predicate<DesiredService> inPlace) {
		List<DesiredService> register = new ArrayList<>();
		List<DesiredService> unchanged = new ArrayList<>();
		for (DesiredService service : desired.values()) {
			(inPlace.test(service) ? unchanged : register).add(service);
		}
		Set<String> deregister = new LinkedHashSet<>();
		for (String serviceId : registered) {
			if (!desired.containsKey(serviceId)) {
				deregister.add(serviceId);
			}
		}
		return new SyncPlan(register, unchanged, deregister);
	}

}
