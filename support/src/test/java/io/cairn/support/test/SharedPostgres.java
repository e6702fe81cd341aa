package io.cairn.support.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.cairn.support.postgres.EmbeddedPostgresServer;

/**
 * One real PostgreSQL server per test JVM (zonky, PostgreSQL 17), started on first use
 * and stopped when the JVM exits. Each test class that needs isolation asks for a
 * database of its own with {@link #newDatabase()}; classes that share a Spring context
 * share its database.
 */
public final class SharedPostgres {

	private static final AtomicInteger counter = new AtomicInteger();

	private static EmbeddedPostgresServer server;

	private SharedPostgres() {
	}

	/**
	 * The running server, started on first use.
	 * @return the server
	 */
	public static synchronized EmbeddedPostgresServer server() {
		if (server == null) {
			try {
				Path directory = Files.createTempDirectory("cairn-test-pg");
				server = EmbeddedPostgresServer.start(directory, 0);
				EmbeddedPostgresServer started = server;
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						started.close();
					}
					catch (IOException ex) {
						// The JVM is going away; nothing else to do.
					}
				}));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return server;
	}

	/**
	 * Create an empty database, owned by the app role as the apps' databases are.
	 * @return its JDBC URL, carrying the app role's user name and password (so that a
	 * test which sets only {@code spring.datasource.url} connects; a
	 * {@code spring.datasource.username} of {@link #user()} agrees with it)
	 */
	public static String newDatabase() {
		String name = "test_" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
		EmbeddedPostgresServer postgres = server();
		return postgres.createDatabase(name) + "?user=" + postgres.username() + "&password=" + postgres.password();
	}

	/**
	 * The user to connect as: the app role, no superuser.
	 * @return the user name
	 */
	public static String user() {
		return server().username();
	}

	/**
	 * The password of {@link #user()}.
	 * @return the password
	 */
	public static String password() {
		return server().password();
	}

}
