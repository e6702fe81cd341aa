package io.cairn.bridge.sync;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cairn.bridge.mapping.ServiceMapper;
import io.cairn.bridge.marathon.MarathonApp;

/**
 * The apps Marathon listed at the last full sync (kept current by app events): how many
 * there are, and which KV names are in use, so that an app's KV folder is not deleted
 * while another app still maps to the same name.
 */
public final class KnownApps {

	private final Map<String, String> kvNames = new HashMap<>();

	private int tasks;

	/**
	 * Replace with a full list.
	 * @param apps the apps
	 * @param mapper names them
	 */
	public synchronized void replace(List<MarathonApp> apps, ServiceMapper mapper) {
		this.kvNames.clear();
		int count = 0;
		for (MarathonApp app : apps) {
			this.kvNames.put(app.id(), mapper.kvName(app.id()));
			count += app.taskList().size();
		}
		this.tasks = count;
	}

	/**
	 * Note an app that exists.
	 * @param appId the app ID
	 * @param kvName its KV name
	 */
	public synchronized void put(String appId, String kvName) {
		this.kvNames.put(appId, kvName);
	}

	/**
	 * Forget an app.
	 * @param appId the app ID
	 */
	public synchronized void remove(String appId) {
		this.kvNames.remove(appId);
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
