package io.cairn.bridge.marathon;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * A Marathon task as {@code GET /v2/apps?embed=apps.tasks} (and
 * {@code GET /v2/apps/<id>?embed=app.tasks}) describes it. Marathon before 0.16 gave no
 * {@code state}: it listed a running task with {@code startedAt} and a staging one
 * without it (the shape Consular's and allegro/marathon-consul's test fixtures were
 * recorded against); such a task's state is derived from {@code startedAt}.
 *
 * @param id the task ID (its format changed in 1.4 and 1.8: never parse the app ID out of
 * it)
 * @param appId the app ID
 * @param host the agent's host name (or address)
 * @param ports the host ports
 * @param ipAddresses the task's addresses (its own with container networking)
 * @param state the Mesos task state, such as {@code TASK_RUNNING}; when Marathon gave
 * none, {@code TASK_RUNNING} if the task has a {@code startedAt}, else
 * {@code TASK_STAGING}
 * @param healthCheckResults one result per health check, absent until the first
 * @param version the app version the task runs
 * @param startedAt when the task started running, absent until it does
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MarathonTask(String id, @Nullable String appId, @Nullable String host, @Nullable List<Integer> ports,
		@Nullable List<IpAddr> ipAddresses, @Nullable String state, @Nullable List<HealthResult> healthCheckResults,
		@Nullable String version, @Nullable String startedAt) {

	public MarathonTask {
		if (state == null || state.isEmpty()) {
			state = (startedAt != null && !startedAt.isEmpty()) ? "TASK_RUNNING" : "TASK_STAGING";
		}
	}

	/**
	 * The host ports, never {@code null}.
	 * @return the ports
	 */
	public List<Integer> portList() {
		return (this.ports != null) ? this.ports : List.of();
	}

	/**
	 * The health check results, never {@code null}.
	 * @return the results
	 */
	public List<HealthResult> healthResults() {
		return (this.healthCheckResults != null) ? this.healthCheckResults : List.of();
	}

	/**
	 * The task's first IPv4 address (else its first address).
	 * @return the address, or {@code null} when Marathon gave none
	 */
	public @Nullable String firstIpAddress() {
		if (this.ipAddresses == null || this.ipAddresses.isEmpty()) {
			return null;
		}
		for (IpAddr address : this.ipAddresses) {
			if (address.ipAddress() != null && !"IPv6".equalsIgnoreCase(address.protocol())) {
				return address.ipAddress();
			}
		}
		return this.ipAddresses.get(0).ipAddress();
	}

	/**
	 * A task address.
	 *
	 * @param ipAddress the address
	 * @param protocol {@code IPv4} or {@code IPv6}
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record IpAddr(@Nullable String ipAddress, @Nullable String protocol) {
	}

	/**
	 * A health check result.
	 *
	 * @param alive whether the check passes
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record HealthResult(@Nullable Boolean alive) {
	}

}
