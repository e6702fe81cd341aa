package io.cairn.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * registry-service: two replicas on one PostgreSQL process, 10,000 instances renewing
 * every 10 s (1,000 pings/s), new registrations at 5/s and lookups at 40/s, through a
 * replica killed with SIGKILL, PostgreSQL stopped for 60 s, and both replicas restarted
 * at once. Writes carry the token ({@code cairn.security.token}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryFaultsIT {

	private static final String TOKEN = "faults-registry-token";

	/**
	 * The registry's default TTL and flush window, stated here as the bounds use them.
	 */
	private static final Duration TTL = Duration.ofSeconds(60);

	private static final Duration FLUSH_WINDOW = Duration.ofSeconds(1);

	private static final Duration RENEW_EVERY = Duration.ofSeconds(10);

	private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("faults.registry.outage", 60));

	private PostgresProcess postgres;

	private List<AppProcess> replicas;

	private RegistryLoad load;

	@BeforeAll
	void start() throws Exception {
		Scenarios.assumeSelected("registry");
		this.postgres = new PostgresProcess("registry").start();
		this.postgres.createDatabase("registry");
		this.replicas = List.of(replica("registry-1"), replica("registry-2"));
		startAll(this.replicas);
		this.load = new RegistryLoad(this.replicas, TOKEN, RENEW_EVERY);
		long start = System.nanoTime();
		this.load.startRenewals();
		this.load.registerAll();
		System.out.printf("registry: %d instances registered through 2 replicas in %.1f s%n",
				this.load.instances.size(), (System.nanoTime() - start) / 1e9);
		this.load.start(5, 40);
		Deadline.hold(Duration.ofSeconds(15));
	}

	private AppProcess replica(String name) {
		return new AppProcess(name, null, Jvm.jar("registry-service"), "127.0.0.1", Jvm.freePort(),
				"/actuator/health/readiness",
				List.of("--spring.datasource.url=" + this.postgres.jdbcUrl("registry"),
						"--spring.datasource.username=" + this.postgres.username(),
						"--spring.datasource.password=" + this.postgres.password(), "--cairn.security.token=" + TOKEN,
						"--cairn.registry.ttl=" + TTL.toSeconds() + "s", "--cairn.data-dir=" + Jvm.workDirectory(name),
						"--logging.level.root=WARN"));
	}

	private static void startAll(List<AppProcess> replicas) {
		replicas.forEach(AppProcess::start);
		CompletableFuture
			.allOf(replicas.stream()
				.map((replica) -> CompletableFuture.runAsync(() -> replica.awaitReady(Duration.ofMinutes(3))))
				.toArray(CompletableFuture[]::new))
			.join();
	}

	@AfterAll
	void stop() {
		if (this.load != null) {
			this.load.close();
		}
		if (this.replicas != null) {
			this.replicas.forEach(AppProcess::close);
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	@Order(1)
	void killOneReplica() throws Exception {
		Results results = new Results("registry.kill-9-one-replica");
		RegistryLoad.Snapshot before = this.load.counters.snapshot();
		long killedAt = System.currentTimeMillis();
		AppProcess victim = this.replicas.get(0);
		victim.kill();
		Renewals renewals = renewalsLost(0, killedAt);
		Duration right = Deadline.measure(Duration.ofSeconds(60),
				() -> this.load.lookupsRight(this.replicas.get(1), TTL.minusSeconds(5)));
		System.out.println("registry: last wrong full lookup after the kill: " + this.load.lastLookupMismatch);
		Deadline.hold(Duration.ofSeconds(15));
		RegistryLoad.Snapshot during = this.load.counters.snapshot().minus(before);
		victim.start();
		Duration restart = victim.awaitReady(Duration.ofMinutes(3));
		int lost = acknowledgedRegistrationsLost();
		results.figure("acknowledgedRegistrationsLost", lost)
			.figure("renewalsLost", renewals.lost + "/" + renewals.checked)
			.seconds("oldestLostRenewalBeforeKill", renewals.oldest)
			.figure("http5xx", during.http5xx())
			.figure("refusedThenRetriedOnOther", during.unreachable())
			.figure("pingTimeouts", during.timeouts())
			.within("lookupsRightAfter", right, Duration.ofSeconds(5))
			.figure("wrongLookups", during.lookupsWrong())
			.seconds("replicaRestart", restart)
			.require(lost == 0, "no acknowledged registration lost")
			.require(renewals.oldest.compareTo(FLUSH_WINDOW.plusMillis(500)) <= 0,
					"renewals lost only within the flush window");
		results.report();
	}

	@Test
	@Order(2)
	void databaseOutage() throws Exception {
		Results results = new Results("registry.postgres-stopped-" + OUTAGE.toSeconds() + "s");
		RegistryLoad.Snapshot before = this.load.counters.snapshot();
		long stoppedAt = System.currentTimeMillis();
		this.postgres.stop();
		Deadline.hold(Duration.ofSeconds(20));
		this.replicas.get(0).threadDump("postgres-stopped");
		Deadline.hold(OUTAGE.minusSeconds(20));
		RegistryLoad.Snapshot outage = this.load.counters.snapshot().minus(before);
		long startedAt = System.currentTimeMillis();
		this.postgres.start();
		Duration right = Deadline.measure(Duration.ofSeconds(120), () -> this.replicas.stream()
			.allMatch((replica) -> this.load.lookupsRight(replica, TTL.minusSeconds(5))));
		System.out.println("registry: last wrong full lookup: " + this.load.lastLookupMismatch);
		// Two flush windows after the database answers again, what was acknowledged
		// during the outage must be in it.
		Deadline.hold(FLUSH_WINDOW.multipliedBy(2));
		int renewalsNotWritten = renewalsAcknowledgedDuringOutageNotWritten(stoppedAt, startedAt);
		// Give the expiry task several rounds on both replicas before counting.
		Deadline.hold(Duration.ofSeconds(10));
		RegistryLoad.Snapshot after = this.load.counters.snapshot().minus(before);
		int lost = acknowledgedRegistrationsLost();
		int wrongExpiries = wrongExpiries(stoppedAt);
		results.figure("acknowledgedRegistrationsLost", lost)
			.figure("pingsAcknowledgedDuringOutage", outage.acknowledged())
			.figure("pingErrorsDuringOutage", outage.pingErrors())
			.figure("pingTimeoutsDuringOutage", outage.timeouts())
			.figure("lookupsDuringOutage",
					outage.lookups() + " ok/" + outage.lookupErrors() + " errors/" + outage.lookupTimeouts()
							+ " timeouts")
			.figure("renewalsAcknowledgedInOutageNotWritten", renewalsNotWritten)
			.figure("http5xx", after.http5xx())
			.within("lookupsRightAfterStart", right, Duration.ofSeconds(30))
			.figure("expiriesWronglyFired", wrongExpiries)
			.require(lost == 0, "no acknowledged registration lost")
			.require(wrongExpiries == 0, "no expiry of an instance renewed within the TTL")
			.require(renewalsNotWritten == 0, "renewals acknowledged during the outage are written after it");
		results.report();
	}

	@Test
	@Order(3)
	void restartBothReplicasAtOnce() throws Exception {
		Results results = new Results("registry.restart-both-replicas");
		long stoppedAt = System.currentTimeMillis();
		CompletableFuture
			.allOf(this.replicas.stream()
				.map((replica) -> CompletableFuture.runAsync(replica::stop))
				.toArray(CompletableFuture[]::new))
			.join();
		Renewals renewals = renewalsLost(-1, stoppedAt);
		long start = System.nanoTime();
		startAll(this.replicas);
		Duration down = Duration.ofNanos(System.nanoTime() - start);
		Duration right = Deadline.measure(Duration.ofSeconds(120), () -> this.replicas.stream()
			.allMatch((replica) -> this.load.lookupsRight(replica, TTL.minusSeconds(5))));
		System.out.println("registry: last wrong full lookup: " + this.load.lastLookupMismatch);
		Deadline.hold(Duration.ofSeconds(10));
		int lost = acknowledgedRegistrationsLost();
		int wrongExpiries = wrongExpiries(stoppedAt);
		results.figure("acknowledgedRegistrationsLost", lost)
			.figure("renewalsLost", renewals.lost + "/" + renewals.checked)
			.seconds("bothDown", down)
			.within("lookupsRightAfterReady", right, Duration.ofSeconds(5))
			.figure("expiriesWronglyFired", wrongExpiries)
			.figure("http5xxWholeRun", this.load.counters.http5xx.get())
			.require(lost == 0, "no acknowledged registration lost")
			.require(renewals.lost == 0, "a graceful stop writes every pending renewal")
			.require(wrongExpiries == 0, "no expiry of an instance renewed within the TTL");
		results.report();
	}

	@Test
	@Order(4)
	void postgresKilled() throws Exception {
		Results results = new Results("registry.postgres-killed");
		long killedAt = System.currentTimeMillis();
		this.postgres.kill();
		long start = System.nanoTime();
		this.postgres.start();
		Duration recovered = Duration.ofNanos(System.nanoTime() - start);
		// Only registrations acknowledged before the crash can be lost by it; read before
		// their clients' next pings register them again.
		int lost = acknowledgedRegistrationsLost(killedAt);
		Duration right = Deadline.measure(Duration.ofSeconds(120), () -> this.replicas.stream()
			.allMatch((replica) -> this.load.lookupsRight(replica, TTL.minusSeconds(5))));
		System.out.println("registry: last wrong full lookup: " + this.load.lastLookupMismatch);
		results.figure("acknowledgedRegistrationsLost", lost)
			.seconds("postgresRestartedIn", recovered)
			.seconds("lookupsRightAfterStart", right)
			.require(lost == 0, "no acknowledged registration lost when PostgreSQL crashes");
		results.report();
	}

	// ------------------------------------------------------------------ the database's
	// view

	record Renewals(int checked, int lost, Duration oldest) {
	}

	/**
	 * Right after a replica stopped: of the instances whose last acknowledgement came
	 * from it ({@code replica}, or any with -1), those whose row does not hold that
	 * renewal. The registry stamps a renewal when it receives it, so a written one is at
	 * least the time the ping was sent; a lost one leaves the previous one, a renewal
	 * period older.
	 */
	private Renewals renewalsLost(int replica, long stoppedAt) throws SQLException {
		Map<String, Long> lastSeen = lastSeen();
		int checked = 0;
		int lost = 0;
		long oldest = -1;
		for (RegistryLoad.Instance instance : this.load.instances) {
			if (replica >= 0 && instance.lastAckReplica() != replica) {
				continue;
			}
			long sent = instance.lastAckSent();
			if (sent == 0) {
				continue;
			}
			checked++;
			Long seen = lastSeen.get(instance.endpoint());
			if (seen == null || seen < sent - 50) {
				lost++;
				oldest = Math.max(oldest, stoppedAt - sent);
			}
		}
		return new Renewals(checked, lost, Duration.ofMillis(Math.max(0, oldest)));
	}

	private Map<String, Long> lastSeen() throws SQLException {
		Map<String, Long> lastSeen = new HashMap<>();
		try (Connection connection = this.postgres.connect("registry");
				PreparedStatement statement = connection
					.prepareStatement("SELECT host, port, last_seen FROM registry_instance");
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				lastSeen.put(rows.getString(1) + ":" + rows.getInt(2), rows.getTimestamp(3).getTime());
			}
		}
		return lastSeen;
	}

	private int acknowledgedRegistrationsLost() throws SQLException {
		return acknowledgedRegistrationsLost(Long.MAX_VALUE);
	}

	private int acknowledgedRegistrationsLost(long before) throws SQLException {
		// Registrations acknowledged while the rows were being read may be missing from
		// them: only those acknowledged before the read began are judged.
		long readAt = System.currentTimeMillis();
		long judged = Math.min(before, readAt);
		Map<String, Long> rows = lastSeen();
		int lost = 0;
		long now = System.currentTimeMillis();
		for (RegistryLoad.Instance instance : this.load.instances) {
			if (instance.registeredAt > 0 && instance.registeredAt <= judged
					&& !rows.containsKey(instance.endpoint())) {
				lost++;
				System.out.println("registry: acknowledged, not in PostgreSQL: " + instance.describe(now));
			}
		}
		return lost;
	}

	/**
	 * EXPIRED events since {@code since} for instances acknowledged within the TTL before
	 * the event (with a second's margin for the clocks of one machine).
	 */
	private int wrongExpiries(long since) throws SQLException {
		Map<String, RegistryLoad.Instance> byEndpoint = new HashMap<>();
		this.load.instances.forEach((instance) -> byEndpoint.put(instance.endpoint(), instance));
		int wrong = 0;
		try (Connection connection = this.postgres.connect("registry");
				PreparedStatement statement = connection
					.prepareStatement("SELECT host, port, at FROM registry_event WHERE type = 'EXPIRED' AND at >= ?")) {
			statement.setTimestamp(1, new Timestamp(since));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					RegistryLoad.Instance instance = byEndpoint.get(rows.getString(1) + ":" + rows.getInt(2));
					long at = rows.getTimestamp(3).getTime();
					if (instance != null && instance.lastAckAtOrBefore(at) > at - TTL.toMillis() + 1000) {
						wrong++;
						if (wrong <= 3) {
							System.out.println("registry: EXPIRED at " + new Timestamp(at) + " for "
									+ instance.describe(at) + "; its events: " + events(connection, instance));
						}
					}
				}
			}
		}
		return wrong;
	}

	private static String events(Connection connection, RegistryLoad.Instance instance) throws SQLException {
		StringBuilder text = new StringBuilder();
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT type, at, change_index FROM registry_event WHERE host = ? AND port = ? ORDER BY id")) {
			statement.setString(1, instance.host);
			statement.setInt(2, instance.port);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					text.append(rows.getString(1))
						.append('@')
						.append(rows.getTimestamp(2))
						.append("#")
						.append(rows.getLong(3))
						.append(' ');
				}
			}
		}
		return text.toString();
	}

	/**
	 * Instances acknowledged during the outage, and not since, whose row still predates
	 * that acknowledgement.
	 */
	private int renewalsAcknowledgedDuringOutageNotWritten(long stoppedAt, long startedAt) throws SQLException {
		Map<String, Long> rows = lastSeen();
		int notWritten = 0;
		for (RegistryLoad.Instance instance : this.load.instances) {
			long ack = instance.lastAckAtOrBefore(startedAt);
			if (ack > stoppedAt + 2000 && instance.lastAck() <= startedAt) {
				Long seen = rows.get(instance.endpoint());
				if (seen == null || seen < ack - RENEW_EVERY.toMillis() / 2) {
					notWritten++;
				}
			}
		}
		return notWritten;
	}

}
