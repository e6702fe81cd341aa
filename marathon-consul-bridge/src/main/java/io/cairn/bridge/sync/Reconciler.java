package io.cairn.bridge.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.consul.LabelWriter;
import io.cairn.bridge.consul.Registrar;
import io.cairn.bridge.consul.RegistrationIndex;
import io.cairn.bridge.consul.RegistrationIndex.Registered;
import io.cairn.bridge.event.TaskIds;
import io.cairn.bridge.mapping.DesiredService;
import io.cairn.bridge.mapping.ServiceMapper;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonClient;
import io.cairn.bridge.marathon.MarathonTask;
import io.cairn.bridge.status.BridgeMetrics;

/**
 * Brings one task, one instance or one app in line with what Marathon says about it now.
 * Events only say that something changed: Marathon does not promise their order, so the
 * current state is read from Marathon ({@code GET /v2/apps/<id>?embed=app.tasks}) and
 * applied, which makes late, duplicated or reordered events harmless. Only the end of a
 * task is applied straight from its event (it cannot be undone).
 */
public final class Reconciler {

	private final MarathonClient marathon;

	private final ServiceMapper mapper;

	private final Registrar registrar;

	private final RegistrationIndex index;

	private final @Nullable LabelWriter labels;

	private final Tombstones tombstones;

	private final KnownApps knownApps;

	private final BridgeMetrics metrics;

	private final boolean purge;

	/**
	 * Create a reconciler.
	 * @param marathon the Marathon client
	 * @param mapper maps tasks to services
	 * @param registrar registers and deregisters
	 * @param index where registrations are recorded
	 * @param labels writes labels to KV, or {@code null} with KV off
	 * @param tombstones tasks known to have ended
	 * @param knownApps the known apps
	 * @param metrics records registration latency
	 * @param purge whether a destroyed app's KV folder is deleted
	 */
	public Reconciler(MarathonClient marathon, ServiceMapper mapper, Registrar registrar, RegistrationIndex index,
			@Nullable LabelWriter labels, Tombstones tombstones, KnownApps knownApps, BridgeMetrics metrics,
			boolean purge) {
		this.marathon = marathon;
		this.mapper = mapper;
		this.registrar = registrar;
		this.index = index;
		this.labels = labels;
		this.tombstones = tombstones;
		this.knownApps = knownApps;
		this.metrics = metrics;
		this.purge = purge;
	}

	/**
	 * A task ended: deregister it wherever it is, and never register it again.
	 * @param taskId the task ID
	 * @param host its host, if known
	 * @return what was done
	 */
	public String ended(String taskId, @Nullable String host) {
		if (this.tombstones.contains(taskId) && this.index.forTask(taskId).isEmpty()) {
			// Its end was applied already (TASK_KILLING, then TASK_KILLED).
			return "deregistered 0 services (already ended)";
		}
		this.tombstones.add(taskId);
		int count = this.registrar.deregisterTask(taskId, host).size();
		return "deregistered " + count + " service" + ((count == 1) ? "" : "s");
	}

	/**
	 * Apply Marathon's current view of one task or of every task of an instance.
	 * @param appId the app ID (from the event)
	 * @param taskOrInstanceId the task or instance ID
	 * @param host the host, if known
	 * @param receivedNanos when the event arrived
	 * @return what was done
	 */
	public String task(String appId, String taskOrInstanceId, @Nullable String host, long receivedNanos) {
		Optional<MarathonApp> app = this.marathon.app(appId);
		if (app.isEmpty()) {
			int count = this.registrar.deregisterTask(taskOrInstanceId, host).size();
			return "app not found in Marathon; deregistered " + count;
		}
		List<MarathonTask> tasks = new ArrayList<>();
		for (MarathonTask task : app.get().taskList()) {
			if (TaskIds.matches(task.id(), taskOrInstanceId)) {
				tasks.add(task);
			}
		}
		Change change = apply(app.get(), tasks, this.index.forTask(taskOrInstanceId), receivedNanos, false);
		if (tasks.isEmpty() && change.deregistered == 0) {
			// Marathon no longer lists it; the index may not know where it is.
			change.deregistered += this.registrar.deregisterTask(taskOrInstanceId, host).size();
		}
		return change.describe();
	}

	/**
	 * Apply Marathon's current view of a whole app: its tasks and its labels.
	 * @param appId the app ID
	 * @param receivedNanos when the event arrived
	 * @return what was done
	 */
	public String app(String appId, long receivedNanos) {
		Optional<MarathonApp> found = this.marathon.app(appId);
		if (found.isEmpty()) {
			return terminated(appId);
		}
		MarathonApp app = found.get();
		String kvName = this.mapper.kvName(app.id());
		this.knownApps.put(app.id(), kvName);
		// An app event (a scale, a deploy, a label edit) rewrites only what changed.
		Change change = apply(app, app.taskList(), this.index.forApp(appId), receivedNanos, true);
		String labelsDone = "";
		if (this.labels != null && this.mapper.optedIn(app) && !this.knownApps.usedByAnother(kvName, appId)) {
			labelsDone = ", " + this.labels.sync(kvName, app.labelMap()).total() + " KV changes";
		}
		return change.describe() + labelsDone;
	}

	/**
	 * An app was destroyed: deregister its services and delete its KV folder (with purge
	 * on, unless another app maps to the same name).
	 * @param appId the app ID
	 * @return what was done
	 */
	public String terminated(String appId) {
		int count = 0;
		for (Registered registered : this.index.forApp(appId)) {
			this.tombstones.add(registered.taskId());
			this.registrar.deregister(registered);
			count++;
		}
		this.knownApps.remove(appId);
		String kvName = this.mapper.kvName(appId);
		String labelsDone = "";
		if (this.labels != null && this.purge && !this.knownApps.usedByAnother(kvName, appId)) {
			this.labels.delete(kvName);
			labelsDone = ", KV folder deleted";
		}
		return "app destroyed; deregistered " + count + labelsDone;
	}

	private Change apply(MarathonApp app, List<MarathonTask> tasks, List<Registered> current, long receivedNanos,
			boolean skipUnchanged) {
		Change change = new Change();
		Set<String> wanted = new HashSet<>();
		Map<String, Integer> known = new HashMap<>();
		for (Registered registered : current) {
			known.put(registered.serviceId(), registered.fingerprint());
		}
		for (MarathonTask task : tasks) {
			if (this.tombstones.contains(task.id())) {
				continue;
			}
			for (DesiredService service : this.mapper.services(app, task)) {
				wanted.add(service.serviceId());
				Integer fingerprint = known.get(service.serviceId());
				if (skipUnchanged && fingerprint != null && fingerprint == service.fingerprint()) {
					continue;
				}
				this.registrar.register(service);
				change.registered++;
			}
		}
		if (change.registered > 0) {
			this.metrics.registered(receivedNanos);
		}
		for (Registered registered : current) {
			if (!wanted.contains(registered.serviceId())) {
				this.registrar.deregister(registered);
				change.deregistered++;
			}
		}
		return change;
	}

	private static final class Change {

		int registered;

		int deregistered;

		String describe() {
			return "registered " + this.registered + ", deregistered " + this.deregistered;
		}

	}

}
