package io.cairn.bridge.sync;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cairn.bridge.mapping.ServiceMapper;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonTask;

/**
 * The apps Marathon listed at the last full sync (kept current by app events): how many
 * there are, which KV names are in use (so that an app's KV folder is not deleted while
 * another app still maps to the same name), and which tasks Marathon has listed since
 * (only Marathon's answers add to them, never an event, so that what the bridge remembers
 * about tasks cannot be filled by forged events).
 */
public final class KnownApps {

	/** Tasks learnt from app reads between two full syncs, at most. */
	static final int MAX_LEARNT_TASKS = 100_000;

	private final Map<String, String> kvNames = new HashMap<>();

	private final Set<String> listedTasks = new HashSet<>();

	private int learnt;

	private int tasks;

	/**
	 * Replace with a full list.
	 * @param apps the apps
	 * @param mapper names them
	 */
	public synchronized void replace(List<MarathonApp> apps, ServiceMapper mapper) {
		this.kvNames.clear();
		this.listedTasks.clear();
		this.learnt = 0;
		int count = 0;
		for (MarathonApp app : apps) {
			this.kvNames.put(app.id(), mapper.kvName(app.id()));
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
	 * @param kvName its KV name
	 */
	public synchronized void put(MarathonApp app, String kvName) {
		this.kvNames.put(app.id(), kvName);
		for (MarathonTask task : app.taskList()) {
			if (this.learnt < MAX_LEARNT_TASKS && this.listedTasks.add(task.id())) {
				this.learnt++;
			}
		}
	}

	/**
	 * Forget an app.
	 * @param appId the app ID
	 */
	public synchronized void remove(String appId) {
		this.kvNames.remove(appId);
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
	 * Whether an app other than this one maps to the KV name.
	 * @param kvName the name
	 * @param appId the app to leave out
	 * @return true when another app uses it
	 */
	public synchronized boolean usedByAnother(String kvName, String appId) {
		return this.kvNames.entrySet()
			.stream()
			.anyMatch((entry) -> !entry.getKey().equals(appId) && entry.getValue().equals(kvName));
	}

	/**
	 * How many apps there are.
	 * @return the count
	 */
	public synchronized int apps() {
		return this.kvNames.size();
	}

	/**
	 * How many tasks the last full list had.
	 * @return the count
	 */
	public synchronized int tasks() {
		return this.tasks;
	}

}
