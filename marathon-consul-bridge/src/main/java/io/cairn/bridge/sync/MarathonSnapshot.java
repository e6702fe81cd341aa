package io.cairn.bridge.sync;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.cairn.bridge.mapping.DesiredService;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonTask;

/**
 * What Marathon says, as one full sync read it: its apps, the services their tasks should
 * have, the KV folder names of the live apps and the hosts its tasks run on.
 *
 * @param apps the apps with their tasks, as Marathon listed them
 * @param desired the services the tasks should have, by service ID, in Marathon's order
 * @param liveNames the KV folder names of the opted-in apps
 * @param hosts the hosts of the tasks, in Marathon's order
 * @param tasks how many tasks Marathon listed
 */
record MarathonSnapshot(List<MarathonApp> apps, Map<String, DesiredService> desired, Set<String> liveNames,
		Set<String> hosts, int tasks) {

	/**
	 * Map Marathon's answer, and make it what the bridge knows of its apps.
	 * @param list Marathon's apps with their tasks
	 * @param sources the mapping and what the bridge remembers
	 * @param planner decides which services the tasks should have
	 * @param readNanos when the read of Marathon began: tasks whose end was remembered
	 * since are left out
	 * @return the snapshot
	 */
	static MarathonSnapshot of(List<MarathonApp> list, SyncSources sources, SyncPlanner planner, long readNanos) {
		sources.knownApps().replace(list, sources.mapper());
		Map<String, DesiredService> desired = new LinkedHashMap<>();
		Set<String> liveNames = new TreeSet<>();
		Set<String> hosts = new LinkedHashSet<>();
		int tasks = 0;
		for (MarathonApp app : list) {
			if (sources.mapper().optedIn(app)) {
				liveNames.add(sources.mapper().kvName(app.id()));
			}
			// Of apps that map to one name, only the owner's tasks are registered.
			boolean ownsName = sources.knownApps().serviceOwner(app.id()).equals(app.id());
			for (MarathonTask task : app.taskList()) {
				tasks++;
				if (task.host() != null) {
					hosts.add(task.host());
				}
			}
			if (ownsName) {
				planner.addDesired(app, app.taskList(), readNanos, desired);
			}
		}
		return new MarathonSnapshot(list, desired, liveNames, hosts, tasks);
	}

}
