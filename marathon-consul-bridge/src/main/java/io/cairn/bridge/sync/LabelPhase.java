package io.cairn.bridge.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import io.cairn.bridge.consul.LabelWriter;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.status.Activity;
import io.cairn.consul.ConsulException;

/**
 * Writes the labels of a full sync to KV: every opted-in app's labels are checked against
 * its folder in parallel (only the owner of a folder several apps map to writes it), and,
 * with {@code sync.purge} on, the folders no live app has are deleted, unless a guard of
 * their own refuses.
 */
final class LabelPhase {

	private final LabelWriter writer;

	private final SyncSources sources;

	private final BridgeProperties.Sync settings;

	private final Activity activity;

	private final SyncTally tally;

	private final AgentCalls calls;

	private final boolean force;

	/**
	 * Create the phase of one run.
	 * @param writer writes labels to KV
	 * @param sources the mapping and who owns which folder
	 * @param settings purge and the guard
	 * @param activity told what the guard refused
	 * @param tally counts the KV changes, notes errors and the guard
	 * @param calls runs the KV calls
	 * @param force whether to override the guard
	 */
	LabelPhase(LabelWriter writer, SyncSources sources, BridgeProperties.Sync settings, Activity activity,
			SyncTally tally, AgentCalls calls, boolean force) {
		this.writer = writer;
		this.sources = sources;
		this.settings = settings;
		this.activity = activity;
		this.tally = tally;
		this.calls = calls;
		this.force = force;
	}

	/**
	 * Write the labels, and purge the dead folders.
	 * @param list the apps Marathon listed
	 * @param liveNames the folder names of the opted-in apps
	 * @param purgeLabels whether dead folders may be deleted
	 * @throws InterruptedException when interrupted while waiting for KV
	 */
	void apply(List<MarathonApp> list, Set<String> liveNames, boolean purgeLabels) throws InterruptedException {
		LabelWriter writer = this.writer;
		// Every folder is read from Consul below; what events remembered is
		// dropped, so that a folder no app owns any more is not trusted either.
		writer.forget();
		List<Callable<Void>> work = new ArrayList<>();
		for (MarathonApp app : list) {
			String name = this.sources.mapper().kvName(app.id());
			if (!this.sources.mapper().optedIn(app) || !this.sources.knownApps().kvOwner(app.id()).equals(app.id())) {
				// Of apps that map to one folder, only the owner's labels are
				// written.
				continue;
			}
			work.add(() -> {
				this.tally.countKvChanges(writer.verify(name, app.labelMap()).total());
				return null;
			});
		}
		this.calls.runAll(work, "writing labels");
		if (purgeLabels && this.settings.purge()) {
			try {
				purgeFolders(writer, liveNames);
			}
			catch (ConsulException ex) {
				this.tally.error("purging dead KV folders failed: " + ex.getMessage());
			}
		}
	}

	/**
	 * Delete the KV folders of names no live app has, under a guard of its own: a partial
	 * answer from Marathon could otherwise wipe the labels of apps that have no service
	 * (scaled to zero), where the service guard sees nothing to refuse.
	 */
	private void purgeFolders(LabelWriter writer, Set<String> liveNames) {
		List<String> folders = writer.folderNames();
		List<String> dead = folders.stream().filter((name) -> !liveNames.contains(name)).toList();
		if (dead.isEmpty()) {
			return;
		}
		BridgeProperties.Guard guard = this.settings.guard();
		if (!this.force && dead.size() > guard.minCount() && dead.size() > guard.maxFraction() * folders.size()) {
			this.tally.tripGuard();
			String message = "mass-deregistration guard: refused to delete " + dead.size() + " of " + folders.size()
					+ " KV folders; POST /v1/sync?force=true to delete them anyway";
			this.tally.error(message);
			this.activity.error("guard", message);
			return;
		}
		for (String name : dead) {
			writer.delete(name);
			this.tally.countKvPurged();
		}
	}

}
