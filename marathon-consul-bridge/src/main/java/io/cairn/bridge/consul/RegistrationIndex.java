package io.cairn.bridge.consul;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.event.TaskIds;

/**
 * Where the bridge's services are: service ID and agent for every registration it made or
 * found on an agent during the last full sync. Deregistration uses it to reach the agent
 * that holds a service (a task host's agent, or the fallback agent).
 */
public final class RegistrationIndex {

	private final Map<Key, Registered> entries = new HashMap<>();

	private volatile boolean complete;

	/**
	 * Record a registration.
	 * @param registered the registration
	 */
	public synchronized void put(Registered registered) {
		this.entries.put(new Key(registered.agentAddress(), registered.serviceId()), registered);
	}

	/**
	 * Forget a registration.
	 * @param registered the registration
	 */
	public synchronized void remove(Registered registered) {
		this.entries.remove(new Key(registered.agentAddress(), registered.serviceId()));
	}

	/**
	 * The registrations of a task, or of every task of an instance.
	 * @param taskOrInstanceId a task ID or an instance ID
	 * @return the registrations
	 */
	public List<Registered> forTask(String taskOrInstanceId) {
		return select((entry) -> TaskIds.matches(entry.taskId(), taskOrInstanceId));
	}

	/**
	 * The registrations of an app.
	 * @param appId the app ID
	 * @return the registrations
	 */
	public List<Registered> forApp(String appId) {
		return select((entry) -> appId.equals(entry.appId()));
	}

	/**
	 * Every registration.
	 * @return the registrations
	 */
	public synchronized List<Registered> all() {
		return List.copyOf(this.entries.values());
	}

	/**
	 * How many registrations there are.
	 * @return the count
	 */
	public synchronized int size() {
		return this.entries.size();
	}

	/**
	 * Whether the index knows every registration: a full sync listed every agent since
	 * the bridge started, and the bridge's own writes are recorded. Until then a service
	 * the index does not know may still be on an agent (registered before a restart).
	 * @return true once a full sync listed every agent
	 */
	public boolean complete() {
		return this.complete;
	}

	/**
	 * Replace the index with what a full sync found on the agents, keeping what events
	 * registered after the sync began (the listing may have missed them).
	 * @param listed the services found
	 * @param syncStartNanos when the sync began
	 * @param unreachable agents that could not be listed: their entries are kept
	 */
	public synchronized void replace(Collection<Registered> listed, long syncStartNanos,
			Collection<String> unreachable) {
		Map<Key, Registered> next = new HashMap<>();
		for (Registered entry : this.entries.values()) {
			if (entry.recordedNanos() - syncStartNanos > 0 || unreachable.contains(entry.agentAddress())) {
				next.put(new Key(entry.agentAddress(), entry.serviceId()), entry);
			}
		}
		for (Registered entry : listed) {
			next.putIfAbsent(new Key(entry.agentAddress(), entry.serviceId()), entry);
		}
		this.entries.clear();
		this.entries.putAll(next);
		if (unreachable.isEmpty()) {
			this.complete = true;
		}
	}

	private synchronized List<Registered> select(Predicate<Registered> filter) {
		List<Registered> selected = new ArrayList<>();
		for (Registered entry : this.entries.values()) {
			if (filter.test(entry)) {
				selected.add(entry);
			}
		}
		return selected;
	}

	private record Key(String agent, String serviceId) {
	}

	/**
	 * A registration and where it is.
	 *
	 * @param serviceId the service ID
	 * @param agentAddress the agent holding it
	 * @param taskId the Marathon task
	 * @param appId the Marathon app, when known
	 * @param name the service name
	 * @param recordedNanos when the bridge wrote or found it ({@link System#nanoTime()})
	 * @param fingerprint the {@link io.cairn.bridge.mapping.DesiredService#fingerprint()}
	 * of what was registered, 0 when unknown
	 */
	public record Registered(String serviceId, String agentAddress, String taskId, @Nullable String appId, String name,
			long recordedNanos, int fingerprint) {

		/**
		 * A registration whose content is not known.
		 * @param serviceId the service ID
		 * @param agentAddress the agent
		 * @param taskId the task
		 * @param appId the app
		 * @param name the service name
		 * @param recordedNanos when it was found
		 */
		public Registered(String serviceId, String agentAddress, String taskId, @Nullable String appId, String name,
				long recordedNanos) {
			this(serviceId, agentAddress, taskId, appId, name, recordedNanos, 0);
		}

	}

}
