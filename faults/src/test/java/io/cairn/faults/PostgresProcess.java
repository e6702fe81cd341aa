package io.cairn.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.cairn.support.postgres.EmbeddedPostgresServer;

/**
 * PostgreSQL as its own server process (the zonky binaries support's
 * {@link EmbeddedPostgresServer} runs), on a data folder and a port that stay the same
 * across a stop and a start, so that the apps' connection pools find it again where they
 * left it.
 */
final class PostgresProcess implements AutoCloseable {

	private final Path dataDirectory;

	private final int port;

	private @Nullable EmbeddedPostgresServer server;

	/**
	 * The app role's name and password: kept in the data folder, the same at every start.
	 */
	private @Nullable String username;

	private @Nullable String password;

	PostgresProcess(String name) {
		this.dataDirectory = Jvm.freshDirectory(name).resolve("postgres");
		this.port = Jvm.freePort();
	}

	synchronized PostgresProcess start() {
		try {
			this.server = EmbeddedPostgresServer.start(this.dataDirectory, this.port);
			this.username = this.server.username();
			this.password = this.server.password();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start", ex);
		}
	}

	/**
	 * {@code pg_ctl stop -m fast}: every connection is closed, the port stops answering.
	 */
	synchronized void stop() {
		EmbeddedPostgresServer current = this.server;
		this.server = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("PostgreSQL did not stop", ex);
			}
		}
	}

	/**
	 * SIGKILL to the postmaster and every server process: a crash, with no checkpoint and
	 * nothing flushed that PostgreSQL had not written itself. {@link #start()} recovers
	 * the folder from its WAL.
	 */
	synchronized void kill() {
		EmbeddedPostgresServer current = this.server;
		this.server = null;
		try {
			long pid = Long.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).trim());
			ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
			List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
			all.add(0, postmaster);
			all.forEach(ProcessHandle::destroyForcibly);
			for (ProcessHandle process : all) {
				process.onExit().get(30, TimeUnit.SECONDS);
			}
			if (current != null) {
				// Releases zonky's lock on the folder; its stop finds no server, as after
				// a crash.
				try {
					current.close();
				}
				catch (IOException | RuntimeException ex) {
					// Nothing was running any more.
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No postmaster.pid to kill", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("PostgreSQL did not die", ex);
		}
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	/**
	 * A database owned by the app role (what the apps connect as).
	 */
	synchronized void createDatabase(String database) {
		if (this.server == null) {
			throw new IllegalStateException("PostgreSQL is not running");
		}
		this.server.createDatabase(database);
	}

	Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database), username(), password());
	}

	/** The role the apps connect as (no superuser; the server asks for its password). */
	synchronized String username() {
		if (this.username == null) {
			throw new IllegalStateException("PostgreSQL has not started yet");
		}
		return this.username;
	}

	synchronized String password() {
		if (this.password == null) {
			throw new IllegalStateException("PostgreSQL has not started yet");
		}
		return this.password;
	}

	@Override
	public void close() {
		stop();
	}

}
