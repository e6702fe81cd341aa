package io.cairn.registry.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.registry.config.RegistryProperties;
import io.cairn.registry.domain.Endpoint;
import io.cairn.registry.domain.Registration;
import io.cairn.registry.store.RegistryStore.PendingRegistration;
import io.cairn.registry.store.RegistryStore.PendingRenewal;
import io.cairn.support.test.SharedPostgres;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * A registration batch and a renewal flush probe the endpoint index however much the
 * table grew since their statements were first run. PgJDBC prepares a statement on the
 * server from its fifth use, and PostgreSQL then keeps a generic plan for it on that
 * connection until the table's statistics change: one made while the table was small
 * scans the whole table. Found by the 100,000-instance registration benchmark (issue 18):
 * 6,090 scans of the whole table while registering, the rate falling from 2,500 to 930 a
 * second as the table filled.
 * <p>
 * The test runs on one connection, so the statements it uses are the ones prepared while
 * the table was small, and with autovacuum off for the table, so that no analysis
 * invalidates their plans meanwhile (in the benchmark none had run after two minutes).
 * Each step runs in a transaction, as the store's callers run it, and counts the table's
 * sequential scans ({@code pg_stat_xact_user_tables}) before and after it.
 */
class StatementPlanTests {

	private static final int GROWN = 20_000;

	private final Instant now = Instant.parse("2026-12-05T12:00:00Z");

	private SingleConnectionDataSource dataSource;

	private JdbcClient jdbc;

	private TransactionTemplate transactions;

	private RegistryStore store;

	@BeforeEach
	void migratedDatabaseOnOneConnection() {
		this.dataSource = new SingleConnectionDataSource(SharedPostgres.newDatabase(), SharedPostgres.user(),
				SharedPostgres.password(), true);
		Flyway.configure().dataSource(this.dataSource).load().migrate();
		this.jdbc = JdbcClient.create(this.dataSource);
		this.jdbc.sql("ALTER TABLE registry_instance SET (autovacuum_enabled = false)").update();
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		RegistryProperties properties = new Binder(
				new MapConfigurationPropertySource(Map.of("cairn.registry.max-instances", "100000")))
			.bindOrCreate("cairn.registry", RegistryProperties.class);
		this.store = new RegistryStore(new ChangeIndex(this.jdbc), this.jdbc, new JdbcTemplate(this.dataSource),
				properties);
	}

	@AfterEach
	void close() {
		this.dataSource.destroy();
	}

	@Test
	void registrationBatchesAndRenewalFlushesDoNotScanTheTableAfterItGrew() {
		// While the table is small: every statement used often enough to be prepared on
		// the server and to have its generic plan chosen.
		List<Endpoint> early = new ArrayList<>();
		for (int round = 0; round < 12; round++) {
			List<Endpoint> batch = endpoints(round * 4, 4);
			early.addAll(batch);
			inTransaction(() -> this.store.registerAll(registrations(batch)));
			inTransaction(() -> this.store.flushRenewals(renewals(early.subList(0, 4)), this.now));
		}
		// The table grows (as during a mass registration) with no analysis since.
		this.jdbc.sql("""
				INSERT INTO registry_instance (name, host, port, first_seen, last_seen)
				SELECT 'grown', '10.9.' || (g / 250) || '.' || (g % 250), 8080, now(), now()
				FROM generate_series(1, ?) AS g
				""").param(GROWN).update();

		long registering = scansBy(
				() -> this.store.registerAll(registrations(List.of(early.get(0), new Endpoint("10.8.0.1", 8080)))));
		long renewing = scansBy(() -> this.store.flushRenewals(renewals(early.subList(0, 4)), this.now.plusSeconds(1)));

		assertSoftly((softly) -> {
			softly.assertThat(registering).as("sequential scans of registry_instance by a registration batch").isZero();
			softly.assertThat(renewing).as("sequential scans of registry_instance by a renewal flush").isZero();
		});
		assertThat(this.jdbc.sql("SELECT count(*) FROM registry_instance").query(Long.class).single())
			.isEqualTo(GROWN + early.size() + 1);
	}

	/**
	 * The sequential scans of the table by some work, in a transaction of its own. The
	 * counter holds this connection's scans not yet reported to the statistics, so the
	 * work's are the difference.
	 */
	private long scansBy(Runnable work) {
		return inTransaction(() -> {
			long before = sequentialScans();
			work.run();
			return sequentialScans() - before;
		});
	}

	private long sequentialScans() {
		return this.jdbc.sql("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'registry_instance'")
			.query(Long.class)
			.single();
	}

	private <T> T inTransaction(Supplier<T> work) {
		T result = this.transactions.execute((status) -> work.get());
		assertThat(result).isNotNull();
		return result;
	}

	private List<PendingRegistration> registrations(List<Endpoint> endpoints) {
		return endpoints.stream()
			.map((endpoint) -> new PendingRegistration(new Registration("plans", endpoint, null, null), this.now,
					this.now.minus(Duration.ofSeconds(60)), (service) -> true))
			.toList();
	}

	private List<PendingRenewal> renewals(List<Endpoint> endpoints) {
		return endpoints.stream().map((endpoint) -> new PendingRenewal(endpoint, "plans", this.now)).toList();
	}

	private static List<Endpoint> endpoints(int first, int count) {
		List<Endpoint> endpoints = new ArrayList<>();
		for (int i = first; i < first + count; i++) {
			endpoints.add(new Endpoint("10.7.0." + (i + 1), 8080));
		}
		return endpoints;
	}

}
