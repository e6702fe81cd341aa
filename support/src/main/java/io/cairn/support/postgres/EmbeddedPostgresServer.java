package io.cairn.support.postgres;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A PostgreSQL server whose files live in a folder that outlives the process.
 * <p>
 * zonky starts the server binaries from a jar (no download) and, when run as root,
 * through {@code unshare -U}. The one thing it does not handle is a server left behind
 * when the JVM that started it was killed: that server still holds the folder, so it is
 * stopped here before a new one starts.
 */
public final class EmbeddedPostgresServer implements Closeable {

	/** The superuser zonky creates; it trusts local connections. */
	public static final String USER = "postgres";

	private static final Log logger = LogFactory.getLog(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	private final Path dataDirectory;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
	}

	/**
	 * Start a server on the given folder, creating the cluster on first use.
	 * @param dataDirectory the folder holding the cluster
	 * @param port the TCP port, or 0 for any free port
	 * @return the running server
	 * @throws IOException when the server cannot start
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, int port) throws IOException {
		Path directory = dataDirectory.toAbsolutePath().normalize();
		Files.createDirectories(directory);
		stopOrphanedServer(directory);
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(directory)
			.setCleanDataDirectory(false)
			.setPGStartupWait(Duration.ofSeconds(60))
			.setServerConfig("max_connections", "200")
			// Whoever started the server stops it (Spring's context, the launcher, a
			// test),
			// after what uses it. zonky's own hook would run beside theirs, as JVM hooks
			// run
			// concurrently, and stop PostgreSQL under apps still writing their last
			// state.
			.setRegisterShutdownHook(false);
		if (port > 0) {
			builder.setPort(port);
		}
		EmbeddedPostgres postgres = builder.start();
		logger.info("Embedded PostgreSQL on 127.0.0.1:" + postgres.getPort() + " with data in " + directory);
		return new EmbeddedPostgresServer(postgres, directory);
	}

	/**
	 * The JDBC URL of the {@code postgres} database.
	 * @return the URL
	 */
	public String jdbcUrl() {
		return jdbcUrl("postgres");
	}

	/**
	 * The JDBC URL of a database on this server.
	 * @param database the database name
	 * @return the URL
	 */
	public String jdbcUrl(String database) {
		return this.postgres.getJdbcUrl(USER, database);
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.postgres.getPort();
	}

	/**
	 * The folder holding the cluster.
	 * @return the folder
	 */
	public Path dataDirectory() {
		return this.dataDirectory;
	}

	@Override
	public void close() throws IOException {
		this.postgres.close();
	}

	/**
	 * A server whose parent died (a {@code kill -9} of the app) keeps running and keeps
	 * the folder locked. Stop it when its parent is gone; leave it alone when a live
	 * process still owns it, so that PostgreSQL's own lock reports the conflict.
	 */
	private static void stopOrphanedServer(Path directory) throws IOException {
		Path pidFile = directory.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return;
		}
		List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
		if (lines.isEmpty()) {
			return;
		}
		long pid;
		try {
			pid = Long.parseLong(lines.get(0).trim());
		}
		catch (NumberFormatException ex) {
			return;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid);
		if (process.isEmpty() || !process.get().isAlive()) {
			return;
		}
		// The server's parent was the JVM that started it. Once that JVM is gone the
		// server is
		// adopted by init (or a container's reaper), which is not a Java process.
		boolean orphaned = process.get()
			.parent()
			.map((parent) -> parent.pid() == 1
					|| !parent.info().command().map((command) -> command.endsWith("java")).orElse(false))
			.orElse(true);
		if (!orphaned) {
			return;
		}
		logger.warn("Stopping PostgreSQL (pid " + pid + ") left running on " + directory + " by an earlier run");
		// SIGTERM is PostgreSQL's "smart" shutdown; its clients died with the old JVM.
		process.get().destroy();
		try {
			process.get().onExit().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			process.get().destroyForcibly();
		}
	}

}
