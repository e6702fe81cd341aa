package io.cairn.bridge.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.consul.AgentHosts;
import io.cairn.bridge.consul.LabelWriter;
import io.cairn.bridge.consul.Registrar;
import io.cairn.bridge.consul.RegistrationIndex;
import io.cairn.bridge.consul.RegistrationIndex.Registered;
import io.cairn.bridge.mapping.DesiredService;
import io.cairn.bridge.mapping.ServiceMapper;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonTask;
import io.cairn.bridge.status.BridgeMetrics;

/**
 * Writes what Marathon just said of one app to Consul, for the {@link Reconciler}: its
 * tasks' services (the diff {@link SyncPlanner} computes), the removal of the services of
 * apps it leaves out of its name, its labels, and the removal of an app Marathon no
 * longer has. The caller holds the app's names ({@link AppNameLocks}).
 */
final class AppWriter {

	private final ServiceMapper mapper;

	private final Registrar registrar;

	private final RegistrationIndex index;

	private final @Nullable LabelWriter labels;

	private final Tombstones tombstones;

	private final KnownApps knownApps;

	private final AgentHosts hosts;

	private final SyncPlanner planner;

	private final BridgeMetrics metrics;

	private final boolean purge;

	/**
	 * Create the writer.
	 * @param sources the mapping and what the bridge remembers
	 * @param targets where it writes (the hosts of the tasks Marathon lists are learnt)
	 * @param metrics records registration latency
	 * @param purge whether a destroyed app's KV folder is deleted
	 */
	AppWriter(SyncSources sources, SyncTargets targets, BridgeMetrics metrics, boolean purge) {
		this.mapper = sources.mapper();
		this.registrar = targets.registrar();
		this.index = targets.index();
		this.labels = targets.labels();
		this.tombstones = sources.tombstones();
		this.knownApps = sources.knownApps();
		this.hosts = targets.hosts();
		this.planner = new SyncPlanner(sources.mapper(), sources.tombstones());
		this.metrics = metrics;
		this.purge = purge;
	}

	/**
	 * Note an app as Marathon described it, and the hosts of its tasks.
	 * @param app the app with its tasks
	 */
	void learn(MarathonApp app) {
		this.knownApps.put(app, this.mapper);
		for (MarathonTask task : app.taskList()) {
			this.hosts.learn(task.host());
		}
	}

	/**
	 * Bring some of an app's services in line with its tasks.
	 * @param app the app as Marathon described it
	 * @param tasks the tasks of it to apply
	 * @param current what is registered for them
	 * @param receivedNanos when the event arrived
	 * @param skipUnchanged whether services registered as desired are left as they are
	 * @param readNanos when Marathon was read
	 * @return what was done
	 */
	Change apply(MarathonApp app, List<MarathonTask> tasks, List<Registered> current, long receivedNanos,
			boolean skipUnchanged, long readNanos) {
		Change change = new Change();
		Map<String, Integer> known = new LinkedHashMap<>();
		for (Registered registered : current) {
			known.put(registered.serviceId(), registered.fingerprint());
		}
		String owner = this.knownApps.serviceOwner(app.id());
		if (!owner.equals(app.id())) {
			// Another app owns the name this one maps to: none of its tasks is
			// registered.
			change.leftOutFor = owner;
			tasks = List.of();
		}
		else {
			for (String leftOut : this.knownApps.leftOutBy(app.id())) {
				for (Registered registered : this.index.forApp(leftOut)) {
					this.registrar.deregister(registered);
					change.deregistered++;
				}
			}
		}
		Map<String, DesiredService> desired = new LinkedHashMap<>();
		this.planner.addDesired(app, tasks, readNanos, desired);
		// An app event (skipUnchanged) rewrites only what changed.
		SyncPlan plan = SyncPlanner.plan(desired, known.keySet(), (service) -> {
			Integer fingerprint = known.get(service.serviceId());
			return skipUnchanged && fingerprint != null && fingerprint == service.fingerprint();
		});
		for (DesiredService service : plan.register()) {
			this.registrar.register(service);
			change.registered++;
		}
		if (change.registered > 0) {
			this.metrics.registered(receivedNanos);
		}
		for (Registered registered : current) {
			if (plan.deregister().contains(registered.serviceId())) {
				this.registrar.deregister(registered);
				change.deregistered++;
			}
		}
		return change;
	}

	/**
	 * Write the label diff of an app Marathon just described, when it owns its KV folder.
	 * @param app the app
	 * @return what was done, for the outcome
	 */
	String labels(MarathonApp app) {
		if (this.labels == null || !this.mapper.optedIn(app)) {
			return "";
		}
		String owner = this.knownApps.kvOwner(app.id());
		if (!owner.equals(app.id())) {
			return ", labels not written (" + this.mapper.kvName(app.id()) + " belongs to " + owner + ")";
		}
		return ", " + this.labels.sync(this.mapper.kvName(app.id()), app.labelMap()).total() + " KV changes";
	}

	/**
	 * Remove a destroyed app's services and folder, and forget it.
	 * @param appId the app ID
	 * @param done where what was done is told
	 * @return the app that owns its service name or folder now, if any
	 */
	@Nullable String remove(String appId, StringBuilder done) {
		int count = 0;
		for (Registered registered : this.index.forApp(appId)) {
			this.tombstones.add(registered.taskId());
			this.registrar.deregister(registered);
			count++;
		}
		boolean ownedFolder = this.knownApps.kvOwner(appId).equals(appId);
		List<String> heirs = this.knownApps.leftOutBy(appId);
		this.knownApps.remove(appId);
		String kvName = this.mapper.kvName(appId);
		done.append("app destroyed (Marathon: 404); deregistered ").append(count);
		if (this.labels != null && this.purge && ownedFolder) {
			this.labels.delete(kvName);
			done.append(", KV folder deleted");
		}
		Set<String> next = new TreeSet<>(heirs);
		String folderHeir = this.knownApps.folderOwner(kvName);
		if (folderHeir != null) {
			next.add(folderHeir);
		}
		return next.isEmpty() ? null : next.iterator().next();
	}

	/**
	 * What one event's application did.
	 */
	static final class Change {

		int registered;

		int deregistered;

		@Nullable String leftOutFor;

		String describe() {
			return "registered " + this.registered + ", deregistered " + this.deregistered
					+ ((this.leftOutFor != null) ? " (name clash: " + this.leftOutFor + " owns the name)" : "");
		}

	}

}
