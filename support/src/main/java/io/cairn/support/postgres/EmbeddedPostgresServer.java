package io.cairn.support.postgres;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A PostgreSQL server whose files live in a folder that outlives the process.
 * <p>
 * zonky starts the server binaries from a jar (no download) and, when run as root,
 * through {@code unshare -U}. What this class adds is what a server that keeps real data
 * needs:
 * <ul>
 * <li>It listens on 127.0.0.1 only, over TCP only (no Unix socket), and
 * {@code pg_hba.conf} asks every client for a password (SCRAM-SHA-256): no local user
 * gets in without one.</li>
 * <li>The apps connect as {@value #APP_ROLE}, a role that is no superuser and owns their
 * databases (so Flyway creates tables there, and nothing else). The superuser's password
 * is used by this class only, to create that role and the databases.</li>
 * <li>Both passwords are generated on the first start and kept in
 * {@value EmbeddedPostgresCredentials#FILE_NAME} in the data folder, readable by the
 * owner only.</li>
 * <li>It is crash-safe: {@code fsync} and {@code synchronous_commit} are on (zonky turns
 * both off), so a commit the apps were told about survives a crash of the server or of
 * the machine.</li>
 * <li>A server left running by a JVM that was killed is stopped before a new one starts,
 * but only once it is proven to be that folder's server
 * ({@link LeftoverPostmaster}).</li>
 * </ul>
 * A folder made before passwords were used (trusting every local connection) gets them on
 * its next start: it starts once trusting loopback connections only, its superuser gets a
 * password, its databases and tables are handed to {@value #APP_ROLE}, and from then on
 * passwords are required.
 */
public final class EmbeddedPostgresServer implements Closeable {

	/** The role the apps connect as: no superuser, owner of their databases. */
	public static final String APP_ROLE = "cairn";

	/** The only address the server listens on. */
	public static final String LISTEN_ADDRESS = "127.0.0.1";

	/** The superuser zonky creates; only this class connects as it. */
	static final String SUPERUSER = "postgres";

	/** The database the embedded server's own app keeps its tables in. */
	static final String DEFAULT_DATABASE = "postgres";

	private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private static final Log logger = LogFactory.getLog(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	private final Path dataDirectory;

	private final EmbeddedPostgresCredentials credentials;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory,
			EmbeddedPostgresCredentials credentials) {
		this.postgres = postgres;
		this.dataDirectory = dataDirectory;
		this.credentials = credentials;
	}

	/**
	 * Start a server on the given folder, creating the cluster on first use, with the
	 * {@code postgres} database owned by {@value #APP_ROLE}.
	 * @param dataDirectory the folder holding the cluster
	 * @param port the TCP port, or 0 for any free port
	 * @return the running server
	 * @throws IOException when the server cannot start
	 */
	public static EmbeddedPostgresServer start(Path dataDirectory, int port) throws IOException {
		Path directory = dataDirectory.toAbsolutePath().normalize();
		Files.createDirectories(directory);
		LeftoverPostmaster.clear(directory);
		boolean fresh = !Files.isRegularFile(directory.resolve("postgresql.conf"));
		EmbeddedPostgresCredentials kept = fresh ? null : EmbeddedPostgresCredentials.load(directory);
		EmbeddedPostgresCredentials credentials = (kept != null) ? kept : EmbeddedPostgresCredentials.generate();
		// A folder from before passwords: its superuser has none yet, so it starts once
		// trusting loopback connections, long enough to be given one.
		boolean migrateFromTrust = !fresh && kept == null;
		Path passwordFile = null;
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(directory)
			.setCleanDataDirectory(false)
			.setPGStartupWait(Duration.ofSeconds(60))
			.setServerConfig("max_connections", "200")
			// zonky starts PostgreSQL with -F (fsync off) and synchronous_commit off, fit
			// for throw-away test data: a crash of the server would lose commits already
			// acknowledged to the apps, and an OS crash could corrupt the folder. This
			// server keeps real data that the apps promise survives a restart; its -c
			// options come after -F, so these win.
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("listen_addresses", LISTEN_ADDRESS)
			.setServerConfig("unix_socket_directories", "''")
			.setServerConfig("password_encryption", "scram-sha-256")
			// zonky's own readiness check connects as the superuser.
			.setConnectConfig("password", credentials.superuserPassword())
			.setDataDirectoryCustomizer((folder) -> writeClientAuthentication(folder.toPath(),
					migrateFromTrust ? "trust" : "scram-sha-256"))
			// Whoever started the server stops it (Spring's context, the launcher, a
			// test), after what uses it. zonky's own hook would run beside theirs, as JVM
			// hooks run concurrently, and stop PostgreSQL under apps still writing their
			// last state.
			.setRegisterShutdownHook(false);
		if (fresh) {
			// initdb options (zonky passes its "locale config" to initdb as --key=value):
			// the superuser gets its password from the start, and no trust line is
			// ever written.
			// The file goes beside the folder, since initdb wants the folder empty.
			Path parent = directory.getParent();
			if (parent == null) {
				throw new IOException("The embedded PostgreSQL's data folder cannot be the file system root");
			}
			passwordFile = credentials.writeSuperuserPasswordFile(parent);
			builder.setLocaleConfig("pwfile", passwordFile.toString()).setLocaleConfig("auth", "scram-sha-256");
		}
		if (port > 0) {
			builder.setPort(port);
		}
		EmbeddedPostgres postgres;
		try {
			postgres = builder.start();
		}
		finally {
			if (passwordFile != null) {
				Files.deleteIfExists(passwordFile);
			}
		}
		EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, directory, credentials);
		LeftoverPostmaster.claimed(directory);
		try {
			server.prepare(fresh, migrateFromTrust);
		}
		catch (IOException | RuntimeException ex) {
			server.close();
			throw ex;
		}
		logger.info("Embedded PostgreSQL on " + LISTEN_ADDRESS + ":" + postgres.getPort() + " with data in " + directory
				+ " (password authentication; apps connect as " + APP_ROLE + ")");
		return server;
	}

	/**
	 * Create a database owned by {@value #APP_ROLE}, or hand an existing one (and its
	 * schemas, tables, views and sequences) to that role.
	 * @param name the database name (lower-case letters, digits and underscores)
	 * @return its JDBC URL (without credentials: use {@link #username()} and
	 * {@link #password()})
	 * @throws IllegalStateException when the database cannot be created
	 */
	public String createDatabase(String name) {
		if (!DATABASE_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a database name Cairn creates: " + name);
		}
		try (Connection connection = superuser(DEFAULT_DATABASE)) {
			boolean exists;
			try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
				query.setString(1, name);
				try (ResultSet result = query.executeQuery()) {
					exists = result.next();
				}
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute(exists ? "ALTER DATABASE " + name + " OWNER TO " + APP_ROLE
						: "CREATE DATABASE " + name + " OWNER " + APP_ROLE);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name + ": " + ex.getMessage(), ex);
		}
		handOverObjects(name);
		return jdbcUrl(name);
	}

	/**
	 * The JDBC URL of the {@code postgres} database, which belongs to {@value #APP_ROLE}.
	 * @return the URL
	 */
	public String jdbcUrl() {
		return jdbcUrl(DEFAULT_DATABASE);
	}

	/**
	 * The JDBC URL of a database on this server.
	 * @param database the database name
	 * @return the URL (without credentials)
	 */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + LISTEN_ADDRESS + ":" + port() + "/" + database;
	}

	/**
	 * The role the apps connect as.
	 * @return {@value #APP_ROLE}
	 */
	public String username() {
		return APP_ROLE;
	}

	/**
	 * The password of {@link #username()}.
	 * @return the password
	 */
	public String password() {
		return this.credentials.appPassword();
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
		try {
			this.postgres.close();
		}
		finally {
			LeftoverPostmaster.released(this.dataDirectory);
		}
	}

	@Override
	public String toString() {
		return "EmbeddedPostgresServer[" + LISTEN_ADDRESS + ":" + port() + ", " + this.dataDirectory + "]";
	}

	/**
	 * Give the superuser its password (a folder from before passwords), make sure the app
	 * role exists as it should, keep the passwords, require them from now on, and hand
	 * the default database to the app role.
	 */
	private void prepare(boolean fresh, boolean migrateFromTrust) throws IOException {
		try (Connection connection = superuser(DEFAULT_DATABASE); Statement statement = connection.createStatement()) {
			if (migrateFromTrust) {
				logger.warn("PostgreSQL in " + this.dataDirectory + " trusted every local connection; it now asks "
						+ "for passwords, kept in " + EmbeddedPostgresCredentials.FILE_NAME + " there");
				statement
					.execute("ALTER ROLE " + SUPERUSER + " PASSWORD " + literal(this.credentials.superuserPassword()));
			}
			boolean exists;
			try (ResultSet result = statement
				.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = " + literal(APP_ROLE))) {
				exists = result.next();
			}
			// Every start re-asserts what the role may do, whatever was done to it since.
			statement.execute(((exists) ? "ALTER ROLE " : "CREATE ROLE ") + APP_ROLE
					+ " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD "
					+ literal(this.credentials.appPassword()));
		}
		catch (SQLException ex) {
			throw new IOException(
					"Could not prepare the roles of PostgreSQL in " + this.dataDirectory + ": " + ex.getMessage(), ex);
		}
		if (fresh || migrateFromTrust) {
			this.credentials.save(this.dataDirectory);
		}
		EmbeddedPostgresCredentials.restrict(this.dataDirectory);
		if (migrateFromTrust) {
			writeClientAuthentication(this.dataDirectory, "scram-sha-256");
			try (Connection connection = superuser(DEFAULT_DATABASE);
					Statement statement = connection.createStatement()) {
				statement.execute("SELECT pg_reload_conf()");
			}
			catch (SQLException ex) {
				throw new IOException("Could not reload pg_hba.conf in " + this.dataDirectory, ex);
			}
		}
		createDatabase(DEFAULT_DATABASE);
	}

	/**
	 * Hand what the superuser created in a database (by a folder from before the app
	 * role) to the app role. A sequence that belongs to a column moves with its table.
	 */
	private void handOverObjects(String database) {
		String sql = """
				DO $$
				DECLARE
				  object record;
				BEGIN
				  FOR object IN
				    SELECT n.nspname FROM pg_namespace n
				    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'public')
				      AND n.nspname NOT LIKE 'pg\\_%%' AND pg_get_userbyid(n.nspowner) <> '%1$s'
				  LOOP
				    EXECUTE format('ALTER SCHEMA %%I OWNER TO %1$s', object.nspname);
				  END LOOP;
				  FOR object IN
				    SELECT c.oid::regclass AS name,
				      CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
				        WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind
				    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
				      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%%'
				      AND pg_get_userbyid(c.relowner) <> '%1$s'
				      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
				        AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
				  LOOP
				    EXECUTE format('ALTER %%s %%s OWNER TO %1$s', object.kind, object.name);
				  END LOOP;
				END
				$$""".formatted(APP_ROLE);
		try (Connection connection = superuser(database); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(
					"Could not hand database " + database + " to " + APP_ROLE + ": " + ex.getMessage(), ex);
		}
	}

	private Connection superuser(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, this.credentials.superuserPassword());
	}

	/**
	 * Written before every start: TCP from 127.0.0.1 only, each client asked for its
	 * password. The file is Cairn's: an edit is replaced at the next start.
	 */
	private static void writeClientAuthentication(Path directory, String method) {
		String hba = """
				# Written by Cairn at every start (edits are replaced): connections over TCP from 127.0.0.1 only,
				# each asked for its password. The passwords are in %s, readable by the owner only.
				# TYPE  DATABASE  USER  ADDRESS        METHOD
				host    all       all   127.0.0.1/32   %s
				""".formatted(EmbeddedPostgresCredentials.FILE_NAME, method);
		try {
			Files.writeString(directory.resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write pg_hba.conf in " + directory, ex);
		}
	}

	private static String literal(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

}
