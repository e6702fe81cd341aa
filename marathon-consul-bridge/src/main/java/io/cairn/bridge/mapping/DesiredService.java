package io.cairn.bridge.mapping;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.agent.CheckRegistration;
import io.cairn.consul.model.agent.ServiceRegistration;

/**
 * A Consul service the bridge wants registered for a running task.
 *
 * @param serviceId the service ID (the task ID in Consular mode)
 * @param name the service name
 * @param agentHost the host whose agent should hold it (the task's agent host)
 * @param address the service address (the task host, or the task's own IP address with
 * container networking)
 * @param port the port, or {@code null} when the task has none
 * @param tags the tags, in order
 * @param meta the service metadata
 * @param checks Consul checks derived from the app's health checks
 * @param taskId the Marathon task ID
 * @param appId the Marathon app ID
 */
public record DesiredService(String serviceId, String name, String agentHost, @Nullable String address,
		@Nullable Integer port, List<String> tags, Map<String, String> meta, List<CheckRegistration> checks,
		String taskId, String appId) {

	/** Service metadata key holding the Marathon task ID. */
	public static final String META_TASK_ID = "marathon-task-id";

	/** Service metadata key holding the Marathon app ID. */
	public static final String META_APP_ID = "marathon-app-id";

	/**
	 * The agent registration body: Consular's fields ({@code Name}, {@code ID},
	 * {@code Address}, {@code Port} only when there is one, {@code Tags}), plus metadata
	 * and checks.
	 * @return the registration
	 */
	public ServiceRegistration toRegistration() {
		return new ServiceRegistration(this.serviceId, this.name, this.tags, this.address, null, this.meta, this.port,
				null, null, null, null, this.checks.isEmpty() ? null : this.checks, null, null);
	}

	/**
	 * A digest of everything registered, to tell whether a registration changed.
	 * @return the digest
	 */
	public int fingerprint() {
		return Objects.hash(this.serviceId, this.name, this.address, this.port, this.tags, this.meta, this.checks);
	}

	/**
	 * Whether a registered service already says what this one says (checks are not listed
	 * by the agent's services endpoint; they change only with a new app version, which
	 * brings new tasks).
	 * @param existing the service on the agent
	 * @return true when nothing needs to be registered again
	 */
	public boolean sameAs(AgentService existing) {
		return Objects.equals(this.name, existing.service())
				&& Objects.equals(emptyToNull(this.address), emptyToNull(existing.address()))
				&& ((this.port != null) ? this.port : 0) == existing.port()
				&& new HashSet<>(this.tags).equals(new HashSet<>(existing.tagList()))
				&& this.tags.size() == existing.tagList().size()
				&& this.meta.equals((existing.meta() != null) ? existing.meta() : Map.of());
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
