package io.cairn.testkit.marathon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Where a new task runs and what it is called: hosts round robin, host ports from 31000
 * per host, container IPs for apps with networking of their own, and the task and
 * instance IDs of the simulated {@link MarathonVersion}. Used under the
 * {@link MarathonState}'s lock.
 */
final class TaskPlacement {

	private final MarathonVersion version;

	private final List<String> hosts;

	private final Map<String, Integer> nextHostPort = new HashMap<>();

	private int hostCursor;

	private int nextContainerIp = 1;

	TaskPlacement(MarathonVersion version, List<String> hosts) {
		this.version = version;
		this.hosts = List.copyOf(hosts);
	}

	/**
	 * A new task of the app, placed on the next host round robin with the next free host
	 * ports there, under the ID scheme of the version (a replacement keeps its
	 * predecessor's instance ID from 1.5 on, with the next incarnation).
	 */
	TaskRecord place(AppRecord sim, @Nullable TaskRecord predecessor) {
		String host = this.hosts.get(this.hostCursor++ % this.hosts.size());
		int hostPortCount = AppDefinitions.hostPortCount(sim.definition);
		List<Integer> ports = new ArrayList<>();
		for (int i = 0; i < hostPortCount; i++) {
			int port = this.nextHostPort.getOrDefault(host, 31000);
			ports.add(port);
			this.nextHostPort.put(host, port + 1);
		}
		String ip = AppDefinitions.containerNetworking(sim.definition)
				? "10.200." + (this.nextContainerIp / 250) + "." + (this.nextContainerIp++ % 250 + 1) : null;
		String base = sim.id.substring(1).replace('/', '_');
		String instanceId;
		String taskId;
		int incarnation = 1;
		switch (this.version) {
			case V0_15, V1_3 -> {
				instanceId = base + "." + uuid();
				taskId = instanceId;
			}
			case V1_4 -> {
				instanceId = base + ".marathon-" + uuid();
				taskId = instanceId;
			}
			default -> {
				if (predecessor != null) {
					instanceId = predecessor.instanceId;
					incarnation = predecessor.incarnation + 1;
				}
				else {
					instanceId = base + ".instance-" + uuid();
				}
				taskId = instanceId + "._app." + incarnation;
			}
		}
		return new TaskRecord(this.version, taskId, instanceId, incarnation, sim.id, host, ports, ip, sim.version);
	}

	private static String uuid() {
		return UUID.randomUUID().toString();
	}

}
