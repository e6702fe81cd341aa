package io.cairn.status.discovery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.PollResult;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.poll.PollScheduler;
import io.cairn.status.service.CheckService;
import io.cairn.status.store.CheckStore;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the discovery sources. Each source runs on one replica at a time: the one holding
 * its lease in the database ({@code discovery-<source>}), renewed at every round, so two
 * replicas never race to add and remove the same checks, and another replica takes over
 * within the lease time when the holder dies. A round adds the checks the source has,
 * updates the ones that changed, removes the source's checks it no longer has, and leaves
 * alone checks of the same id from the API or another source.
 */
public class DiscoveryRunner implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DiscoveryRunner.class);

	private final List<CheckSourceAdapter> sources;

	private final CheckStore store;

	private final LiveChecks live;

	private final CheckService checks;

	private final PollScheduler scheduler;

	private final ScheduledExecutorService timer;

	private final Duration leaseTime;

	private final Clock clock;

	private final String replicaId;

	private final Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

	/**
	 * Create the runner.
	 * @param sources the enabled sources
	 * @param store leases and source checks
	 * @param live the in-memory view
	 * @param checks saves and deletes checks
	 * @param scheduler records states reported by sources
	 * @param timer runs the rounds
	 * @param leaseTime how long a lease lasts
	 * @param clock the clock
	 * @param replicaId this replica
	 */
	public DiscoveryRunner(List<CheckSourceAdapter> sources, CheckStore store, LiveChecks live, CheckService checks,
			PollScheduler scheduler, ScheduledExecutorService timer, Duration leaseTime, Clock clock,
			String replicaId) {
		this.sources = List.copyOf(sources);
		this.store = store;
		this.live = live;
		this.checks = checks;
		this.scheduler = scheduler;
		this.timer = timer;
		this.leaseTime = leaseTime;
		this.clock = clock;
		this.replicaId = replicaId;
	}

	/**
	 * Run one round of a source now, if this replica holds (or can take) its lease.
	 * @param source the source
	 * @return whether the round ran
	 */
	public boolean runOnce(CheckSourceAdapter source) {
		String lease = "discovery-" + source.source().id();
		Duration ttl = (this.leaseTime.compareTo(source.interval().multipliedBy(2)) > 0) ? this.leaseTime
				: source.interval().multipliedBy(2);
		if (!this.store.tryLease(lease, this.replicaId, this.clock.instant(), ttl)) {
			return false;
		}
		Discovered discovered;
		try {
			discovered = source.discover();
		}
		catch (Exception ex) {
			if (this.failing.add(lease)) {
				logger.warn("Discovery from " + source.source().id() + " failed; its checks are kept as they are: "
						+ ex.getMessage());
			}
			return false;
		}
		if (this.failing.remove(lease)) {
			logger.info("Discovery from " + source.source().id() + " works again");
		}
		Set<String> wanted = new HashSet<>();
		for (CheckDefinition definition : discovered.checks()) {
			wanted.add(definition.id());
			TrackedCheck existing = this.live.get(definition.id());
			if (existing != null && existing.definition().source() != source.source()) {
				continue;
			}
			if (existing == null || changed(existing.definition(), definition)) {
				this.checks.save(definition);
			}
		}
		List<String> gone = new ArrayList<>();
		for (String id : this.store.idsFrom(source.source())) {
			if (!wanted.contains(id)) {
				gone.add(id);
			}
		}
		this.checks.deleteAll(gone);
		for (Map.Entry<String, PollResult> result : discovered.results().entrySet()) {
			TrackedCheck check = this.live.get(result.getKey());
			if (check != null && check.definition().source() == source.source()) {
				this.scheduler.record(result.getKey(), result.getValue());
			}
		}
		return true;
	}

	private static boolean changed(CheckDefinition a, CheckDefinition b) {
		return a.kind() != b.kind() || !a.target().equals(b.target()) || !Objects.equals(a.jsonPath(), b.jsonPath())
				|| a.statusOverride() != b.statusOverride() || !a.tags().equals(b.tags())
				|| !Objects.equals(a.interval(), b.interval());
	}

	private void runSafely(CheckSourceAdapter source) {
		try {
			runOnce(source);
		}
		catch (RuntimeException ex) {
			logger.warn("Discovery round for " + source.source().id() + " failed: " + ex.getMessage());
		}
	}

	/**
	 * The sources this runner runs.
	 * @return the sources
	 */
	public List<CheckSourceAdapter> sources() {
		return this.sources;
	}

	@Override
	public void start() {
		for (CheckSourceAdapter source : this.sources) {
			long millis = source.interval().toMillis();
			this.tasks
				.add(this.timer.scheduleWithFixedDelay(() -> runSafely(source), 0, millis, TimeUnit.MILLISECONDS));
		}
	}

	@Override
	public void stop() {
		this.tasks.forEach((task) -> task.cancel(false));
		this.tasks.clear();
		for (CheckSourceAdapter source : this.sources) {
			try {
				this.store.releaseLease("discovery-" + source.source().id(), this.replicaId);
			}
			catch (RuntimeException ex) {
				// the lease runs out by itself
			}
		}
	}

	@Override
	public boolean isRunning() {
		return !this.tasks.isEmpty();
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 50;
	}

}
