package io.cairn.status.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.status.aggregate.CheckChange;
import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.aggregate.StatusMetrics;
import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.store.CheckStore;
import io.cairn.status.store.Claim;
import io.cairn.status.store.ResultWrite;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Polls checks in the background, each on its own interval.
 * <p>
 * A claim loop asks the database for checks that are due and moves each one's next poll
 * one interval ahead in the same statement ({@code FOR UPDATE SKIP LOCKED}), so with
 * several replicas on one database every check is polled once per interval by exactly one
 * of them, and the work spreads over the replicas that have free pollers. A replica that
 * dies mid-poll costs that check one interval; the stale rule shows it if it lasts. A
 * claim is a lease until the check's next poll ({@link Leases}): a poll that could not
 * start within it is skipped, since another replica may hold the check by then.
 * <p>
 * While the database cannot be reached, this replica keeps polling the checks it held
 * leases on, from memory, on their intervals; the results show in {@code /status} at once
 * and are written when the database is back, together with the schedule kept meanwhile.
 * <p>
 * Polls run in three bounded lanes, so that no kind of target can hold the pollers of the
 * others:
 * <ul>
 * <li>the <em>main lane</em> polls checks whose last poll was quick; a poll there may
 * take at most {@code poll.slow-after}: past it, it is cut short and the check moves to
 * the slow lane, where it is polled again at once with the full timeout;</li>
 * <li>the <em>slow lane</em> polls checks whose last poll timed out or took
 * {@code slow-after} or more; a check stays there until a quick poll comes at least
 * {@code poll.slow-lane-stay} after its last slow one, so a target that alternates quick
 * and slow answers holds a main-lane poller for at most {@code slow-after} per stay;</li>
 * <li>the <em>first-poll lane</em> polls checks this replica knows no latency of (new,
 * re-targeted), so that a flood of new checks (an import, a discovery round, a stream of
 * fresh ids pointing at a black hole) waits there and never in the main lane.</li>
 * </ul>
 * A check's lane at start-up comes from the latency stored with its last result, so a
 * restart keeps the lanes. Adding a check (or asking for a poll) wakes the loop, so a new
 * check is polled at once.
 * <p>
 * Threads, all built from Boot's builders at each start and closed at each stop: the
 * claim loop ({@code status-poll-claims-1}), the lanes' pollers ({@code status-poll-N},
 * {@code status-poll-slow-N}, {@code status-poll-first-N}; their queues are bounded by
 * the number of checks, as a check is in at most one lane at a time) and the timer of
 * polls from memory ({@code status-poll-outage-1}).
 */
public class PollScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PollScheduler.class);

	private final CheckStore store;

	private final LiveChecks live;

	private final HttpCheckFetcher http;

	private final CommandCheckRunner commands;

	private final Thresholds thresholds;

	private final ResultFlusher flusher;

	private final StatusMetrics metrics;

	private final StatusProperties properties;

	private final Clock clock;

	private final String replicaId;

	private final CheckProbes probes;

	private final Map<String, Placement> placements = new ConcurrentHashMap<>();

	private final Set<String> inFlightChecks = ConcurrentHashMap.newKeySet();

	private final AtomicInteger mainInFlight = new AtomicInteger();

	private final AtomicLong completed = new AtomicLong();

	private final Leases leases = new Leases();

	/** Locks striped by check id (see {@link #resultLock}). */
	private final Object[] resultLocks = newLocks(64);

	private final AtomicLong expired = new AtomicLong();

	private final Object signal = new Object();

	private boolean woken;

	private volatile boolean backlog;

	private volatile boolean running;

	private volatile @Nullable Instant lastClaim;

	/** The instant the last successful claim claimed at (the database's view of now). */
	private volatile @Nullable Instant lastClaimedAt;

	private final ThreadPoolTaskExecutorBuilder executors;

	private final ThreadPoolTaskSchedulerBuilder schedulers;

	private @Nullable ThreadPoolTaskScheduler outagePolls;

	private volatile boolean claimFailing;

	private @Nullable ThreadPoolTaskExecutor claims;

	/**
	 * Until when claims leave the checks other replicas claimed last: set while claims
	 * fail, so it ends {@code poll.resume-grace} after the first claim that works again.
	 */
	private @Nullable Instant resumeGraceUntil;

	private @Nullable Future<?> loop;

	/** The lanes' pollers while running, else null. */
	private volatile @Nullable Pollers pollers;

	/**
	 * Create the scheduler.
	 * @param store claims and lookups
	 * @param live the in-memory view results go to
	 * @param http the HTTP fetcher
	 * @param commands the command runner
	 * @param thresholds failure and success thresholds
	 * @param flusher writes results
	 * @param metrics poll meters
	 * @param properties settings
	 * @param clock the clock
	 * @param replicaId this replica
	 */
	public PollScheduler(CheckStore store, LiveChecks live, HttpCheckFetcher http, CommandCheckRunner commands,
			Thresholds thresholds, ResultFlusher flusher, StatusMetrics metrics, StatusProperties properties,
			Clock clock, String replicaId) {
		this(store, live, http, commands, thresholds, flusher, metrics, properties, clock, replicaId, CheckProbes.NONE);
	}

	/**
	 * Create the scheduler with probes for other kinds of checks.
	 * @param store claims and lookups
	 * @param live the in-memory view results go to
	 * @param http the HTTP fetcher
	 * @param commands the command runner
	 * @param thresholds failure and success thresholds
	 * @param flusher writes results
	 * @param metrics poll meters
	 * @param properties settings
	 * @param clock the clock
	 * @param replicaId this replica
	 * @param probes polls the checks that are not Megaphone documents
	 */
	public PollScheduler(CheckStore store, LiveChecks live, HttpCheckFetcher http, CommandCheckRunner commands,
			Thresholds thresholds, ResultFlusher flusher, StatusMetrics metrics, StatusProperties properties,
			Clock clock, String replicaId, CheckProbes probes) {
		this(store, live, http, commands, thresholds, flusher, metrics, properties, clock, replicaId, probes,
				new ThreadPoolTaskExecutorBuilder(), new ThreadPoolTaskSchedulerBuilder());
	}

	/**
	 * Create the scheduler with probes for other kinds of checks and threads from Boot's
	 * builders.
	 * @param store claims and lookups
	 * @param live the in-memory view results go to
	 * @param http the HTTP fetcher
	 * @param commands the command runner
	 * @param thresholds failure and success thresholds
	 * @param flusher writes results
	 * @param metrics poll meters
	 * @param properties settings
	 * @param clock the clock
	 * @param replicaId this replica
	 * @param probes polls the checks that are not Megaphone documents
	 * @param executors Boot's executor builder (the claim loop and the lanes)
	 * @param schedulers Boot's scheduler builder (polls from memory)
	 */
	public PollScheduler(CheckStore store, LiveChecks live, HttpCheckFetcher http, CommandCheckRunner commands,
			Thresholds thresholds, ResultFlusher flusher, StatusMetrics metrics, StatusProperties properties,
			Clock clock, String replicaId, CheckProbes probes, ThreadPoolTaskExecutorBuilder executors,
			ThreadPoolTaskSchedulerBuilder schedulers) {
		this.executors = executors;
		this.schedulers = schedulers;
		this.probes = probes;
		this.store = store;
		this.live = live;
		this.http = http;
		this.commands = commands;
		this.thresholds = thresholds;
		this.flusher = flusher;
		this.metrics = metrics;
		this.properties = properties;
		this.clock = clock;
		this.replicaId = replicaId;
	}

	/**
	 * Look for due checks now instead of at the next tick.
	 */
	public void wake() {
		synchronized (this.signal) {
			this.woken = true;
			this.signal.notifyAll();
		}
	}

	/**
	 * Make a check due now and wake the loop.
	 * @param id the check
	 */
	public void pollSoon(String id) {
		this.store.pollAt(id, this.clock.instant());
		wake();
	}

	/**
	 * Polls finished since start (tests wait on it).
	 * @return the count
	 */
	public long completedPolls() {
		return this.completed.get();
	}

	/**
	 * Claims not polled because their lease had ended before the poll could start (this
	 * replica stalled, or the poll waited too long behind others).
	 * @return the count since start
	 */
	public long expiredClaims() {
		return this.expired.get();
	}

	/**
	 * When the loop last claimed successfully.
	 * @return the instant, or null before the first claim
	 */
	public @Nullable Instant lastClaim() {
		return this.lastClaim;
	}

	/**
	 * Whether claiming fails (the database is unreachable).
	 * @return true while claims fail
	 */
	public boolean claimFailing() {
		return this.claimFailing;
	}

	private void runLoop(Pollers pollers) {
		Duration defaultInterval = this.properties.poll().interval();
		Duration minInterval = this.properties.poll().minInterval();
		Duration maxInterval = this.properties.poll().maxInterval();
		int concurrency = this.properties.poll().concurrency();
		while (this.running) {
			try {
				int free = concurrency - this.mainInFlight.get() - pollers.main().getQueueSize();
				// With every poller busy, more checks may be due: a finishing poll
				// wakes the loop then (and only then), so free pollers are used at once.
				this.backlog = free <= 0;
				if (free > 0) {
					writeScheduleKeptInMemory();
					Instant now = this.clock.instant();
					if (this.claimFailing) {
						this.resumeGraceUntil = now.plus(this.properties.poll().resumeGrace());
					}
					Instant graceUntil = this.resumeGraceUntil;
					boolean onlyOwn = graceUntil != null && now.isBefore(graceUntil);
					List<Claim> claims = this.store.claimDue(now, this.replicaId, free, defaultInterval, minInterval,
							maxInterval, onlyOwn);
					this.lastClaim = this.clock.instant();
					this.lastClaimedAt = now;
					if (this.claimFailing) {
						logger.info("Claiming due checks works again");
						this.claimFailing = false;
					}
					for (Claim claim : claims) {
						if (this.leases.claimed(claim, now)) {
							dispatch(claim);
						}
					}
					forgetDeletedChecks();
					if (claims.size() == free) {
						this.backlog = true;
						continue;
					}
				}
			}
			catch (RuntimeException ex) {
				if (!this.claimFailing) {
					logger.warn("Could not claim due checks; will retry: " + ex.getMessage());
					this.claimFailing = true;
				}
			}
			awaitTick();
		}
	}

	/**
	 * After an outage, before claiming: the checks polled from memory meanwhile are due
	 * when memory says, not at once.
	 */
	private void writeScheduleKeptInMemory() {
		Map<String, Instant> kept = this.leases.keptInMemory();
		if (!kept.isEmpty()) {
			this.store.reschedule(this.replicaId, kept);
			this.leases.written(kept);
		}
	}

	/**
	 * While claims fail (the database is away), poll the checks this replica held leases
	 * on when they stopped working, on their intervals, from memory: results go to the
	 * in-memory view at once and to the database when it is back.
	 */
	private void pollFromMemory() {
		Instant claimsStopped = this.lastClaimedAt;
		if (!this.running || !this.claimFailing || claimsStopped == null) {
			return;
		}
		try {
			Instant now = this.clock.instant();
			List<String> due = this.leases.renewDue(now, claimsStopped, (id) -> {
				TrackedCheck check = this.live.get(id);
				return check != null && check.definition().polled() && !check.definition().inMaintenanceAt(now)
						&& this.live.scheduledMaintenance(check) == null;
			});
			for (String id : due) {
				if (this.inFlightChecks.add(id)) {
					run(id, laneOf(id));
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not poll checks from memory", ex);
		}
	}

	private void awaitTick() {
		synchronized (this.signal) {
			if (!this.woken && this.running) {
				try {
					this.signal.wait(this.properties.poll().claimInterval().toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.running = false;
				}
			}
			this.woken = false;
		}
	}

	private void dispatch(Claim claim) {
		if (!this.inFlightChecks.add(claim.checkId())) {
			// Still polling it from the previous interval (a slow check): skip this
			// round.
			return;
		}
		this.metrics.lateness(Duration.between(claim.scheduledAt(), this.clock.instant()));
		run(claim.checkId(), laneOf(claim.checkId()));
	}

	private void run(String id, Lane lane) {
		Pollers pollers = this.pollers;
		if (pollers == null) {
			// stopped meanwhile
			this.inFlightChecks.remove(id);
			return;
		}
		switch (lane) {
			case MAIN -> {
				this.mainInFlight.incrementAndGet();
				pollers.main().execute(() -> poll(id, Lane.MAIN));
			}
			case SLOW -> pollers.slow().execute(() -> poll(id, Lane.SLOW));
			case FIRST -> pollers.firstPoll().execute(() -> poll(id, Lane.FIRST));
		}
	}

	/**
	 * The lane a check is polled in: where its last poll put it; for a check this replica
	 * has not polled, the latency stored with its last result decides, and a check with
	 * none (or whose target changed since) goes to the first-poll lane.
	 */
	private Lane laneOf(String id) {
		TrackedCheck check = this.live.get(id);
		if (check == null) {
			return Lane.FIRST;
		}
		Placement placement = this.placements.get(id);
		if (placement != null && placement.target().equals(check.definition().target())) {
			return placement.lane();
		}
		Long latency = check.state().latencyMillis();
		if (check.state().polledAt() == null || latency == null) {
			return Lane.FIRST;
		}
		if (latency >= this.properties.poll().mainLaneBudget().toMillis()) {
			this.placements.put(id, new Placement(Lane.SLOW, check.definition().target(), System.nanoTime()));
			return Lane.SLOW;
		}
		return Lane.MAIN;
	}

	private void poll(String id, Lane lane) {
		boolean handedOver = false;
		boolean started = false;
		try {
			if (!this.leases.holds(id, this.clock.instant())) {
				// Its lease ended before the poll could start: another replica may have
				// claimed it since, so polling now could poll it twice in one interval.
				// The next claim decides who polls it.
				this.expired.incrementAndGet();
				return;
			}
			started = true;
			TrackedCheck check = this.live.get(id);
			if (check == null) {
				check = this.store.find(id).orElse(null);
				if (check == null) {
					this.placements.remove(id);
					return;
				}
				this.live.apply(new CheckChange.Stored(check));
			}
			if (this.live.scheduledMaintenance(check) != null) {
				// A scheduled window is open for it (claims skip only the check's own
				// maintenance, which is a column): not polled, as in maintenance.
				return;
			}
			CheckDefinition definition = check.definition();
			PollResult result;
			if (this.probes.handles(definition)) {
				boolean main = lane == Lane.MAIN;
				Optional<PollResult> probed = this.probes.poll(definition,
						main ? this.properties.poll().mainLaneBudget() : this.properties.poll().timeout(), !main);
				if (probed.isEmpty()) {
					this.placements.put(id, new Placement(Lane.SLOW, definition.target(), System.nanoTime()));
					run(id, Lane.SLOW);
					handedOver = true;
					return;
				}
				result = probed.get();
			}
			else if (lane == Lane.MAIN && definition.kind() == CheckKind.HTTP) {
				Optional<PollResult> quick = this.http.fetchWithin(definition, this.properties.poll().mainLaneBudget());
				if (quick.isEmpty()) {
					// Too slow for the main lane: poll it again where slow checks wait.
					this.placements.put(id, new Placement(Lane.SLOW, definition.target(), System.nanoTime()));
					run(id, Lane.SLOW);
					handedOver = true;
					return;
				}
				result = quick.get();
			}
			else {
				result = execute(definition);
			}
			record(id, result);
			place(id, definition.target(), result);
		}
		catch (RuntimeException ex) {
			logger.warn("Polling check '" + id + "' failed unexpectedly", ex);
		}
		finally {
			if (!handedOver) {
				this.inFlightChecks.remove(id);
			}
			if (lane == Lane.MAIN) {
				this.mainInFlight.decrementAndGet();
				if (this.backlog) {
					wake();
				}
			}
			if (!handedOver && started) {
				this.completed.incrementAndGet();
			}
		}
	}

	/**
	 * Put a check in the lane its poll calls for: slow when it timed out or took the main
	 * lane's budget or more; back in the main lane after a quick poll, unless it was slow
	 * less than {@code slow-lane-stay} ago.
	 */
	private void place(String id, String target, PollResult result) {
		long now = System.nanoTime();
		boolean slow = result.timedOut()
				|| result.latencyMillis() >= this.properties.poll().mainLaneBudget().toMillis();
		if (slow) {
			this.placements.put(id, new Placement(Lane.SLOW, target, now));
			return;
		}
		Placement placement = this.placements.get(id);
		if (placement != null && placement.lane() == Lane.SLOW && placement.target().equals(target)
				&& now - placement.since() < this.properties.poll().slowLaneStay().toNanos()) {
			return;
		}
		this.placements.put(id, new Placement(Lane.MAIN, target, now));
	}

	private void forgetDeletedChecks() {
		if (this.placements.size() > 2 * this.live.size() + 100) {
			this.placements.keySet().removeIf((id) -> this.live.get(id) == null);
		}
		Instant claimedAt = this.lastClaimedAt;
		if (claimedAt != null && this.leases.size() > 2 * this.live.size() + 100) {
			this.leases.forgetEndedBefore(claimedAt);
		}
	}

	private PollResult execute(CheckDefinition definition) {
		if (definition.kind() == CheckKind.COMMAND) {
			StatusProperties.Command command = this.properties.commands().get(definition.id());
			if (command == null) {
				return PollResult.of(CheckStatus.UNKNOWN, "No command is configured for this check on this replica",
						null, this.clock.instant(), 0);
			}
			return this.commands.run(command.command(), command.timeout());
		}
		return this.http.fetch(definition);
	}

	/**
	 * Apply a result to a check (thresholds, the in-memory view, the database). Used for
	 * polls and for states reported by discovery sources. The results of one check are
	 * taken one at a time, and one observed before the result shown is dropped.
	 * @param id the check
	 * @param result the result
	 */
	public void record(String id, PollResult result) {
		synchronized (resultLock(id)) {
			TrackedCheck current = this.live.get(id);
			if (current == null) {
				return;
			}
			Instant shownAt = current.state().polledAt();
			if (shownAt == null || !result.finishedAt().isBefore(shownAt)) {
				Thresholds.Transition transition = this.thresholds.apply(current.state(), result);
				this.live.apply(new CheckChange.Polled(id, current.definition().target(), transition.state()));
				this.flusher.add(new ResultWrite(id, transition.state(), transition.changed(),
						(shownAt != null) ? current.state().status() : null, current.definition().tags()));
			}
			// else: observed before the result shown (another replica's, read while this
			// poll ran): the view drops it, and the database must not get it either
		}
		this.metrics.polled(result);
	}

	/**
	 * The lock the results of one check are taken in under: thresholds count from the
	 * state the previous result left, and the view and the flusher get a check's results
	 * in the same order, so the row written last holds the result shown.
	 */
	private Object resultLock(String id) {
		return this.resultLocks[Math.floorMod(id.hashCode(), this.resultLocks.length)];
	}

	/**
	 * Checks currently polled in the slow lane.
	 * @return their ids
	 */
	public Set<String> slowChecks() {
		Set<String> slow = new HashSet<>();
		this.placements.forEach((id, placement) -> {
			if (placement.lane() == Lane.SLOW) {
				slow.add(id);
			}
		});
		return Set.copyOf(slow);
	}

	/**
	 * Threads busy in each lane, for health.
	 * @return busy counts by lane
	 */
	public Map<String, Integer> busy() {
		Pollers pollers = this.pollers;
		return Map.of("main", this.mainInFlight.get(), "slow", (pollers != null) ? pollers.slow().getActiveCount() : 0,
				"firstPoll", (pollers != null) ? pollers.firstPoll().getActiveCount() : 0);
	}

	@Override
	public void start() {
		StatusProperties.Poll poll = this.properties.poll();
		Pollers started = new Pollers(lane("status-poll-", poll.concurrency()),
				lane("status-poll-slow-", poll.slowLaneConcurrency()),
				lane("status-poll-first-", poll.firstPollConcurrency()));
		this.pollers = started;
		this.running = true;
		ThreadPoolTaskScheduler outage = this.schedulers.poolSize(1).threadNamePrefix("status-poll-outage-").build();
		outage.setDaemon(true);
		outage.initialize();
		this.outagePolls = outage;
		long tick = poll.claimInterval().toMillis();
		outage.getScheduledExecutor().scheduleWithFixedDelay(this::pollFromMemory, tick, tick, TimeUnit.MILLISECONDS);
		// One thread that loops until stop: a pool of one, so that it is built and
		// named like the others.
		ThreadPoolTaskExecutor loopThread = this.executors.corePoolSize(1)
			.maxPoolSize(1)
			.queueCapacity(0)
			.threadNamePrefix("status-poll-claims-")
			.build();
		loopThread.setDaemon(true);
		// A loop stuck in a claim is not interrupted: it ends after the claim.
		loopThread.setWaitForTasksToCompleteOnShutdown(true);
		loopThread.initialize();
		this.claims = loopThread;
		this.loop = loopThread.submit(() -> runLoop(started));
	}

	private static Object[] newLocks(int count) {
		Object[] locks = new Object[count];
		for (int i = 0; i < count; i++) {
			locks[i] = new Object();
		}
		return locks;
	}

	/**
	 * A lane's pollers: {@code size} threads that end after a minute idle, and a queue
	 * with no bound of its own (a check is in at most one lane at a time). A stop
	 * interrupts the polls under way and waits for them at most one poll timeout.
	 */
	private ThreadPoolTaskExecutor lane(String prefix, int size) {
		ThreadPoolTaskExecutor lane = this.executors.corePoolSize(size)
			.maxPoolSize(size)
			.queueCapacity(Integer.MAX_VALUE)
			.keepAlive(Duration.ofSeconds(60))
			.allowCoreThreadTimeOut(true)
			.threadNamePrefix(prefix)
			.build();
		lane.setDaemon(true);
		lane.setWaitForTasksToCompleteOnShutdown(false);
		lane.setAwaitTerminationMillis(this.properties.poll().timeout().toMillis());
		lane.initialize();
		return lane;
	}

	@Override
	public void stop() {
		this.running = false;
		wake();
		ThreadPoolTaskScheduler outage = this.outagePolls;
		this.outagePolls = null;
		if (outage != null) {
			outage.shutdown();
		}
		awaitLoop();
		Pollers stopped = this.pollers;
		this.pollers = null;
		if (stopped == null) {
			return;
		}
		// Interrupt every lane's polls first, then wait for each: the lanes wind down
		// together, within one poll timeout.
		for (ThreadPoolTaskExecutor lane : stopped.all()) {
			lane.getThreadPoolExecutor().shutdownNow();
		}
		for (ThreadPoolTaskExecutor lane : stopped.all()) {
			lane.shutdown();
		}
	}

	/**
	 * Let the claim loop see that it stops (it ends its claim first), at most 5 s.
	 */
	private void awaitLoop() {
		Future<?> claimLoop = this.loop;
		ThreadPoolTaskExecutor loopThread = this.claims;
		this.loop = null;
		this.claims = null;
		try {
			if (claimLoop != null) {
				claimLoop.get(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// It failed (nothing to wait for), or a claim holds it: it ends after the
			// claim, which finds the lanes gone.
		}
		if (loopThread != null) {
			loopThread.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private enum Lane {

		MAIN, SLOW, FIRST

	}

	/**
	 * The pollers of the three lanes.
	 *
	 * @param main the main lane's
	 * @param slow the slow lane's
	 * @param firstPoll the first-poll lane's
	 */
	private record Pollers(ThreadPoolTaskExecutor main, ThreadPoolTaskExecutor slow, ThreadPoolTaskExecutor firstPoll) {

		List<ThreadPoolTaskExecutor> all() {
			return List.of(this.main, this.slow, this.firstPoll);
		}

	}

	/**
	 * Where a check is polled.
	 *
	 * @param lane its lane
	 * @param target the target it was placed for (a new target is placed anew)
	 * @param since when it was placed there ({@link System#nanoTime()})
	 */
	private record Placement(Lane lane, String target, long since) {

	}

}
