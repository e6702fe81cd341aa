package io.cairn.bridge.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.cairn.bridge.consul.LabelWriter;
import io.cairn.bridge.leader.Leadership;
import io.cairn.bridge.leader.NotLeaderException;
import io.cairn.bridge.mapping.OwnedService;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonException;
import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.status.Activity;

/**
 * One full sync (what {@link FullSync} describes), for one trigger; a new one for every
 * sync. It reads ({@link MarathonSnapshot}, {@link AgentListing} into an
 * {@link AgentSnapshot}), decides ({@link SyncPlanner}) and applies
 * ({@link RegistrationPhase}, {@link DeregistrationPhase}, {@link LabelPhase}), in that
 * order, counting in a {@link SyncTally} what it found and did.
 */
final class SyncRun {

	// The benchmark and operators follow sync lines under FullSync's name.
	private static final Log logger = LogFactory.getLog(FullSync.class);

	private final String trigger;

	private final boolean force;

	private final Parts parts;

	private final SyncSources sources;

	private final SyncTargets targets;

	private final SyncPlanner planner;

	private final Instant startedAt;

	private final long startNanos = System.nanoTime();

	private final SyncTally tally = new SyncTally();

	private final AgentCalls calls;

	private final StringBuilder phases = new StringBuilder();

	private long phaseStart = System.nanoTime();

	private void phase(String name) {
		long now = System.nanoTime();
		this.phases.append((this.phases.length() == 0) ? "" : ", ")
			.append(name)
			.append(' ')
			.append((now - this.phaseStart) / 1_000_000)
			.append(" ms");
		this.phaseStart = now;
	}

	SyncRun(Parts parts, String trigger, boolean force) {
		this.parts = parts;
		this.sources = parts.sources();
		this.targets = parts.targets();
		this.planner = new SyncPlanner(parts.sources().mapper(), parts.sources().tombstones());
		this.calls = new AgentCalls(parts.pool(), this.tally);
		this.trigger = trigger;
		this.force = force;
		this.startedAt = parts.clock().instant();
	}

	SyncResult execute() {
		SyncOutcome outcome;
		try {
			this.parts.leadership().checkLeader();
			sync();
			outcome = this.tally.hasErrors() ? SyncOutcome.PARTIAL : SyncOutcome.SUCCESS;
		}
		catch (NotLeaderException ex) {
			outcome = SyncOutcome.NOT_LEADER;
			this.tally.error(String.valueOf(ex.getMessage()));
		}
		catch (MarathonException ex) {
			outcome = SyncOutcome.FAILED;
			this.tally.firstError("Marathon: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			outcome = SyncOutcome.FAILED;
			this.tally.firstError("interrupted");
		}
		catch (RuntimeException ex) {
			outcome = SyncOutcome.FAILED;
			this.tally.firstError(ex.toString());
			// The message may carry an agent's or Marathon's answer, which may echo a
			// secret: masked, and without the stack that would repeat it.
			logger.warn("Sync failed: " + this.parts.activity().redact(ex.toString()));
		}
		logger.info("Sync (" + this.trigger + ") phases: " + this.phases);
		return this.tally.result(this.trigger, this.startedAt, Duration.ofNanos(System.nanoTime() - this.startNanos),
				outcome, this.parts.activity()::redact);
	}

	private void sync() throws InterruptedException {
		// When the read of Marathon began: a task whose end was remembered after it is
		// older news than the end, however long the sync takes to reach it.
		long readNanos = System.nanoTime();
		List<MarathonApp> list = this.sources.marathon().apps();
		phase("Marathon");
		MarathonSnapshot marathon = MarathonSnapshot.of(list, this.sources, this.planner, readNanos);
		this.tally.marathon(list.size(), marathon.tasks(), marathon.desired().size());
		List<KnownApps.Clash> clashes = this.sources.knownApps().clashes();
		this.tally.clashes(clashes);
		this.parts.clashReport().accept(clashes);

		phase("mapping");
		Set<String> knownHosts = new LinkedHashSet<>(marathon.hosts());
		Map<String, List<OwnedService>> found = new AgentListing(this.targets.agents(), this.targets.registrar(),
				this.parts.properties().consul(), this.parts.pool(), this.tally)
			.list(marathon.hosts(), knownHosts);
		this.targets.hosts().replace(knownHosts);
		phase("agents");
		AgentSnapshot agents = AgentSnapshot.of(found, this.startNanos);
		this.tally.owned(agents.owned());
		this.targets.index().replace(agents.registrations(), this.startNanos, this.tally.unreachable());

		SyncPlan plan = SyncPlanner.plan(marathon.desired(), agents.serviceIds(),
				(service) -> agents.placedAsDesired(service, this.targets.agents().addressOf(service.agentHost())));
		new RegistrationPhase(this.targets, this.sources.tombstones(), this.tally, this.calls, this.startNanos,
				readNanos)
			.apply(plan, agents);
		phase("registrations");
		new DeregistrationPhase(this.targets, this.parts.properties().sync(), this.parts.activity(), this.tally,
				this.calls, this.startNanos, this.force)
			.apply(plan, agents, list.isEmpty(), marathon.tasks() == 0);
		phase("deregistrations");
		LabelWriter labels = this.targets.labels();
		if (labels != null) {
			// An empty or refused answer must not wipe every app's labels either.
			boolean purgeLabels = !this.tally.guardTripped() && (this.force || !list.isEmpty());
			new LabelPhase(labels, this.sources, this.parts.properties().sync(), this.parts.activity(), this.tally,
					this.calls, this.force)
				.apply(list, marathon.liveNames(), purgeLabels);
			phase("KV");
		}
	}

	/**
	 * What every run works with.
	 *
	 * @param sources what the run reads
	 * @param targets where it writes
	 * @param leadership checked before writing
	 * @param properties the bridge properties
	 * @param activity notes errors
	 * @param clock the clock
	 * @param pool runs agent calls in parallel
	 * @param clashReport told the name clashes the run found
	 */
	record Parts(SyncSources sources, SyncTargets targets, Leadership leadership, BridgeProperties properties,
			Activity activity, Clock clock, ExecutorService pool, Consumer<List<KnownApps.Clash>> clashReport) {
	}

}
