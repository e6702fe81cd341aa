package io.cairn.support.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL per test JVM, with a fresh database for each caller: test
 * classes (or application contexts) get isolation without paying for a server start each.
 * The server stops when the JVM exits.
 * <p>
 * Typical use in a Spring test: <pre>{@code
 * &#64;DynamicPropertySource
 * static void database(DynamicPropertyRegistry registry) {
 *     String url = SharedPostgres.freshDatabaseUrl();
 *     registry.add("spring.datasource.url", () -> url);
 *     registry.add("spring.datasource.username", () -> SharedPostgres.USER);
 * }
 * }</pre>
 */
public final class SharedPostgres {

	/** The superuser every database belongs to. */
	public static final String USER = "postgres";

	private static final AtomicInteger counter = new AtomicInteger();

	private static EmbeddedPostgres server;

	private SharedPostgres() {
	}

	/**
	 * Create a new, empty database on the shared server (starting it on first use).
	 * @return its JDBC URL
	 */
	public static synchronized String freshDatabaseUrl() {
		EmbeddedPostgres postgres = server();
		String name = "test_" + counter.incrementAndGet();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name, ex);
		}
		return postgres.getJdbcUrl(USER, name);
	}

	/**
	 * The shared server.
	 * @return the running server
	 */
	public static synchronized EmbeddedPostgres server() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start the embedded PostgreSQL for tests", ex);
			}
			EmbeddedPostgres started = server;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					started.close();
				}
				catch (IOException ex) {
					// the JVM is exiting
				}
			}, "shared-postgres-stop"));
		}
		return server;
	}

}
