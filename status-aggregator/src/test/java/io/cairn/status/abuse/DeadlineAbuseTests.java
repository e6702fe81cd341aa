package io.cairn.status.abuse;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckSource;
import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.service.NewCheck;
import io.cairn.status.store.CheckStore;
import io.cairn.status.store.HistoryEntry;
import io.cairn.status.store.ResultWrite;
import io.cairn.status.testsupport.AppTestBase;
import io.cairn.status.testsupport.CheckEndpoints;
import io.cairn.status.testsupport.TestBeans;
import io.cairn.status.testsupport.TricklingServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review's unbounded deadlines (security.md M8) and the result flusher's database
 * work under its lock (L1): poll deadlines ran on the two timer threads that also ran
 * discovery rounds and result flushes, so with both stuck on the database no deadline
 * fired and a trickling target held its poller for as long as it liked; DNS lookups were
 * not bounded by the deadline at all; and a poller queuing a second transition of a check
 * waited for the database under the flusher's lock. The database is made slow the way a
 * busy one is: another transaction holds the rows these writers need. The poll timeout is
 * long enough (15 s) for the stuck writers to hold every shared timer thread before a
 * deadline is due, as a Consul or registry read that never ends would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cairn.status.replica-id=test-deadlines", "cairn.status.sync-interval=200ms",
				"cairn.status.poll.claim-interval=100ms", "cairn.status.poll.flush-interval=50ms",
				"cairn.status.poll.connect-timeout=1s", "cairn.status.poll.read-timeout=5s",
				"cairn.status.poll.timeout=15s", "cairn.status.security.allow-loopback=true",
				"cairn.status.discovery.registry.interval=200ms", "cairn.status.discovery.registry.timeout=5m",
				"cairn.status.discovery.lease-time=3s", "cairn.data-dir=target/test-data" })
@Import(TestBeans.class)
class DeadlineAbuseTests extends AppTestBase {

	static final CheckEndpoints endpoints = new CheckEndpoints();

	static final TricklingServer trickling = new TricklingServer();

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CheckStore store;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void registry(DynamicPropertyRegistry properties) {
		// a registry that sends its headers and then trickles its instance list
		properties.add("cairn.status.discovery.registry.url", () -> trickling.url("/trickle-registry"));
	}

	@AfterAll
	static void stop() {
		TestBeans.DNS_BLACKHOLE.countDown();
		trickling.close();
		endpoints.close();
	}

	@Test
	void m8PollDeadlinesHoldWhileDiscoveryAndFlushesAreStuck() throws Exception {
		this.checks.register(NewCheck.of("steady", endpoints.url("/ok-m8")), CheckSource.API);
		this.checks.register(NewCheck.of("trickles", trickling.url("/trickle-m8")), CheckSource.API);
		awaitPolled("steady");
		awaitPolled("trickles");
		// its first poll ran into the deadline: it is a slow check now
		awaitTrue(() -> this.scheduler.slowChecks().contains("trickles"));
		awaitTrue(() -> this.jdbc.sql("SELECT count(*) FROM status_lease WHERE name = 'discovery-registry'")
			.query(Long.class)
			.single() == 1);
		try (Connection busy = this.dataSource.getConnection()) {
			busy.setAutoCommit(false);
			try (Statement statement = busy.createStatement()) {
				// result flushes wait for the version row, discovery for its lease
				statement.execute("SELECT version FROM status_sync FOR UPDATE");
				statement.execute("SELECT name FROM status_lease FOR UPDATE");
			}
			int ended = trickling.finished("/trickle-m8");
			double timeouts = this.meters.counter("cairn.status.poll.timeouts").count();
			this.checks.pollNow("steady");
			awaitTrue(() -> endpoints.hits("/ok-m8") >= 2);
			this.checks.pollNow("trickles");
			// the trickle's poll ends at its deadline all the same
			awaitTrue(() -> trickling.finished("/trickle-m8") > ended);
			awaitTrue(() -> this.meters.counter("cairn.status.poll.timeouts").count() > timeouts);
			assertThat(this.live.get("trickles").state().status()).isEqualTo(CheckStatus.CRITICAL);
			busy.rollback();
		}
	}

	@Test
	void m8DnsLookupsEndAtThePollDeadline() {
		// a zone whose name servers never answer: the lookup holds a thread, not the poll
		this.checks.register(NewCheck.of("dark", "http://blackhole.test/status"), CheckSource.API);
		this.checks.register(NewCheck.of("dark-too", "http://blackhole.test/other"), CheckSource.API);
		CheckState dark = awaitPolled("dark").state();
		assertThat(dark.status()).isEqualTo(CheckStatus.CRITICAL);
		assertThat(dark.message()).isEqualTo("Unable to communicate with http://blackhole.test/status!");
		assertThat(awaitPolled("dark-too").state().status()).isEqualTo(CheckStatus.CRITICAL);
		// the poller that asked is free again: a healthy check is polled meanwhile
		this.checks.register(NewCheck.of("bright", endpoints.url("/ok-dns")), CheckSource.API);
		assertThat(awaitPolled("bright").state().status()).isEqualTo(CheckStatus.OK);
	}

	@Test
	void l1QueuingAResultNeverWaitsForTheDatabase() throws Exception {
		this.checks.register(NewCheck.of("flappy", endpoints.url("/ok-l1")), CheckSource.API);
		CheckState up = awaitPolled("flappy").state();
		this.flusher.flush();
		long historyBefore = this.store.history("flappy", null, 100, null).size();
		try (Connection busy = this.dataSource.getConnection()) {
			busy.setAutoCommit(false);
			try (Statement statement = busy.createStatement()) {
				statement.execute("SELECT version FROM status_sync FOR UPDATE");
			}
			CheckState down = new CheckState(CheckStatus.CRITICAL, "Critical", "down", null,
					up.polledAt().plusSeconds(1), 1L, up.polledAt().plusSeconds(1), CheckStatus.CRITICAL, 1);
			CheckState back = new CheckState(CheckStatus.OK, "OK", "back", null, up.polledAt().plusSeconds(2), 1L,
					up.polledAt().plusSeconds(2), CheckStatus.OK, 1);
			// two transitions of one check in a row: the second used to write the
			// first, under the flusher's lock, while the database was busy
			Thread poller = new Thread(() -> {
				this.flusher.add(new ResultWrite("flappy", down, true, CheckStatus.OK, List.of()));
				this.flusher.add(new ResultWrite("flappy", back, true, CheckStatus.CRITICAL, List.of()));
			}, "test-poller");
			poller.start();
			awaitTrue(() -> !poller.isAlive());
			busy.rollback();
		}
		// nothing was lost: both transitions reach the history
		awaitTrue(() -> {
			this.flusher.flush();
			return this.store.history("flappy", null, 100, null).size() >= historyBefore + 2;
		});
		List<HistoryEntry> history = this.store.history("flappy", null, 2, null);
		assertThat(history.get(0).message()).isEqualTo("back");
		assertThat(history.get(1).message()).isEqualTo("down");
	}

}
