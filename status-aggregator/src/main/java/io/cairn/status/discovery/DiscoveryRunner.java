package io.cairn.status.discovery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.PollResult;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.poll.PollScheduler;
import io.cairn.status.service.CheckService;
import io.cairn.status.store.CheckStore;
import io.cairn.status.store.TooManyChecksException;
import io.cairn.support.security.Redaction;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs the discovery sources. Each source runs on one replica at a time: the one holding
 * its lease in the database ({@code discovery-<source>}), renewed at every round, so two
 * replicas never race to add and remove the same checks, and another replica takes over
 * within the lease time when the holder dies. A round adds the checks the source has,
 * updates the ones that changed, removes the source's checks it no longer has, and leaves
 * alone checks of the same id from the API or another source.
 * <p>
 * A source creates at most {@code discovery.max-checks} checks (the first by id, so the
 * same ones from round to round) and none past {@code limits.max-checks}; the rest is
 * skipped and said so in the log once per change. Each source runs on a thread of its own
 * ({@code status-discovery-N}, from Boot's scheduler builder, built at start and closed
 * at stop), so a source that hangs holds up nothing but itself: not the other source, not
 * result flushes, not poll deadlines.
 */
public class DiscoveryRunner implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DiscoveryRunner.class);

	private final List<CheckSourceAdapter> sources;

	private final CheckStore store;

	private final LiveChecks live;

	private final CheckService checks;

	private final PollScheduler scheduler;

	private final Duration leaseTime;

	private final int maxChecks;

	private final Map<String, Integer> skipped = new ConcurrentHashMap<>();

	private final ThreadPoolTaskSchedulerBuilder schedulers;

	private @Nullable ThreadPoolTaskScheduler timer;

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
	 * @param leaseTime how long a lease lasts
	 * @param maxChecks the most checks one source may create
	 * @param clock the clock
	 * @param replicaId this replica
	 * @param schedulers Boot's scheduler builder (the sources' threads)
	 */
	public DiscoveryRunner(List<CheckSourceAdapter> sources, CheckStore store, LiveChecks live, CheckService checks,
			PollScheduler scheduler, Duration leaseTime, int maxChecks, Clock clock, String replicaId,
			ThreadPoolTaskSchedulerBuilder schedulers) {
		this.schedulers = schedulers;
		this.sources = List.copyOf(sources);
		this.store = store;
		this.live = live;
		this.checks = checks;
		this.scheduler = scheduler;
		this.leaseTime = leaseTime;
		this.maxChecks = maxChecks;
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
				// The message may carry the source's URL, credentials and all.
				logger.warn("Discovery from " + source.source().id() + " failed; its checks are kept as they are: "
						+ Redaction.text(ex.getMessage()));
			}
			return false;
		}
		if (this.failing.remove(lease)) {
			logger.info("Discovery from " + source.source().id() + " works again");
		}
		Set<String> wanted = new HashSet<>();
		List<CheckDefinition> offered = new ArrayList<>(discovered.checks());
		offered.sort(Comparator.comparing(CheckDefinition::id));
		int kept = 0;
		int overCap = 0;
		int overTotal = 0;
		for (CheckDefinition definition : offered) {
			if (wanted.contains(definition.id())) {
				continue;
			}
			TrackedCheck existing = this.live.get(definition.id());
			if (existing != null && existing.definition().source() != source.source()) {
				continue;
			}
			if (kept >= this.maxChecks) {
				overCap++;
				continue;
			}
			if (existing == null || changed(existing.definition(), definition)) {
				try {
					this.checks.save(definition);
				}
				catch (TooManyChecksException ex) {
					overTotal++;
					continue;
				}
			}
			wanted.add(definition.id());
			kept++;
		}
		reportSkipped(source, overCap, overTotal);
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

	private void reportSkipped(CheckSourceAdapter source, int overCap, int overTotal) {
		int skippedNow = overCap + overTotal;
		Integer before = this.skipped.put(source.source().id(), skippedNow);
		if (skippedNow > 0 && (before == null || before != skippedNow)) {
			logger.warn("Discovery from " + source.source().id() + " skipped " + skippedNow + " checks: "
					+ ((overCap > 0) ? overCap + " past cairn.status.discovery.max-checks (" + this.maxChecks + ")"
							: "")
					+ ((overCap > 0 && overTotal > 0) ? ", " : "")
					+ ((overTotal > 0) ? overTotal + " past cairn.status.limits.max-checks" : ""));
		}
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
			logger.warn("Discovery round for " + source.source().id() + " failed: " + Redaction.text(ex.getMessage()));
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
		if (this.sources.isEmpty()) {
			return;
		}
		ThreadPoolTaskScheduler threads = this.schedulers.poolSize(this.sources.size())
			.threadNamePrefix("status-discovery-")
			.build();
		threads.setDaemon(true);
		// A round under way is interrupted at stop.
		threads.setWaitForTasksToCompleteOnShutdown(false);
		threads.initialize();
		this.timer = threads;
		ScheduledExecutorService executor = threads.getScheduledExecutor();
		for (CheckSourceAdapter source : this.sources) {
			long millis = source.interval().toMillis();
			this.tasks.add(executor.scheduleWithFixedDelay(() -> runSafely(source), 0, millis, TimeUnit.MILLISECONDS));
		}
	}

	@Override
	public void stop() {
		this.tasks.forEach((task) -> task.cancel(false));
		this.tasks.clear();
		ThreadPoolTaskScheduler stopped = this.timer;
		this.timer = null;
		if (stopped != null) {
			stopped.shutdown();
		}
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
