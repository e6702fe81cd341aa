package io.cairn.bridge.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * Who owns each service name and KV folder name (the clash rule of {@link KnownApps}):
 * the apps under each name, sorted, the first owning it, and the names more than one app
 * maps to. Not thread-safe: {@link KnownApps} holds its lock around every call.
 */
final class NameOwners {

	// The apps under each service name and each KV folder name, sorted: the owner of a
	// name is the first. A full sync asks for the owner of every app; scanning every app
	// for each made that sync's cost grow with the square of the number of apps.
	private final Map<String, TreeSet<String>> byServiceName = new HashMap<>();

	private final Map<String, TreeSet<String>> byKvName = new HashMap<>();

	// The names more than one app maps to (as a service or a KV folder), kept as apps
	// come and go: the status answer lists the clashes, and passing over every app for
	// it held the lock a full sync needs for as long (at 100,000 tasks, half the CPU).
	private final TreeSet<String> clashing = new TreeSet<>();

	void clear() {
		this.byServiceName.clear();
		this.byKvName.clear();
		this.clashing.clear();
	}

	/**
	 * Put an app under its names.
	 * @param appId the app
	 * @param serviceName the service name its ID gives it, if any
	 * @param kvName its KV folder's name, if opted in
	 */
	void add(String appId, @Nullable String serviceName, @Nullable String kvName) {
		link(this.byServiceName, serviceName, appId);
		link(this.byKvName, kvName, appId);
		recheck(serviceName);
		recheck(kvName);
	}

	/**
	 * Take an app from under its names.
	 * @param appId the app
	 * @param serviceName the service name it was under, if any
	 * @param kvName the KV folder name it was under, if any
	 */
	void remove(String appId, @Nullable String serviceName, @Nullable String kvName) {
		unlink(this.byServiceName, serviceName, appId);
		unlink(this.byKvName, kvName, appId);
		recheck(serviceName);
		recheck(kvName);
	}

	private void recheck(@Nullable String name) {
		if (name == null) {
			return;
		}
		if (appsNamed(name).size() > 1) {
			this.clashing.add(name);
		}
		else {
			this.clashing.remove(name);
		}
	}

	// The apps that map to a name, as their service or as their KV folder.
	private TreeSet<String> appsNamed(String name) {
		TreeSet<String> ids = new TreeSet<>();
		TreeSet<String> asService = this.byServiceName.get(name);
		TreeSet<String> asFolder = this.byKvName.get(name);
		if (asService != null) {
			ids.addAll(asService);
		}
		if (asFolder != null) {
			ids.addAll(asFolder);
		}
		return ids;
	}

	private static void link(Map<String, TreeSet<String>> byName, @Nullable String name, String appId) {
		if (name != null) {
			byName.computeIfAbsent(name, (ignored) -> new TreeSet<>()).add(appId);
		}
	}

	private static void unlink(Map<String, TreeSet<String>> byName, @Nullable String name, String appId) {
		TreeSet<String> ids = (name != null) ? byName.get(name) : null;
		if (ids != null && ids.remove(appId) && ids.isEmpty()) {
			byName.remove(name);
		}
	}

	String serviceOwner(String appId, String serviceName) {
		return owner(appId, this.byServiceName.get(serviceName));
	}

	String kvOwner(String appId, String kvName) {
		return owner(appId, this.byKvName.get(kvName));
	}

	@Nullable String folderOwner(String kvName) {
		TreeSet<String> ids = this.byKvName.get(kvName);
		return (ids != null) ? ids.first() : null;
	}

	private static String owner(String appId, @Nullable TreeSet<String> sameName) {
		String first = (sameName != null) ? sameName.first() : appId;
		return (first.compareTo(appId) < 0) ? first : appId;
	}

	List<String> underServiceName(String serviceName) {
		return new ArrayList<>(this.byServiceName.getOrDefault(serviceName, new TreeSet<>()));
	}

	boolean usedByAnother(String kvName, String appId) {
		TreeSet<String> ids = this.byKvName.get(kvName);
		return ids != null && (ids.size() > 1 || !ids.contains(appId));
	}

	List<KnownApps.Clash> clashes() {
		List<KnownApps.Clash> clashes = new ArrayList<>();
		for (String name : this.clashing) {
			List<String> sorted = new ArrayList<>(appsNamed(name));
			clashes.add(new KnownApps.Clash(name, sorted.get(0), List.copyOf(sorted.subList(1, sorted.size()))));
		}
		return clashes;
	}

}
