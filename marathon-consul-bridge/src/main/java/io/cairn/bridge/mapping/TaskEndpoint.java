package io.cairn.bridge.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonTask;

/**
 * Where a task can be reached: its address and its ports, each with the name and labels
 * its app gave it.
 * <p>
 * With container networking (Marathon 1.5's {@code container} network mode, a Docker
 * {@code USER} network, or the older {@code ipAddress} IP-per-task) the task has its own
 * IP address and the ports are the container ports of its port mappings (or the discovery
 * ports of IP-per-task). Otherwise (host networking, {@code container/bridge}, Docker
 * {@code BRIDGE}) the address is the agent host and the ports are the task's host ports,
 * named from the port definitions or mappings in the same order.
 *
 * @param address the address
 * @param ports the ports, in the app's order
 * @param containerNetwork whether the address is the task's own
 */
public record TaskEndpoint(String address, List<Port> ports, boolean containerNetwork) {

	/**
	 * Work out a task's endpoint.
	 * @param app the task's app
	 * @param task the task
	 * @return the endpoint
	 */
	public static TaskEndpoint of(MarathonApp app, MarathonTask task) {
		String host = (task.host() != null) ? task.host() : "";
		String ip = task.firstIpAddress();
		if (usesContainerNetwork(app) && ip != null) {
			return new TaskEndpoint(ip, containerPorts(app), true);
		}
		List<Integer> hostPorts = task.portList();
		List<Named> names = hostPortNames(app);
		List<Port> ports = new ArrayList<>();
		for (int i = 0; i < hostPorts.size(); i++) {
			Named named = (i < names.size()) ? names.get(i) : new Named(null, Map.of());
			ports.add(new Port(i, hostPorts.get(i), named.name(), named.labels()));
		}
		return new TaskEndpoint(host, ports, false);
	}

	/**
	 * Whether the app gives each task its own address.
	 * @param app the app
	 * @return true with container networking
	 */
	public static boolean usesContainerNetwork(MarathonApp app) {
		if (app.ipAddress() != null) {
			return true;
		}
		MarathonApp.Container container = app.container();
		if (container != null && container.docker() != null && "USER".equals(container.docker().network())) {
			return true;
		}
		List<MarathonApp.Network> networks = app.networks();
		return networks != null && !networks.isEmpty() && "container".equals(networks.get(0).mode());
	}

	private static List<Port> containerPorts(MarathonApp app) {
		List<Port> ports = new ArrayList<>();
		List<MarathonApp.PortMapping> mappings = portMappings(app);
		if (!mappings.isEmpty()) {
			for (int i = 0; i < mappings.size(); i++) {
				MarathonApp.PortMapping mapping = mappings.get(i);
				Integer port = mapping.containerPort();
				if (port != null && port > 0) {
					ports.add(new Port(i, port, mapping.name(), labels(mapping.labels())));
				}
			}
			return ports;
		}
		MarathonApp.IpAddress ipAddress = app.ipAddress();
		if (ipAddress != null && ipAddress.discovery() != null && ipAddress.discovery().ports() != null) {
			List<MarathonApp.DiscoveryPort> discovery = ipAddress.discovery().ports();
			for (int i = 0; i < discovery.size(); i++) {
				Integer number = discovery.get(i).number();
				if (number != null && number > 0) {
					ports.add(new Port(i, number, discovery.get(i).name(), Map.of()));
				}
			}
		}
		return ports;
	}

	private static List<Named> hostPortNames(MarathonApp app) {
		List<Named> names = new ArrayList<>();
		List<MarathonApp.PortMapping> mappings = portMappings(app);
		if (!mappings.isEmpty()) {
			for (MarathonApp.PortMapping mapping : mappings) {
				// Only mappings with a host port take one of the task's ports.
				if (mapping.hostPort() != null || !containerMode(app)) {
					names.add(new Named(mapping.name(), labels(mapping.labels())));
				}
			}
			return names;
		}
		if (app.portDefinitions() != null) {
			for (MarathonApp.PortDefinition definition : app.portDefinitions()) {
				names.add(new Named(definition.name(), labels(definition.labels())));
			}
		}
		return names;
	}

	private static boolean containerMode(MarathonApp app) {
		List<MarathonApp.Network> networks = app.networks();
		return networks != null && !networks.isEmpty() && "container".equals(networks.get(0).mode());
	}

	private static List<MarathonApp.PortMapping> portMappings(MarathonApp app) {
		MarathonApp.Container container = app.container();
		if (container == null) {
			return List.of();
		}
		if (container.portMappings() != null && !container.portMappings().isEmpty()) {
			return container.portMappings();
		}
		if (container.docker() != null && container.docker().portMappings() != null) {
			return container.docker().portMappings();
		}
		return List.of();
	}

	private static Map<String, String> labels(@Nullable Map<String, String> labels) {
		return (labels != null) ? labels : Map.of();
	}

	/**
	 * The lowest port, which Consular registered.
	 * @return the port, or {@code null} when there is none
	 */
	public @Nullable Integer lowestPort() {
		return this.ports.stream().map(Port::number).min(Integer::compare).orElse(null);
	}

	/**
	 * A port of a task.
	 *
	 * @param index its position in the app's port list
	 * @param number the port number
	 * @param name its name, if the app named it
	 * @param labels its labels
	 */
	public record Port(int index, int number, @Nullable String name, Map<String, String> labels) {
	}

	private record Named(@Nullable String name, Map<String, String> labels) {
	}

}
