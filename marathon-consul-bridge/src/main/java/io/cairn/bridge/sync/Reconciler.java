package io.cairn.bridge.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.consul.Registrar;
import io.cairn.bridge.consul.RegistrationIndex;
import io.cairn.bridge.event.TaskStates;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonClient;
import io.cairn.bridge.marathon.MarathonTask;
import io.cairn.bridge.marathon.TaskIds;
import io.cairn.bridge.status.BridgeMetrics;

/**
 * Brings one task, one instance or one app in line with what Marathon says about it now.
 * Events are hints; Marathon is the truth. Marathon does not promise the order of its
 * events, and anyone who can reach the callback can post one, so every event makes the
 * bridge read Marathon's current state ({@code GET /v2/apps/<id>?embed=app.tasks}) and
 * apply that: late, duplicated, reordered or forged events are harmless. The destructive
 * steps too: a task is deregistered only once Marathon no longer lists it as running, an
 * app's services and KV folder are removed only once Marathon answers 404 for it, and a
 * task's end is remembered only when Marathon confirmed it, the state is terminal, and
 * the task was one the bridge knew (registered, or listed by Marathon).
 */
public final class Reconciler {

	private final MarathonClient marathon;

	private final Registrar registrar;

	private final RegistrationIndex index;

	private final Tombstones tombstones;

	private final KnownApps knownApps;

	private final AppWriter writer;

	// Apps that share a service name or KV folder decide who owns it one at a time.
	private final AppNameLocks names;

	/**
	 * Create a reconciler.
	 * @param sources what it reads: Marathon, the mapping, what the bridge remembers
	 * @param targets where it writes (the hosts of the tasks Marathon lists are learnt)
	 * @param metrics records registration latency
	 * @param purge whether a destroyed app's KV folder is deleted
	 */
	public Reconciler(SyncSources sources, SyncTargets targets, BridgeMetrics metrics, boolean purge) {
		this.marathon = sources.marathon();
		this.registrar = targets.registrar();
		this.index = targets.index();
		this.tombstones = sources.tombstones();
		this.knownApps = sources.knownApps();
		this.writer = new AppWriter(sources, targets, metrics, purge);
		this.names = new AppNameLocks(sources.mapper(), sources.knownApps());
	}

	/**
	 * An event says a task no longer runs (any state but running, staging and starting).
	 * Marathon is asked first: while it still lists the task as running, nothing is
	 * deregistered (what it says is applied instead). Otherwise the task's services are
	 * deregistered wherever they are, and, when the state is terminal and Marathon no
	 * longer lists the task as anything but ended, its end is remembered.
	 * @param appId the app ID (from the event)
	 * @param taskId the task ID
	 * @param state the state the event names
	 * @param host its host, if the event named one (a hint: see
	 * {@link Registrar#deregisterTask})
	 * @param receivedNanos when the event arrived
	 * @return what was done
	 */
	public String ended(String appId, String taskId, String state, @Nullable String host, long receivedNanos) {
		if (this.tombstones.contains(taskId) && this.index.forTask(taskId).isEmpty()) {
			// Its end was confirmed and applied already (a duplicate, or KILLING then
			// KILLED): nothing to remove, no need to ask Marathon.
			return "deregistered 0 services (" + state + ", already ended)";
		}
		long readNanos = System.nanoTime();
		Optional<MarathonApp> found = this.marathon.app(appId);
		try (NameLocks.Hold hold = this.names.lock(appId, found.orElse(null))) {
			return ended(found, taskId, state, host, receivedNanos, readNanos);
		}
	}

	private String ended(Optional<MarathonApp> found, String taskId, String state, @Nullable String host,
			long receivedNanos, long readNanos) {
		MarathonTask listed = null;
		if (found.isPresent()) {
			this.writer.learn(found.get());
			for (MarathonTask task : found.get().taskList()) {
				if (task.id().equals(taskId)) {
					listed = task;
				}
			}
			if (listed != null && TaskStates.isRunning(listed.state())) {
				AppWriter.Change change = this.writer.apply(found.get(), List.of(listed), this.index.forTask(taskId),
						receivedNanos, false, readNanos);
				return "Marathon still runs the task: not deregistered (" + state + "); " + change.describe()
						+ this.writer.labels(found.get());
			}
		}
		boolean ended = TaskStates.isTerminal(state) && (listed == null || TaskStates.isTerminal(listed.state()));
		boolean known = !this.index.forTask(taskId).isEmpty() || this.knownApps.listed(taskId);
		if (ended && known) {
			this.tombstones.add(taskId);
		}
		int count = this.registrar.deregisterTask(taskId, host).size();
		return "deregistered " + count + " service" + ((count == 1) ? "" : "s") + " (" + state
				+ (ended ? "" : ", not ended: registered again if it runs") + ")"
				+ found.map(this.writer::labels).orElse("");
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
		long readNanos = System.nanoTime();
		Optional<MarathonApp> app = this.marathon.app(appId);
		if (app.isEmpty()) {
			int count = this.registrar.deregisterTask(taskOrInstanceId, host).size();
			return "app not found in Marathon; deregistered " + count;
		}
		try (NameLocks.Hold hold = this.names.lock(appId, app.get())) {
			return task(app.get(), taskOrInstanceId, host, receivedNanos, readNanos);
		}
	}

	private String task(MarathonApp found, String taskOrInstanceId, @Nullable String host, long receivedNanos,
			long readNanos) {
		Optional<MarathonApp> app = Optional.of(found);
		this.writer.learn(app.get());
		List<MarathonTask> tasks = new ArrayList<>();
		for (MarathonTask task : app.get().taskList()) {
			if (TaskIds.matches(task.id(), taskOrInstanceId)) {
				tasks.add(task);
			}
		}
		AppWriter.Change change = this.writer.apply(app.get(), tasks, this.index.forTask(taskOrInstanceId),
				receivedNanos, false, readNanos);
		if (tasks.isEmpty() && change.deregistered == 0) {
			// Marathon no longer lists it; the index may not know where it is.
			change.deregistered += this.registrar.deregisterTask(taskOrInstanceId, host).size();
		}
		// Consular wrote the app's labels at every TASK_RUNNING: an app first seen
		// through its task, or whose label change event was missed, is right at once.
		return change.describe() + this.writer.labels(app.get());
	}

	/**
	 * Apply Marathon's current view of a whole app: its tasks and its labels.
	 * @param appId the app ID
	 * @param receivedNanos when the event arrived
	 * @return what was done
	 */
	public String app(String appId, long receivedNanos) {
		long readNanos = System.nanoTime();
		Optional<MarathonApp> found = this.marathon.app(appId);
		if (found.isEmpty()) {
			return destroyed(appId, receivedNanos);
		}
		try (NameLocks.Hold hold = this.names.lock(appId, found.get())) {
			return applyApp(found.get(), receivedNanos, readNanos);
		}
	}

	/**
	 * An event says an app was destroyed. Only when Marathon answers 404 for it are its
	 * services deregistered and its KV folder deleted (with purge on, unless another app
	 * maps to the same name); while Marathon still has the app, what it says is applied
	 * instead.
	 * @param appId the app ID
	 * @param receivedNanos when the event arrived
	 * @return what was done
	 */
	public String terminated(String appId, long receivedNanos) {
		long readNanos = System.nanoTime();
		Optional<MarathonApp> found = this.marathon.app(appId);
		if (found.isPresent()) {
			try (NameLocks.Hold hold = this.names.lock(appId, found.get())) {
				return "Marathon still has the app: nothing removed; "
						+ applyApp(found.get(), receivedNanos, readNanos);
			}
		}
		return destroyed(appId, receivedNanos);
	}

	private String applyApp(MarathonApp app, long receivedNanos, long readNanos) {
		this.writer.learn(app);
		// An app event (a scale, a deploy, a label edit) rewrites only what changed.
		AppWriter.Change change = this.writer.apply(app, app.taskList(), this.index.forApp(app.id()), receivedNanos,
				true, readNanos);
		return change.describe() + this.writer.labels(app);
	}

	/**
	 * Marathon answered 404 for the app: its services go, its tasks' ends are remembered,
	 * and its KV folder is deleted when it owned it. An app its removal makes the owner
	 * of a clashing name is read and applied at once.
	 */
	private String destroyed(String appId, long receivedNanos) {
		StringBuilder done = new StringBuilder();
		String heir;
		try (NameLocks.Hold hold = this.names.lock(appId, null)) {
			heir = this.writer.remove(appId, done);
		}
		// Applied once the names are released: the heir may share only one of them,
		// and app() takes the heir's own names in order.
		if (heir != null) {
			done.append("; ").append(heir).append(" now owns the name: ").append(app(heir, receivedNanos));
		}
		return done.toString();
	}

}
