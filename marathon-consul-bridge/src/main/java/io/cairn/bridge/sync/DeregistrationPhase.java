package io.cairn.bridge.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.cairn.bridge.consul.RegistrationIndex.Registered;
import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.status.Activity;

/**
 * Applies a plan's deregistrations in a full sync (with {@code sync.purge} on): services
 * whose task no longer runs are deregistered in parallel, unless the mass-deregistration
 * guard refuses (Marathon lists no app or no task, or too many would go) and the sync is
 * not forced. A service an event registered or deregistered since the agents were listed
 * is left to the event: it is deregistered once, not twice (defect 8 of docs/faults.md).
 * Services whose tags the bridge cannot read are left alone and reported.
 */
final class DeregistrationPhase {

	private final SyncTargets targets;

	private final BridgeProperties.Sync settings;

	private final Activity activity;

	private final SyncTally tally;

	private final AgentCalls calls;

	private final long startNanos;

	private final boolean force;

	/**
	 * Create the phase of one run.
	 * @param targets the registrar and the index
	 * @param settings purge and the guard
	 * @param activity told what was left alone and what the guard refused
	 * @param tally counts what is deregistered, notes errors and the guard
	 * @param calls runs the agent calls
	 * @param startNanos when the run began
	 * @param force whether to override the guard
	 */
	DeregistrationPhase(SyncTargets targets, BridgeProperties.Sync settings, Activity activity, SyncTally tally,
			AgentCalls calls, long startNanos, boolean force) {
		this.targets = targets;
		this.settings = settings;
		this.activity = activity;
		this.tally = tally;
		this.calls = calls;
		this.startNanos = startNanos;
		this.force = force;
	}

	/**
	 * Apply the deregistrations.
	 * @param plan what to deregister
	 * @param agents what the agents held when listed
	 * @param marathonEmpty whether Marathon listed no app
	 * @param noTasks whether Marathon listed no task
	 * @throws InterruptedException when interrupted while waiting for the agents
	 */
	void apply(SyncPlan plan, AgentSnapshot agents, boolean marathonEmpty, boolean noTasks)
			throws InterruptedException {
		if (!this.settings.purge()) {
			return;
		}
		List<AgentSnapshot.Placed> orphans = new ArrayList<>();
		Map<String, Registered> recent = new HashMap<>();
		for (Registered entry : this.targets.index().all()) {
			if (entry.recordedNanos() - this.startNanos > 0) {
				recent.put(entry.serviceId(), entry);
			}
		}
		for (String serviceId : plan.deregister()) {
			if (recent.containsKey(serviceId)) {
				continue;
			}
			for (AgentSnapshot.Placed placed : agents.placementsOf(serviceId)) {
				if (placed.owned().problem() != null) {
					this.activity.error("sync",
							"left " + serviceId + " on " + placed.address() + " alone: " + placed.owned().problem());
					continue;
				}
				orphans.add(placed);
			}
		}
		if (orphans.isEmpty()) {
			return;
		}
		BridgeProperties.Guard guard = this.settings.guard();
		boolean mass = orphans.size() > guard.minCount() && orphans.size() > guard.maxFraction() * agents.owned();
		if (!this.force && (marathonEmpty || noTasks || mass)) {
			this.tally.tripGuard();
			String message = "mass-deregistration guard: refused to deregister " + orphans.size() + " of "
					+ agents.owned() + " services"
					+ (marathonEmpty ? " while Marathon lists no app" : noTasks ? " while Marathon lists no task" : "")
					+ "; POST /v1/sync?force=true to deregister them anyway";
			this.tally.error(message);
			this.activity.error("guard", message);
			return;
		}
		List<Callable<Void>> work = new ArrayList<>();
		for (AgentSnapshot.Placed orphan : orphans) {
			work.add(() -> {
				if (this.targets.index()
					.removedSince(orphan.address(), orphan.owned().service().id(), this.startNanos)) {
					// An event deregistered it after the listing: once is enough.
					return null;
				}
				this.targets.registrar()
					.deregister(new Registered(orphan.owned().service().id(), orphan.address(), orphan.owned().taskId(),
							orphan.owned().appId(), "", System.nanoTime()));
				this.tally.countDeregistered();
				return null;
			});
		}
		this.calls.runAll(work, "deregistering");
	}

}
