package io.cairn.status.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.status.aggregate.Contribution;
import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.store.CheckStore;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Compares every check's state with the open alerts, every {@code evaluate-every}, on a
 * thread of its own ({@code status-alerter-1}, from Boot's scheduler builder, built at
 * start and closed at stop; not the shared timers, so that a slow write of an open alert
 * never delays a result flush), and hands what {@link AlertGate} decides to the
 * {@link AlertSender} for each provider the check is routed to. It reads
 * {@link LiveChecks}, which the pollers feed, and never waits for a provider: polling is
 * never delayed by alerts.
 * <p>
 * One replica alerts at a time, the holder of the {@code alerts} lease, so two replicas
 * do not both send. The open alerts are kept in the database, so a restart or a takeover
 * neither opens them again nor forgets to resolve them. While the database cannot be
 * reached the holder keeps alerting until the lease it holds runs out (nobody else can
 * take it before then).
 */
public class Alerter implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(Alerter.class);

	static final String LEASE = "alerts";

	private final LiveChecks live;

	private final AlertGate gate;

	private final AlertRoutes routes;

	private final AlertSender sender;

	private final AlertStore alerts;

	private final CheckStore store;

	private final Clock clock;

	private final String replicaId;

	private final Duration leaseTime;

	private final Duration evaluateEvery;

	private final boolean enabled;

	private final Map<String, OpenAlert> open = new ConcurrentHashMap<>();

	private final ThreadPoolTaskSchedulerBuilder schedulers;

	private @Nullable ThreadPoolTaskScheduler timer;

	private Instant leaseUntil = Instant.MIN;

	private Instant nextRenewal = Instant.MIN;

	private volatile boolean leader;

	Alerter(LiveChecks live, AlertGate gate, AlertRoutes routes, AlertSender sender, AlertStore alerts,
			CheckStore store, Clock clock, String replicaId, Duration leaseTime, Duration evaluateEvery,
			boolean enabled, MeterRegistry meters, ThreadPoolTaskSchedulerBuilder schedulers) {
		this.schedulers = schedulers;
		this.live = live;
		this.gate = gate;
		this.routes = routes;
		this.sender = sender;
		this.alerts = alerts;
		this.store = store;
		this.clock = clock;
		this.replicaId = replicaId;
		this.leaseTime = leaseTime;
		this.evaluateEvery = evaluateEvery;
		this.enabled = enabled;
		Gauge.builder("cairn.status.alerts.open", this.open, Map::size)
			.description("Checks with an open alert (on the replica that alerts)")
			.register(meters);
	}

	/**
	 * Whether this replica sends the alerts.
	 * @return true while it holds the alerts lease
	 */
	public boolean leader() {
		return this.leader;
	}

	/**
	 * The open alerts, oldest first.
	 * @return the alerts (empty on replicas that do not alert)
	 */
	public List<OpenAlert> openAlerts() {
		return this.open.values()
			.stream()
			.sorted(Comparator.comparing(OpenAlert::openedAt).thenComparing(OpenAlert::checkId))
			.toList();
	}

	/**
	 * One round: renew the lease when due, then, while holding it, send what changed.
	 * Runs on the alerter's thread (tests call it to run a round at once).
	 */
	synchronized void tick() {
		Instant now = this.clock.instant();
		if (!now.isBefore(this.nextRenewal)) {
			renewLease(now);
		}
		this.leader = now.isBefore(this.leaseUntil);
		if (!this.leader) {
			return;
		}
		evaluate(now);
		this.sender.summarise(now);
	}

	private void renewLease(Instant now) {
		this.nextRenewal = now.plus(this.leaseTime.dividedBy(3));
		try {
			boolean held = this.store.tryLease(LEASE, this.replicaId, now, this.leaseTime);
			if (held && !this.leader) {
				this.open.clear();
				for (OpenAlert alert : this.alerts.all()) {
					this.open.put(alert.checkId(), alert);
				}
				logger.info("This replica sends the alerts now (" + this.open.size() + " open)");
			}
			this.leaseUntil = held ? now.plus(this.leaseTime) : Instant.MIN;
		}
		catch (RuntimeException ex) {
			// The lease held so far still counts: nobody can take it before it ends.
			logger.debug("Could not renew the alerts lease: " + ex.getClass().getSimpleName());
		}
	}

	private void evaluate(Instant now) {
		Set<String> seen = new HashSet<>();
		for (LiveChecks.View view : this.live.list()) {
			TrackedCheck check = view.check();
			seen.add(check.id());
			OpenAlert open = this.open.get(check.id());
			Alert.Kind kind = this.gate.decide(check, view.contribution(), view.flap(), open, now);
			if (kind != null) {
				send(kind, check, view.contribution(), open, now);
			}
		}
		for (OpenAlert gone : List.copyOf(this.open.values())) {
			if (!seen.contains(gone.checkId())) {
				forget(gone.checkId());
				Alert resolved = Alert.of(Alert.Kind.RESOLVED, gone.checkId(), CheckStatus.OK, gone.status(),
						"the check was deleted", gone.openedAt(), now);
				for (String provider : gone.providers()) {
					this.sender.offer(provider, resolved);
				}
			}
		}
	}

	private void send(Alert.Kind kind, TrackedCheck check, Contribution contribution, @Nullable OpenAlert open,
			Instant now) {
		if (kind == Alert.Kind.RESOLVED && open != null) {
			Alert resolved = Alert.of(kind, check.id(), contribution.status(), open.status(), contribution.message(),
					open.openedAt(), now);
			forget(check.id());
			for (String provider : open.providers()) {
				this.sender.offer(provider, resolved);
			}
			return;
		}
		// A new alert dates from the check's change; one already open keeps its start.
		Instant changedAt = check.state().changedAt();
		Instant openedAt = (open != null) ? open.openedAt() : (changedAt != null) ? changedAt : now;
		CheckStatus previous = (open == null) ? CheckStatus.OK
				: (kind == Alert.Kind.REMINDER) ? contribution.status() : open.status();
		Alert alert = Alert.of(kind, check.id(), contribution.status(), previous, contribution.message(), openedAt,
				now);
		Set<String> providers = this.routes.providersFor(check);
		for (String provider : providers) {
			this.sender.offer(provider, alert);
		}
		if (open != null) {
			providers.addAll(open.providers());
		}
		remember(new OpenAlert(check.id(), contribution.status(), openedAt, now, List.copyOf(providers)));
	}

	private void remember(OpenAlert alert) {
		this.open.put(alert.checkId(), alert);
		try {
			this.alerts.save(alert);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record the open alert of " + alert.checkId() + ": " + ex.getClass().getSimpleName());
		}
	}

	private void forget(String checkId) {
		this.open.remove(checkId);
		try {
			this.alerts.delete(checkId);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record the resolved alert of " + checkId + ": " + ex.getClass().getSimpleName());
		}
	}

	@Override
	public void start() {
		if (!this.enabled) {
			// No provider: no lease taken, no thread, nothing read.
			return;
		}
		ThreadPoolTaskScheduler evaluator = this.schedulers.poolSize(1).threadNamePrefix("status-alerter-").build();
		evaluator.setDaemon(true);
		// A round under way is interrupted at stop.
		evaluator.setWaitForTasksToCompleteOnShutdown(false);
		evaluator.initialize();
		evaluator.getScheduledExecutor()
			.scheduleWithFixedDelay(this::tickSafely, 0, this.evaluateEvery.toMillis(), TimeUnit.MILLISECONDS);
		this.timer = evaluator;
	}

	private void tickSafely() {
		try {
			tick();
		}
		catch (RuntimeException ex) {
			logger.warn("Alert round failed: " + ex, ex);
		}
	}

	/**
	 * Stop alerting. The sender stays open (its bean closes it): a stopped context (the
	 * test framework pauses cached ones) may start again.
	 */
	@Override
	public synchronized void stop() {
		ThreadPoolTaskScheduler evaluator = this.timer;
		if (evaluator != null) {
			evaluator.shutdown();
			this.timer = null;
		}
		if (this.leader) {
			try {
				this.store.releaseLease(LEASE, this.replicaId);
			}
			catch (RuntimeException ex) {
				// the lease runs out by itself
			}
		}
		// A start takes the lease again and reloads the open alerts.
		this.leader = false;
		this.leaseUntil = Instant.MIN;
		this.nextRenewal = Instant.MIN;
	}

	@Override
	public boolean isRunning() {
		return this.timer != null;
	}

}
