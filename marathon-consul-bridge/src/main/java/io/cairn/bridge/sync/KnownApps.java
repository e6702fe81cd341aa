package io.cairn.bridge.sync;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.mapping.ServiceMapper;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonTask;

/**
 * The apps Marathon listed at the last full sync, kept current by app reads: how many
 * there are, which tasks Marathon has listed since (only Marathon's answers add to them,
 * never an event, so that what the bridge remembers about tasks cannot be filled by
 * forged events), and who owns a name several apps map to.
 * <p>
 * <b>The clash rule.</b> {@code /a/b-c}, {@code /a-b/c} and {@code /a-b-c} all map to the
 * service name and KV folder {@code a-b-c}. Of the apps that map to one name, the one
 * whose Marathon app ID sorts first (by {@link String#compareTo}: {@code /a-b-c} before
 * {@code /a-b/c} before {@code /a/b-c}) owns it: only its tasks are registered under the
 * name and only its labels written to the folder; the others are left out and reported.
 * The rule depends on the IDs alone, so it gives the same owner at every sync, on every
 * replica and after every restart.
 */
public final class KnownApps {

	/** Tasks learnt from app reads between two full syncs, at most. */
	static final int MAX_LEARNT_TASKS = 100_000;

	private final Map<String, Known> apps = new HashMap<>();

	private final NameOwners owners = new NameOwners();

	private final Set<String> listedTasks = new HashSet<>();

	private int learnt;

	private int tasks;

	/**
	 * Replace with a full list.
	 * @param list the apps
	 * @param mapper names them
	 */
	public synchronized void replace(List<MarathonApp> list, ServiceMapper mapper) {
		this.apps.clear();
		this.owners.clear();
		this.listedTasks.clear();
		this.learnt = 0;
		int count = 0;
		for (MarathonApp app : list) {
			record(app.id(), known(app, mapper));
			for (MarathonTask task : app.taskList()) {
				this.listedTasks.add(task.id());
			}
			count += app.taskList().size();
		}
		this.tasks = count;
	}

	/**
	 * Note an app that exists, as Marathon just described it.
	 * @param app the app with its tasks
	 * @param mapper names it
	 */
	public synchronized void put(MarathonApp app, ServiceMapper mapper) {
		record(app.id(), known(app, mapper));
		for (MarathonTask task : app.taskList()) {
			if (this.learnt < MAX_LEARNT_TASKS && this.listedTasks.add(task.id())) {
				this.learnt++;
			}
		}
	}

	private static Known known(MarathonApp app, ServiceMapper mapper) {
		return new Known(mapper.optedIn(app) ? mapper.kvName(app.id()) : null, mapper.derivedName(app));
	}

	/**
	 * Forget an app.
	 * @param appId the app ID
	 */
	public synchronized void remove(String appId) {
		Known old = this.apps.remove(appId);
		if (old != null) {
			this.owners.remove(appId, old.serviceName(), old.kvName());
		}
	}

	private void record(String appId, Known known) {
		remove(appId);
		this.apps.put(appId, known);
		this.owners.add(appId, known.serviceName(), known.kvName());
	}

	/**
	 * Whether Marathon listed a task (at the last full sync, or in an app read since).
	 * @param taskId the task ID
	 * @return true when it did
	 */
	public synchronized boolean listed(String taskId) {
		return this.listedTasks.contains(taskId);
	}

	/**
	 * The service name an app's ID gives it, as last learnt.
	 * @param appId the app
	 * @return the name, or {@code null} when the app is unknown, names its service itself
	 * or is not opted in
	 */
	public synchronized @Nullable String serviceName(String appId) {
		Known known = this.apps.get(appId);
		return (known != null) ? known.serviceName() : null;
	}

	/**
	 * The app that owns the service name this app's ID gives it.
	 * @param appId the app
	 * @return the owner (the app itself when no other known app maps to the name, or it
	 * names its service itself)
	 */
	public synchronized String serviceOwner(String appId) {
		Known known = this.apps.get(appId);
		String name = (known != null) ? known.serviceName() : null;
		if (name == null) {
			return appId;
		}
		return this.owners.serviceOwner(appId, name);
	}

	/**
	 * The app that owns the KV folder this app's labels go to.
	 * @param appId the app
	 * @return the owner (the app itself when no other opted-in app maps to the folder)
	 */
	public synchronized String kvOwner(String appId) {
		Known known = this.apps.get(appId);
		String folder = (known != null) ? known.kvName() : null;
		if (folder == null) {
			return appId;
		}
		return this.owners.kvOwner(appId, folder);
	}

	/**
	 * The app that owns a KV folder.
	 * @param kvName the folder's name
	 * @return the opted-in app with that name whose ID sorts first, or {@code null}
	 */
	public synchronized @Nullable String folderOwner(String kvName) {
		return this.owners.folderOwner(kvName);
	}

	/**
	 * The other apps left out of the service name this app owns.
	 * @param appId the owning app
	 * @return the apps left out (empty when it owns its name alone, or does not own it)
	 */
	public synchronized List<String> leftOutBy(String appId) {
		Known known = this.apps.get(appId);
		String name = (known != null) ? known.serviceName() : null;
		if (name == null || !serviceOwner(appId).equals(appId)) {
			return List.of();
		}
		List<String> others = this.owners.underServiceName(name);
		others.remove(appId);
		return others;
	}

	/**
	 * Whether an app other than this one maps to the KV name.
	 * @param kvName the name
	 * @param appId the app to leave out
	 * @return true when another opted-in app uses it
	 */
	public synchronized boolean usedByAnother(String kvName, String appId) {
		return this.owners.usedByAnother(kvName, appId);
	}

	/**
	 * The names several apps map to, each with its owner and the apps left out.
	 * @return the clashes, by name
	 */
	public synchronized List<Clash> clashes() {
		return this.owners.clashes();
	}

	/**
	 * How many apps are left out of a name another app owns.
	 * @return the count
	 */
	public synchronized int leftOut() {
		Set<String> leftOut = new HashSet<>();
		for (Clash clash : clashes()) {
			leftOut.addAll(clash.leftOut());
		}
		return leftOut.size();
	}

	/**
	 * How many apps there are.
	 * @return the count
	 */
	public synchronized int apps() {
		return this.apps.size();
	}

	/**
	 * How many tasks the last full list had.
	 * @return the count
	 */
	public synchronized int tasks() {
		return this.tasks;
	}

	/**
	 * The names an app maps to.
	 *
	 * @param kvName its KV folder's name, {@code null} when it is not opted in
	 * @param serviceName the service name its ID gives it, {@code null} when it names its
	 * service itself or is not opted in
	 */
	private record Known(@Nullable String kvName, @Nullable String serviceName) {
	}

	/**
	 * A name several apps map to.
	 *
	 * @param name the service name or KV folder
	 * @param registered the app that owns it: the one whose ID sorts first
	 * @param leftOut the apps left out: not registered under it, labels not written
	 */
	public record Clash(String name, String registered, List<String> leftOut) {
	}

}
