package io.cairn.bridge.marathon;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * A Marathon app as {@code GET /v2/apps} and {@code api_post_event} describe it, reduced
 * to what the bridge reads. Both networking APIs are read: 1.5's {@code networks} and
 * {@code container.portMappings}, and the older {@code container.docker.network},
 * {@code container.docker.portMappings} and {@code ipAddress} (IP-per-task).
 *
 * @param id the app ID, an absolute path such as {@code /my-group/my-app}
 * @param labels the labels
 * @param portDefinitions host-networking ports
 * @param container the container, with its port mappings
 * @param networks the networks (Marathon 1.5 and later)
 * @param ipAddress IP-per-task settings (before 1.5)
 * @param healthChecks the Marathon health checks
 * @param tasks the tasks, when embedded
 * @param version the app version
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MarathonApp(String id, @Nullable Map<String, String> labels,
		@Nullable List<PortDefinition> portDefinitions, @Nullable Container container, @Nullable List<Network> networks,
		@Nullable IpAddress ipAddress, @Nullable List<HealthCheck> healthChecks, @Nullable List<MarathonTask> tasks,
		@Nullable String version) {

	/**
	 * The labels, never {@code null}.
	 * @return the labels
	 */
	public Map<String, String> labelMap() {
		return (this.labels != null) ? this.labels : Map.of();
	}

	/**
	 * The health checks, never {@code null}.
	 * @return the checks
	 */
	public List<HealthCheck> healthCheckList() {
		return (this.healthChecks != null) ? this.healthChecks : List.of();
	}

	/**
	 * The tasks, never {@code null}.
	 * @return the tasks
	 */
	public List<MarathonTask> taskList() {
		return (this.tasks != null) ? this.tasks : List.of();
	}

	/**
	 * A copy with other tasks.
	 * @param tasks the tasks
	 * @return the copy
	 */
	public MarathonApp withTasks(List<MarathonTask> tasks) {
		return new MarathonApp(this.id, this.labels, this.portDefinitions, this.container, this.networks,
				this.ipAddress, this.healthChecks, tasks, this.version);
	}

	/**
	 * A port of host networking.
	 *
	 * @param port the service port
	 * @param protocol the protocol
	 * @param name the port's name
	 * @param labels the port's labels
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record PortDefinition(@Nullable Integer port, @Nullable String protocol, @Nullable String name,
			@Nullable Map<String, String> labels) {
	}

	/**
	 * The container.
	 *
	 * @param type {@code DOCKER} or {@code MESOS}
	 * @param docker Docker settings (before 1.5 they held the network and port mappings)
	 * @param portMappings port mappings (1.5 and later)
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Container(@Nullable String type, @Nullable Docker docker, @Nullable List<PortMapping> portMappings) {
	}

	/**
	 * Docker settings.
	 *
	 * @param image the image
	 * @param network {@code HOST}, {@code BRIDGE} or {@code USER} (before 1.5)
	 * @param portMappings port mappings (before 1.5)
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Docker(@Nullable String image, @Nullable String network, @Nullable List<PortMapping> portMappings) {
	}

	/**
	 * A port mapping.
	 *
	 * @param containerPort the port inside the container
	 * @param hostPort the host port, if one is allocated
	 * @param servicePort the service port
	 * @param protocol the protocol
	 * @param name the mapping's name
	 * @param labels the mapping's labels
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record PortMapping(@Nullable Integer containerPort, @Nullable Integer hostPort,
			@Nullable Integer servicePort, @Nullable String protocol, @Nullable String name,
			@Nullable Map<String, String> labels) {
	}

	/**
	 * A network (1.5 and later).
	 *
	 * @param mode {@code host}, {@code container} or {@code container/bridge}
	 * @param name the container network's name
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Network(@Nullable String mode, @Nullable String name) {
	}

	/**
	 * IP-per-task settings (before 1.5).
	 *
	 * @param discovery the ports the task exposes on its own address
	 * @param networkName the network's name
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record IpAddress(@Nullable Discovery discovery, @Nullable String networkName) {
	}

	/**
	 * Discovery information of IP-per-task.
	 *
	 * @param ports the ports
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Discovery(@Nullable List<DiscoveryPort> ports) {
	}

	/**
	 * A discovery port.
	 *
	 * @param number the port number
	 * @param name the port's name
	 * @param protocol the protocol
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record DiscoveryPort(@Nullable Integer number, @Nullable String name, @Nullable String protocol) {
	}

	/**
	 * A Marathon health check.
	 *
	 * @param protocol {@code HTTP}, {@code HTTPS}, {@code TCP}, {@code COMMAND},
	 * {@code MESOS_HTTP}, {@code MESOS_HTTPS} or {@code MESOS_TCP}; HTTP when absent
	 * @param path the HTTP path
	 * @param portIndex the index of the port checked
	 * @param port a fixed port checked instead
	 * @param intervalSeconds seconds between checks
	 * @param timeoutSeconds seconds a check may take
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record HealthCheck(@Nullable String protocol, @Nullable String path, @Nullable Integer portIndex,
			@Nullable Integer port, @Nullable Integer intervalSeconds, @Nullable Integer timeoutSeconds) {
	}

}
