package io.cairn.status.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Polls checks in the background, each on its own interval.
 * <p>
 * A claim loop asks the database for checks that are due and moves each one's next poll
 * one interval ahead in the same statement ({@code FOR UPDATE SKIP LOCKED}), so with
 * several replicas on one database every check is polled once per interval by exactly one
 * of them, and the work spreads over the replicas that have free pollers. A replica that
 * dies mid-poll costs that check one interval; the stale rule shows it if it lasts.
 * <p>
 * Polls run on a bounded pool. A check whose last poll timed out is polled in a separate
 * slow lane, so a hundred hanging checks hold at most the slow lane's threads and never
 * delay the healthy ones. Adding a check (or asking for a poll) wakes the loop, so a new
 * check is polled at once.
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

	private final Set<String> slowChecks = ConcurrentHashMap.newKeySet();

	private final Set<String> inFlightChecks = ConcurrentHashMap.newKeySet();

	private final AtomicInteger mainInFlight = new AtomicInteger();

	private final AtomicLong completed = new AtomicLong();

	private final Object signal = new Object();

	private boolean woken;

	private volatile boolean backlog;

	private volatile boolean running;

	private volatile @Nullable Instant lastClaim;

	private volatile boolean claimFailing;

	private @Nullable Thread loop;

	private @Nullable ThreadPoolExecutor mainLane;

	private @Nullable ThreadPoolExecutor slowLane;

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

	private void runLoop() {
		Duration defaultInterval = this.properties.poll().interval();
		int concurrency = this.properties.poll().concurrency();
		while (this.running) {
			try {
				int free = concurrency - this.mainInFlight.get() - this.mainLane.getQueue().size();
				// With every poller busy, more checks may be due: a finishing poll wakes
				// the
				// loop then (and only then), so that free pollers are used at once.
				this.backlog = free <= 0;
				if (free > 0) {
					List<Claim> claims = this.store.claimDue(this.clock.instant(), this.replicaId, free,
							defaultInterval);
					this.lastClaim = this.clock.instant();
					if (this.claimFailing) {
						logger.info("Claiming due checks works again");
						this.claimFailing = false;
					}
					claims.forEach(this::dispatch);
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
		if (this.slowChecks.contains(claim.checkId())) {
			this.slowLane.execute(() -> poll(claim.checkId(), false));
		}
		else {
			this.mainInFlight.incrementAndGet();
			this.mainLane.execute(() -> poll(claim.checkId(), true));
		}
	}

	private void poll(String id, boolean mainLane) {
		try {
			TrackedCheck check = this.live.get(id);
			if (check == null) {
				check = this.store.find(id).orElse(null);
				if (check == null) {
					return;
				}
				this.live.put(check);
			}
			PollResult result = execute(check.definition());
			record(id, result);
			if (result.timedOut()) {
				this.slowChecks.add(id);
			}
			else {
				this.slowChecks.remove(id);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Polling check '" + id + "' failed unexpectedly", ex);
		}
		finally {
			this.inFlightChecks.remove(id);
			if (mainLane) {
				this.mainInFlight.decrementAndGet();
				if (this.backlog) {
					wake();
				}
			}
			this.completed.incrementAndGet();
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
	 * polls and for states reported by discovery sources.
	 * @param id the check
	 * @param result the result
	 */
	public void record(String id, PollResult result) {
		TrackedCheck current = this.live.get(id);
		if (current == null) {
			return;
		}
		Thresholds.Transition transition = this.thresholds.apply(current.state(), result);
		this.live.put(current.withState(transition.state()));
		this.flusher.add(new ResultWrite(id, transition.state(), transition.changed(),
				(current.state().polledAt() != null) ? current.state().status() : null, current.definition().tags()));
		this.metrics.polled(result);
	}

	/**
	 * Checks currently polled in the slow lane.
	 * @return their ids
	 */
	public Set<String> slowChecks() {
		return Set.copyOf(this.slowChecks);
	}

	/**
	 * Threads busy in each lane, for health.
	 * @return busy counts by lane
	 */
	public Map<String, Integer> busy() {
		return Map.of("main", this.mainInFlight.get(), "slow",
				(this.slowLane != null) ? this.slowLane.getActiveCount() : 0);
	}

	@Override
	public void start() {
		StatusProperties.Poll poll = this.properties.poll();
		this.mainLane = pool("status-poll-", poll.concurrency());
		this.slowLane = pool("status-poll-slow-", poll.slowLaneConcurrency());
		this.running = true;
		Thread thread = new Thread(this::runLoop, "status-poll-claims");
		thread.setDaemon(true);
		this.loop = thread;
		thread.start();
	}

	private static ThreadPoolExecutor pool(String prefix, int size) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
		factory.setDaemon(true);
		ThreadPoolExecutor executor = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), factory);
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	@Override
	public void stop() {
		this.running = false;
		wake();
		if (this.loop != null) {
			try {
				this.loop.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		for (ThreadPoolExecutor lane : new ThreadPoolExecutor[] { this.mainLane, this.slowLane }) {
			if (lane != null) {
				lane.shutdownNow();
			}
		}
		for (ThreadPoolExecutor lane : new ThreadPoolExecutor[] { this.mainLane, this.slowLane }) {
			if (lane != null) {
				try {
					lane.awaitTermination(this.properties.poll().timeout().toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
