package io.cairn.bridge.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.cairn.bridge.consul.Registrar;
import io.cairn.bridge.consul.RegistrationIndex.Registered;
import io.cairn.bridge.mapping.DesiredService;

/**
 * Applies a plan's registrations in a full sync: services registered as desired already
 * are recorded in the index; the missing and differing ones are registered on their
 * target agent in parallel, and a copy left on another agent (the fallback, typically) is
 * removed once the service is in place. A task whose end an event applied since Marathon
 * was read is not registered again: the tombstones are checked just before each agent
 * call, not only when the plan was made (defect 6 of docs/faults.md).
 */
final class RegistrationPhase {

	private final SyncTargets targets;

	private final Tombstones tombstones;

	private final SyncTally tally;

	private final AgentCalls calls;

	private final long startNanos;

	private final long readNanos;

	/**
	 * Create the phase of one run.
	 * @param targets the agents, the registrar and the index
	 * @param tombstones tasks known to have ended
	 * @param tally counts what is registered, notes errors
	 * @param calls runs the agent calls
	 * @param startNanos when the run began
	 * @param readNanos when the read of Marathon began
	 */
	RegistrationPhase(SyncTargets targets, Tombstones tombstones, SyncTally tally, AgentCalls calls, long startNanos,
			long readNanos) {
		this.targets = targets;
		this.tombstones = tombstones;
		this.tally = tally;
		this.calls = calls;
		this.startNanos = startNanos;
		this.readNanos = readNanos;
	}

	/**
	 * Apply the registrations.
	 * @param plan what to register and what is in place
	 * @param agents what the agents held when listed
	 * @throws InterruptedException when interrupted while waiting for the agents
	 */
	void apply(SyncPlan plan, AgentSnapshot agents) throws InterruptedException {
		for (DesiredService service : plan.inPlace()) {
			// Remember what is there, so that app events need not write it again
			// (unless an event removed it since the listing).
			String target = this.targets.agents().addressOf(service.agentHost());
			this.targets.index()
				.putUnlessRemovedSince(new Registered(service.serviceId(), target, service.taskId(), service.appId(),
						service.name(), this.startNanos - 1, service.fingerprint()), this.startNanos);
		}
		List<Callable<Void>> work = new ArrayList<>();
		for (DesiredService service : plan.register()) {
			List<AgentSnapshot.Placed> existing = agents.placementsOf(service.serviceId());
			String target = this.targets.agents().addressOf(service.agentHost());
			boolean onTarget = existing.stream()
				.anyMatch((placed) -> placed.address().equals(target) && service.sameAs(placed.owned().service()));
			boolean elsewhere = existing.stream().anyMatch((placed) -> service.sameAs(placed.owned().service()));
			if (!onTarget && elsewhere && this.tally.unreachable().contains(target)) {
				// Its host's agent is still down: the fallback copy stays.
				continue;
			}
			work.add(() -> {
				// The snapshot may be seconds old by now (a takeover sync writes
				// thousands of services): a task whose end an event applied since
				// is not registered again.
				if (ended(service)) {
					return null;
				}
				Registrar.Placement placement = onTarget ? new Registrar.Placement(target, false)
						: this.targets.registrar().register(service);
				if (!onTarget) {
					if (existing.isEmpty()) {
						this.tally.countRegistered();
					}
					else {
						this.tally.countUpdated();
					}
					if (ended(service)
							&& this.targets.index().contains(placement.agentAddress(), service.serviceId())) {
						// The end was applied while this registration was on its way
						// (and found nothing to remove): take it back.
						this.targets.registrar()
							.deregister(new Registered(service.serviceId(), placement.agentAddress(), service.taskId(),
									service.appId(), service.name(), System.nanoTime()));
					}
				}
				for (AgentSnapshot.Placed old : existing) {
					// It moved (back from the fallback agent, typically): remove the
					// other copy, unless an event already did.
					if (!old.address().equals(placement.agentAddress()) && !this.targets.index()
						.removedSince(old.address(), service.serviceId(), this.startNanos)) {
						this.targets.registrar()
							.deregister(new Registered(service.serviceId(), old.address(), service.taskId(),
									service.appId(), service.name(), System.nanoTime()));
					}
				}
				return null;
			});
		}
		this.calls.runAll(work, "registering");
	}

	private boolean ended(DesiredService service) {
		return this.tombstones.endedAfter(service.taskId(), this.readNanos);
	}

}
