package io.cairn.faults;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * status-aggregator: two replicas on one PostgreSQL process, 1,000 checks polled every 10
 * s (targets in this JVM record every poll), {@code /status} read from both replicas five
 * times a second, through a replica killed with SIGKILL and PostgreSQL stopped for 30 s.
 * In each scenario one target turns Critical and back, so that what {@code /status}
 * answers can be judged against what the targets say. Writes carry the token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusAggregatorFaultsIT {

	private static final String TOKEN = "faults-status-token";

	/** A check as Megaphone's message lists it: {@code id:Status:message}. */
	private static final Pattern LISTED = Pattern.compile("(c\\d{4}):(OK|Unknown|Warning|Critical):");

	private static final int CHECKS = 1000;

	private static final Duration INTERVAL = Duration.ofSeconds(10);

	/**
	 * How long a change at a target may take to show in {@code /status} on every replica:
	 * one interval, the replicas' sync (1 s) and the result flush (200 ms), with slack.
	 */
	private static final Duration GRACE = INTERVAL.plusSeconds(4);

	private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("faults.status.outage", 30));

	private final List<String> checks = new ArrayList<>();

	private final List<String> warnings = List.of("c0001", "c0002", "c0003", "c0004", "c0005");

	/** When each check last changed at its target (nanoTime), for the grace rule. */
	private final Map<String, Long> changedAt = new ConcurrentHashMap<>();

	private PostgresProcess postgres;

	private CheckTargets targets;

	private List<AppProcess> replicas;

	private StatusProbe probe;

	@BeforeAll
	void start() throws Exception {
		Scenarios.assumeSelected("status");
		this.postgres = new PostgresProcess("status").start();
		this.postgres.createDatabase("status");
		this.targets = new CheckTargets(4);
		this.replicas = List.of(replica("status-1"), replica("status-2"));
		this.replicas.forEach(AppProcess::start);
		CompletableFuture
			.allOf(this.replicas.stream()
				.map((replica) -> CompletableFuture.runAsync(() -> replica.awaitReady(Duration.ofMinutes(3))))
				.toArray(CompletableFuture[]::new))
			.join();
		for (int i = 0; i < CHECKS; i++) {
			String id = String.format("c%04d", i);
			this.checks.add(id);
			if (this.warnings.contains(id)) {
				this.targets.status(id, "Warning");
			}
			String body = "{\"id\":\"" + id + "\",\"url\":\"" + this.targets.url(id, i) + "\",\"interval\":\""
					+ INTERVAL.toSeconds() + "s\"}";
			HttpResponse<String> response = Http.send("POST", this.replicas.get(i % 2).uri("/checks"), TOKEN, body);
			if (response.statusCode() != 201 && response.statusCode() != 200) {
				throw new IllegalStateException(
						"POST /checks answered " + response.statusCode() + ": " + response.body());
			}
		}
		this.probe = new StatusProbe();
		Deadline.await("every check polled and /status Warning on both replicas", Duration.ofSeconds(60),
				() -> this.targets.allPolledAfter(this.checks, 0).toNanos() >= 0 && this.probe.rightNow());
		this.probe.start();
		// Three intervals undisturbed: the schedule the faults are compared with.
		long from = System.nanoTime();
		Deadline.hold(INTERVAL.multipliedBy(3));
		CheckTargets.Schedule steady = this.targets.schedule(this.checks, from, System.nanoTime(), INTERVAL);
		Results results = new Results("status.steady-state");
		results.figure("checks", CHECKS)
			.figure("polledTwiceInOneInterval", steady.doubles())
			.figure("late", steady.late())
			.figure("intervalsNotPolled", steady.missed())
			.figure("wrongStatusAnswers", this.probe.wrong.get() + "/" + this.probe.answers.get());
		results.report();
	}

	private AppProcess replica(String name) {
		return new AppProcess(name, null, Jvm.jar("status-aggregator"), "127.0.0.1", Jvm.freePort(),
				"/actuator/health/readiness",
				List.of("--spring.datasource.url=" + this.postgres.jdbcUrl("status"),
						"--spring.datasource.username=" + this.postgres.username(),
						"--spring.datasource.password=" + this.postgres.password(), "--cairn.security.token=" + TOKEN,
						"--cairn.status.replica-id=" + name, "--cairn.data-dir=" + Jvm.workDirectory(name),
						// The check targets are the suite's own servers on this host.
						"--cairn.status.security.allow-loopback=true", "--logging.level.root=WARN"));
	}

	@AfterAll
	void stop() {
		if (this.probe != null) {
			this.probe.close();
		}
		if (this.replicas != null) {
			this.replicas.forEach(AppProcess::close);
		}
		if (this.targets != null) {
			this.targets.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	@Order(1)
	void killOneReplica() throws Exception {
		Results results = new Results("status.kill-9-one-replica");
		this.probe.reset();
		AppProcess victim = this.replicas.get(1);
		long killedAt = System.nanoTime();
		victim.kill();
		this.probe.only(this.replicas.get(0));
		flip("c0500", "Critical");
		long flippedAt = System.nanoTime();
		Duration seen = Deadline.measure(INTERVAL.multipliedBy(4), () -> this.probe.shows("c0500", "Critical"));
		Deadline.hold(INTERVAL.multipliedBy(2));
		flip("c0500", "OK");
		Deadline.hold(INTERVAL.multipliedBy(2));
		long end = System.nanoTime();
		CheckTargets.Schedule schedule = this.targets.schedule(this.checks, killedAt, end, INTERVAL);
		Duration takeover = this.targets.allPolledAfter(this.checks, killedAt);
		results.figure("polledTwiceInOneInterval", schedule.doubles())
			.figure("late", schedule.late())
			.figure("intervalsNotPolled", schedule.missed())
			.seconds("longestGap", schedule.longestGap())
			.within("everyCheckPolledAgainAfterKill", takeover, INTERVAL.multipliedBy(2))
			.within("criticalShownAfter", seen, GRACE)
			.figure("wrongStatusAnswers", this.probe.wrong.get() + "/" + this.probe.answers.get())
			.figure("staleListingAnswers", this.probe.stale.get())
			.require(schedule.doubles() == 0, "no check polled twice in one interval")
			.require(this.probe.wrong.get() == 0, "no wrong /status answer");
		victim.start();
		victim.awaitReady(Duration.ofMinutes(3));
		this.probe.all();
		results.report();
	}

	@Test
	@Order(2)
	void databaseOutage() throws Exception {
		Results results = new Results("status.postgres-stopped-" + OUTAGE.toSeconds() + "s");
		this.probe.reset();
		long stoppedAt = System.nanoTime();
		this.postgres.stop();
		Deadline.hold(Duration.ofSeconds(5));
		flip("c0600", "Critical");
		long flippedAt = System.nanoTime();
		Deadline.hold(OUTAGE.minusSeconds(5));
		this.postgres.start();
		long startedAt = System.nanoTime();
		Duration seen = Deadline.measure(Duration.ofSeconds(120), () -> this.probe.shows("c0600", "Critical"));
		Duration resumed = Deadline.measure(Duration.ofSeconds(120),
				() -> this.targets.allPolledAfter(this.checks, startedAt).toNanos() >= 0);
		Deadline.hold(INTERVAL);
		flip("c0600", "OK");
		Deadline.hold(INTERVAL.multipliedBy(2));
		long end = System.nanoTime();
		CheckTargets.Schedule during = this.targets.schedule(this.checks, stoppedAt, startedAt, INTERVAL);
		CheckTargets.Schedule after = this.targets.schedule(this.checks, startedAt, end, INTERVAL);
		Duration criticalShown = seen.isNegative() ? seen : Duration.ofNanos(startedAt - flippedAt).plus(seen);
		results.figure("polledDuringOutage", this.targets.pollsBetween(this.checks, stoppedAt, startedAt))
			.figure("intervalsNotPolledDuringOutage", during.missed())
			.figure("polledTwiceInOneIntervalAfter", after.doubles())
			.within("everyCheckPolledAgainAfterStart", resumed, INTERVAL.multipliedBy(2))
			.seconds("criticalDuringOutageShownAfter", criticalShown)
			.figure("wrongStatusAnswers", this.probe.wrong.get() + "/" + this.probe.answers.get())
			.figure("staleListingAnswers", this.probe.stale.get())
			.figure("errorAnswers", this.probe.errors.get())
			.require(after.doubles() == 0, "no check polled twice in one interval after the outage")
			.require(!seen.isNegative(), "a check that turned Critical during the outage is shown after it");
		results.report();
	}

	private void flip(String check, String status) {
		this.targets.status(check, status);
		this.changedAt.put(check, System.nanoTime());
	}

	/**
	 * Reads {@code /status} from the live replicas five times a second and judges each
	 * answer against the targets: the status must be the worst of the targets' and the
	 * message must name every problem, except for checks that changed within the grace
	 * period. Checks listed only as stale are counted apart (the aggregator's declared
	 * behaviour when it cannot poll).
	 */
	final class StatusProbe implements AutoCloseable {

		final AtomicLong answers = new AtomicLong();

		final AtomicLong wrong = new AtomicLong();

		final AtomicLong stale = new AtomicLong();

		final AtomicLong errors = new AtomicLong();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private volatile List<AppProcess> live = StatusAggregatorFaultsIT.this.replicas;

		/** Why the last answer judged wrong was wrong. */
		private volatile String why = "";

		private final Thread thread = new Thread(this::run, "status-probe");

		void start() {
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void only(AppProcess replica) {
			this.live = List.of(replica);
		}

		void all() {
			this.live = StatusAggregatorFaultsIT.this.replicas;
		}

		void reset() {
			this.answers.set(0);
			this.wrong.set(0);
			this.stale.set(0);
			this.errors.set(0);
		}

		private void run() {
			while (this.running.get()) {
				for (AppProcess replica : this.live) {
					judge(replica);
				}
				Deadline.hold(Duration.ofMillis(200));
			}
		}

		boolean rightNow() {
			return this.live.stream().allMatch((replica) -> verdict(replica) == Verdict.RIGHT);
		}

		boolean shows(String check, String status) {
			return this.live.stream().allMatch((replica) -> {
				try {
					JsonNode answer = Http.getJson(replica.uri("/status"));
					return answer.path("message").asString().contains(check + ":" + status);
				}
				catch (Exception ex) {
					return false;
				}
			});
		}

		private void judge(AppProcess replica) {
			Verdict verdict = verdict(replica);
			this.answers.incrementAndGet();
			switch (verdict) {
				case WRONG -> {
					if (this.wrong.incrementAndGet() <= 3 || this.wrong.get() % 50 == 0) {
						System.out.println("status: wrong answer from " + replica + ": " + this.why);
					}
				}
				case STALE -> this.stale.incrementAndGet();
				case ERROR -> this.errors.incrementAndGet();
				default -> {
				}
			}
		}

		private Verdict verdict(AppProcess replica) {
			JsonNode answer;
			try {
				answer = Http.getJson(replica.uri("/status"));
			}
			catch (Exception ex) {
				return Verdict.ERROR;
			}
			long now = System.nanoTime();
			String message = answer.path("message").asString();
			String worst = "OK";
			boolean settled = true;
			for (Map.Entry<String, Long> change : StatusAggregatorFaultsIT.this.changedAt.entrySet()) {
				if (now - change.getValue() < GRACE.toNanos()) {
					settled = false;
				}
			}
			for (String check : StatusAggregatorFaultsIT.this.checks) {
				String status = StatusAggregatorFaultsIT.this.targets.status(check);
				if (!status.equals("OK")) {
					worst = worse(worst, status);
					if (settled && !message.contains(check + ":" + status)) {
						this.why = check + " is " + status + " at its target, not listed so: " + abbreviate(answer);
						return Verdict.WRONG;
					}
				}
			}
			if (settled && !answer.path("status").asString().equals(worst)) {
				this.why = "status should be " + worst + ": " + abbreviate(answer);
				return Verdict.WRONG;
			}
			Matcher listed = LISTED.matcher(message);
			while (listed.find()) {
				String status = listed.group(2);
				boolean problem = status.equals("Warning") || status.equals("Critical");
				if (settled && problem
						&& !StatusAggregatorFaultsIT.this.targets.status(listed.group(1)).equals(status)) {
					this.why = listed.group(1) + " listed as " + status + ", its target says "
							+ StatusAggregatorFaultsIT.this.targets.status(listed.group(1)) + ": " + abbreviate(answer);
					return Verdict.WRONG;
				}
			}
			return message.contains("stale") ? Verdict.STALE : Verdict.RIGHT;
		}

		private static String abbreviate(JsonNode answer) {
			String text = answer.toString();
			return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
		}

		private static String worse(String a, String b) {
			List<String> order = List.of("OK", "Unknown", "Warning", "Critical");
			return (order.indexOf(a) >= order.indexOf(b)) ? a : b;
		}

		@Override
		public void close() {
			this.running.set(false);
		}

	}

	enum Verdict {

		RIGHT, WRONG, STALE, ERROR

	}

}
