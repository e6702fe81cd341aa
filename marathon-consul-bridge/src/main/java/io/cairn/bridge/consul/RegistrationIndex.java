package io.cairn.bridge.consul;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.marathon.TaskIds;

/**
 * Where the bridge's services are: service ID and agent for every registration it made or
 * found on an agent during the last full sync. Deregistration uses it to reach the agent
 * that holds a service (a task host's agent, or the fallback agent).
 */
public final class RegistrationIndex {

	private static final int MAX_REMOVED = 50_000;

	private final Map<Key, Registered> entries = new HashMap<>();

	// The same entries' keys by task, by instance and by app: an event names one task or
	// app, and looking it up among 100,000 registrations one by one made every event's
	// cost grow with the number of tasks.
	private final Map<String, Set<Key>> byTask = new HashMap<>();

	private final Map<String, Set<Key>> byInstance = new HashMap<>();

	private final Map<String, Set<Key>> byApp = new HashMap<>();

	// When each recent deregistration was made: a full sync lists the agents, then writes
	// for seconds; what an event deregistered in between is still in its listing, and
	// must neither be deregistered a second time nor come back into the index.
	private final LinkedHashMap<Key, Long> removed = new LinkedHashMap<>(16, 0.75f, false) {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
			return size() > MAX_REMOVED;
		}

	};

	private volatile boolean complete;

	/**
	 * Record a registration.
	 * @param registered the registration
	 */
	public synchronized void put(Registered registered) {
		Key key = new Key(registered.agentAddress(), registered.serviceId());
		add(key, registered);
		this.removed.remove(key);
	}

	/**
	 * Record a registration a full sync found in place, unless it was deregistered since
	 * the sync began (the sync's listing is older than that deregistration).
	 * @param registered the registration
	 * @param syncStartNanos when the sync began ({@link System#nanoTime()})
	 */
	public synchronized void putUnlessRemovedSince(Registered registered, long syncStartNanos) {
		if (!removedSince(registered.agentAddress(), registered.serviceId(), syncStartNanos)) {
			add(new Key(registered.agentAddress(), registered.serviceId()), registered);
		}
	}

	/**
	 * Forget a registration.
	 * @param registered the registration
	 */
	public synchronized void remove(Registered registered) {
		Key key = new Key(registered.agentAddress(), registered.serviceId());
		drop(key);
		this.removed.remove(key);
		this.removed.put(key, System.nanoTime());
	}

	/**
	 * Whether the bridge deregistered a service from an agent after a moment (and did not
	 * register it there again since).
	 * @param agentAddress the agent
	 * @param serviceId the service ID
	 * @param sinceNanos the moment ({@link System#nanoTime()})
	 * @return true when it did
	 */
	public synchronized boolean removedSince(String agentAddress, String serviceId, long sinceNanos) {
		Long at = this.removed.get(new Key(agentAddress, serviceId));
		return at != null && at - sinceNanos > 0;
	}

	/**
	 * Whether a registration is recorded.
	 * @param agentAddress the agent
	 * @param serviceId the service ID
	 * @return true when it is
	 */
	public synchronized boolean contains(String agentAddress, String serviceId) {
		return this.entries.containsKey(new Key(agentAddress, serviceId));
	}

	/**
	 * The registrations of a task, or of every task of an instance.
	 * @param taskOrInstanceId a task ID or an instance ID
	 * @return the registrations
	 */
	public synchronized List<Registered> forTask(String taskOrInstanceId) {
		// TaskIds.matches: the task itself, or a task of that instance.
		Set<Key> keys = new LinkedHashSet<>(this.byTask.getOrDefault(taskOrInstanceId, Set.of()));
		keys.addAll(this.byInstance.getOrDefault(taskOrInstanceId, Set.of()));
		return select(keys);
	}

	/**
	 * The registrations of an app.
	 * @param appId the app ID
	 * @return the registrations
	 */
	public synchronized List<Registered> forApp(String appId) {
		return select(this.byApp.getOrDefault(appId, Set.of()));
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
	 * registered after the sync began (the listing may have missed them) and leaving out
	 * what they deregistered since (the listing may still show it).
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
			if (!removedSince(entry.agentAddress(), entry.serviceId(), syncStartNanos)) {
				next.putIfAbsent(new Key(entry.agentAddress(), entry.serviceId()), entry);
			}
		}
		this.entries.clear();
		this.byTask.clear();
		this.byInstance.clear();
		this.byApp.clear();
		next.forEach(this::add);
		if (unreachable.isEmpty()) {
			this.complete = true;
		}
	}

	private List<Registered> select(Set<Key> keys) {
		List<Registered> selected = new ArrayList<>(keys.size());
		for (Key key : keys) {
			Registered entry = this.entries.get(key);
			if (entry != null) {
				selected.add(entry);
			}
		}
		return selected;
	}

	private void add(Key key, Registered registered) {
		drop(key);
		this.entries.put(key, registered);
		link(this.byTask, registered.taskId(), key);
		String instance = TaskIds.instanceOf(registered.taskId());
		if (!instance.equals(registered.taskId())) {
			link(this.byInstance, instance, key);
		}
		String appId = registered.appId();
		if (appId != null) {
			link(this.byApp, appId, key);
		}
	}

	private void drop(Key key) {
		Registered old = this.entries.remove(key);
		if (old != null) {
			unlink(this.byTask, old.taskId(), key);
			unlink(this.byInstance, TaskIds.instanceOf(old.taskId()), key);
			String appId = old.appId();
			if (appId != null) {
				unlink(this.byApp, appId, key);
			}
		}
	}

	private static void link(Map<String, Set<Key>> keys, String id, Key key) {
		keys.computeIfAbsent(id, (ignored) -> new LinkedHashSet<>()).add(key);
	}

	private static void unlink(Map<String, Set<Key>> keys, String id, Key key) {
		Set<Key> set = keys.get(id);
		if (set != null && set.remove(key) && set.isEmpty()) {
			keys.remove(id);
		}
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
