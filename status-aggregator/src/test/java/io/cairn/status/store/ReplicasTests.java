package io.cairn.status.store;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cairn.status.StatusAggregatorApplication;
import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckSource;
import io.cairn.status.poll.PollScheduler;
import io.cairn.status.testsupport.CheckEndpoints;
import io.cairn.status.testsupport.Http;
import io.cairn.status.testsupport.TestBeans;
import io.cairn.support.test.SharedPostgres;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Several application contexts on one database: a restart keeps every check and its last
 * state; two replicas poll each check once per interval between them, either answers
 * {@code /status}, and one takes over the other's share when it stops.
 */
class ReplicasTests {

	private static final CheckEndpoints endpoints = new CheckEndpoints();

	@AfterAll
	static void stop() {
		endpoints.close();
	}

	@Test
	void aRestartKeepsChecksAndTheirLastState() {
		String database = SharedPostgres.newDatabase();
		String list;
		String status;
		String history;
		try (ConfigurableApplicationContext first = start(database, "restart-1")) {
			Http http = http(first);
			http.post("/check/add", "{\"id\": \"web\", \"url\": \"" + endpoints.url("/ok") + "\"}");
			http.post("/check/add", "{\"id\": \"db\", \"url\": \"" + endpoints.url("/warning") + "\"}");
			http.post("/checks", "{\"id\": \"cache\", \"url\": {\"addr\": \"" + endpoints.url("/nested")
					+ "\", \"jsonpath\": \"a/b/status\"}, \"tags\": [\"t1\"]}");
			awaitTrue(() -> http.get("/checks").body().split("\"lastPolled\"").length == 4);
			// A result is shown as soon as it is taken in, and written (with its history)
			// by
			// the flusher a moment later: wait for the written state before comparing.
			first.getBean(io.cairn.status.poll.ResultFlusher.class).flush();
			awaitTrue(() -> http.get("/checks/db/history").body().contains("\"to\":\"WARNING\""));
			list = http.get("/check/list").body();
			status = http.get("/status").body();
			history = http.get("/checks/db/history").body();
			assertThat(status).contains("\"status\": \"Warning\"");
		}
		try (ConfigurableApplicationContext second = start(database, "restart-2")) {
			Http http = http(second);
			// The clock has not moved: nothing is due, so this is the stored state.
			assertThat(http.get("/check/list").body()).isEqualTo(list);
			assertThat(http.get("/status").body()).isEqualTo(status);
			assertThat(http.get("/checks/db/history").body()).isEqualTo(history).contains("\"to\":\"WARNING\"");
			assertThat(http.get("/checks/cache").body()).contains("\"tags\":[\"t1\"]")
				.contains("\"jsonpath\":\"a/b/status\"");
		}
	}

	@Test
	void twoReplicasPollEachCheckOncePerIntervalAndBothAnswer() {
		String database = SharedPostgres.newDatabase();
		int count = 30;
		try (ConfigurableApplicationContext a = start(database, "replica-a");
				ConfigurableApplicationContext b = start(database, "replica-b")) {
			Http httpA = http(a);
			Http httpB = http(b);
			for (int i = 0; i < count; i++) {
				httpA.post("/check/add", "{\"id\": \"c" + i + "\", \"url\": \"" + endpoints.url("/slow-r" + i) + "\"}");
			}
			awaitTrue(() -> IntStream.range(0, count).allMatch((i) -> endpoints.hits("/slow-r" + i) >= 1));
			awaitTrue(() -> httpA.get("/status").body().contains("Everything is OK!")
					&& httpB.get("/status").body().equals(httpA.get("/status").body()));
			// The clock has not moved, so nothing can be due again: each check was polled
			// exactly once.
			assertThat(IntStream.range(0, count).map((i) -> endpoints.hits("/slow-r" + i))).containsOnly(1);

			TestBeans.CLOCK.advance(Duration.ofSeconds(31));
			a.getBean(PollScheduler.class).wake();
			b.getBean(PollScheduler.class).wake();
			awaitTrue(() -> IntStream.range(0, count).allMatch((i) -> endpoints.hits("/slow-r" + i) >= 2));
			assertThat(IntStream.range(0, count).map((i) -> endpoints.hits("/slow-r" + i))).containsOnly(2);
			// the endpoints have been asked; wait for the answers to be taken in
			awaitTrue(() -> a.getBean(PollScheduler.class).completedPolls()
					+ b.getBean(PollScheduler.class).completedPolls() == 2L * count);
			long polledByA = a.getBean(PollScheduler.class).completedPolls();
			long polledByB = b.getBean(PollScheduler.class).completedPolls();
			assertThat(polledByA).isPositive();
			assertThat(polledByB).isPositive();

			// replica-a stops: replica-b polls every check
			a.close();
			TestBeans.CLOCK.advance(Duration.ofSeconds(31));
			b.getBean(PollScheduler.class).wake();
			awaitTrue(() -> IntStream.range(0, count).allMatch((i) -> endpoints.hits("/slow-r" + i) >= 3));
			assertThat(IntStream.range(0, count).map((i) -> endpoints.hits("/slow-r" + i))).containsOnly(3);
			assertThat(httpB.get("/status").body()).contains("Everything is OK!");
		}
	}

	/**
	 * Faults defect 4: after a stall of an interval or more (a paused replica, a database
	 * outage) the claim moved the next poll to exactly now, so the check was due again at
	 * the next claim of any replica and polled twice in one interval.
	 */
	@Test
	void aCheckOverdueByIntervalsIsClaimedByOneReplicaPerInterval() {
		DataSource dataSource = migratedDatabase();
		CheckStore replicaA = new CheckStore(JdbcClient.create(dataSource), new JdbcTemplate(dataSource));
		CheckStore replicaB = new CheckStore(JdbcClient.create(dataSource), new JdbcTemplate(dataSource));
		Duration interval = Duration.ofSeconds(10);
		Instant added = TestBeans.START;
		replicaA.save(new CheckDefinition("c", CheckKind.HTTP, "http://127.0.0.1:1/status", null, null, CheckSource.API,
				List.of(), interval, null, null, null, null, 0, added), added, 10);

		assertThat(replicaA.claimDue(added, "replica-a", 10, interval)).extracting(Claim::leaseUntil)
			.containsExactly(added.plus(interval));
		// Replica A stalls for two and a half intervals; nobody polls meanwhile.
		Instant resumed = added.plusSeconds(35);
		List<Claim> claims = replicaA.claimDue(resumed, "replica-a", 10, interval);
		assertThat(claims).extracting(Claim::leaseUntil).containsExactly(resumed.plus(interval));
		// Within that interval no replica may claim it again, at its next claim or later.
		assertThat(replicaB.claimDue(resumed.plusMillis(250), "replica-b", 10, interval)).isEmpty();
		assertThat(replicaB.claimDue(resumed.plus(interval).minusMillis(1), "replica-b", 10, interval)).isEmpty();
		assertThat(replicaB.claimDue(resumed.plus(interval), "replica-b", 10, interval)).extracting(Claim::checkId)
			.containsExactly("c");
	}

	/**
	 * The live-check count the {@code max-checks} cap reads is kept by every add, revive
	 * and delete, from any replica, instead of counting every check per new one (which
	 * made adding 100,000 checks cost O(n^2), issue 18).
	 */
	@Test
	void theCapReadsALiveCountThatEveryAddReviveAndDeleteKeeps() {
		DataSource dataSource = migratedDatabase();
		CheckStore replicaA = new CheckStore(JdbcClient.create(dataSource), new JdbcTemplate(dataSource));
		CheckStore replicaB = new CheckStore(JdbcClient.create(dataSource), new JdbcTemplate(dataSource));
		JdbcClient jdbc = JdbcClient.create(dataSource);
		Instant now = TestBeans.START;
		replicaA.save(check("a", now), now, 3);
		replicaB.save(check("b", now), now, 3);
		replicaA.save(check("c", now), now, 3);
		// a definition changed is not a new check
		replicaB.save(check("a", now), now, 3);
		assertThatExceptionOfType(TooManyChecksException.class)
			.isThrownBy(() -> replicaB.save(check("d", now), now, 3));
		replicaA.deleteAll(List.of("a", "b", "missing"), now);
		replicaB.save(check("d", now), now, 3);
		// a deleted check added again counts again
		replicaA.save(check("a", now), now, 3);
		assertThatExceptionOfType(TooManyChecksException.class)
			.isThrownBy(() -> replicaA.save(check("b", now), now, 3));
		long counted = jdbc.sql("SELECT count(*) FROM status_check WHERE NOT deleted").query(Long.class).single();
		long kept = jdbc.sql("SELECT live_checks FROM status_sync WHERE id = 1").query(Long.class).single();
		assertThat(kept).isEqualTo(counted).isEqualTo(3);
	}

	/** A new database with the app's schema, for tests that use stores directly. */
	private static DataSource migratedDatabase() {
		DataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), SharedPostgres.newDatabase(),
				SharedPostgres.user(), SharedPostgres.password());
		Flyway.configure().dataSource(dataSource).load().migrate();
		return dataSource;
	}

	private static CheckDefinition check(String id, Instant at) {
		return new CheckDefinition(id, CheckKind.HTTP, "http://127.0.0.1:1/" + id, null, null, CheckSource.API,
				List.of(), Duration.ofSeconds(10), null, null, null, null, 0, at);
	}

	/**
	 * Found by the fault suite (status.postgres-stopped-30s, 287 checks polled twice
	 * after the outage): both replicas polled their own checks from memory through the
	 * outage, and the one whose claims worked first claimed the other's, whose schedule
	 * was still the one before the outage. In its grace a replica leaves them to their
	 * holder.
	 */
	@Test
	void rightAfterAnOutageAReplicaClaimsOnlyTheChecksItOrNobodyClaimedLast() {
		DataSource dataSource = migratedDatabase();
		CheckStore store = new CheckStore(JdbcClient.create(dataSource), new JdbcTemplate(dataSource));
		Duration interval = Duration.ofSeconds(10);
		Instant added = TestBeans.START;
		for (String id : List.of("a1", "b1", "new")) {
			store.save(new CheckDefinition(id, CheckKind.HTTP, "http://127.0.0.1:1/" + id, null, null, CheckSource.API,
					List.of(), interval, null, null, null, null, 0, added), added, 10);
		}
		Duration min = Duration.ofSeconds(1);
		Duration max = Duration.ofDays(1);
		assertThat(store.claimDue(added, "replica-a", 1, interval, min, max, false)).extracting(Claim::checkId)
			.containsExactly("a1");
		assertThat(store.claimDue(added, "replica-b", 1, interval, min, max, false)).extracting(Claim::checkId)
			.containsExactly("b1");
		// the outage: nobody claims for 30 s; replica B's claims work first
		Instant resumed = added.plusSeconds(30);
		assertThat(store.claimDue(resumed, "replica-b", 10, interval, min, max, true)).extracting(Claim::checkId)
			.containsExactlyInAnyOrder("b1", "new");
		// after its grace it takes what is still due, as it would a dead replica's checks
		assertThat(store.claimDue(resumed.plusSeconds(10), "replica-b", 10, interval, min, max, false))
			.extracting(Claim::checkId)
			.contains("a1");
	}

	/**
	 * A replica that claimed a check and stalled before polling it (here: its claims wait
	 * for a database connection, and its only first-poll poller for a target that does
	 * not answer) must not poll it once its lease has ended: the other replica has
	 * claimed and polled it by then.
	 */
	@Test
	void aReplicaThatStalledPastItsLeaseDoesNotPoll() throws Exception {
		String database = SharedPostgres.newDatabase();
		JdbcClient jdbc = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), database,
				SharedPostgres.user(), SharedPostgres.password()));
		CheckEndpoints hanging = new CheckEndpoints();
		try (ConfigurableApplicationContext a = start(database, "stall-a",
				"--cairn.status.poll.first-poll-concurrency=1", "--cairn.status.poll.read-timeout=60s",
				"--cairn.status.poll.timeout=60s", "--spring.datasource.hikari.maximum-pool-size=2",
				"--spring.datasource.hikari.connection-timeout=120000")) {
			Http httpA = http(a);
			httpA.post("/checks",
					"{\"id\": \"hold\", \"url\": \"" + hanging.url("/hang") + "\", \"interval\": \"1m\"}");
			awaitTrue(() -> hanging.hits("/hang") == 1);
			httpA.post("/checks",
					"{\"id\": \"x\", \"url\": \"" + endpoints.url("/ok-stall") + "\", \"interval\": \"10s\"}");
			awaitTrue(() -> "stall-a".equals(jdbc.sql("SELECT claimed_by FROM status_check WHERE id = 'x'")
				.query(String.class)
				.optional()
				.orElse(null)));
			// Replica A holds the claim on x, its poll queued behind the hanging one, and
			// stalls: its next claims wait for a connection of its pool.
			PollScheduler pollerA = a.getBean(PollScheduler.class);
			DataSource poolA = a.getBean(DataSource.class);
			try (Connection held = poolA.getConnection(); Connection alsoHeld = poolA.getConnection()) {
				// The lease runs out; replica B claims x and polls it.
				TestBeans.CLOCK.advance(Duration.ofSeconds(11));
				try (ConfigurableApplicationContext b = start(database, "stall-b")) {
					awaitTrue(() -> b.getBean(PollScheduler.class).completedPolls() == 1);
					assertThat(endpoints.hits("/ok-stall")).isEqualTo(1);
					// Replica A resumes polling: the hanging poll ends, x comes next.
					hanging.close();
					awaitTrue(() -> pollerA.completedPolls() + pollerA.expiredClaims() == 2);
					assertThat(endpoints.hits("/ok-stall")).as("x polled twice in one interval").isEqualTo(1);
					assertThat(pollerA.expiredClaims()).isEqualTo(1);
				}
			}
		}
		finally {
			hanging.close();
		}
	}

	static ConfigurableApplicationContext start(String database, String replica, String... more) {
		// Command-line arguments, so that they beat application.yaml (server.port=18001).
		String[] args = { "--server.port=0", "--spring.datasource.url=" + database,
				"--spring.datasource.username=" + SharedPostgres.user(), "--cairn.status.replica-id=" + replica,
				"--cairn.status.sync-interval=100ms", "--cairn.status.poll.claim-interval=100ms",
				"--cairn.status.poll.flush-interval=50ms", "--cairn.status.poll.concurrency=2",
				"--cairn.status.security.allow-loopback=true", "--cairn.data-dir=target/test-data" };
		return new SpringApplicationBuilder(StatusAggregatorApplication.class, TestBeans.class)
			.run(Stream.concat(Arrays.stream(args), Arrays.stream(more)).toArray(String[]::new));
	}

	static Http http(ConfigurableApplicationContext context) {
		return new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	static void awaitTrue(java.util.function.BooleanSupplier condition) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(condition::getAsBoolean);
	}

}
