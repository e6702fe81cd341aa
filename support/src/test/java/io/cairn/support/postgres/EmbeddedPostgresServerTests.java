package io.cairn.support.postgres;

import java.io.IOException;
import java.io.Reader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded server as the security review tried it (findings M3 and M4): who may log
 * in, as what, over which address, and which process a leftover lock file may get
 * stopped.
 */
class EmbeddedPostgresServerTests {

	@Test
	void m4SuperuserCannotLogInWithoutItsPassword(@TempDir Path data) throws Exception {
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data.resolve("pg"), 0)) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "postgres", "").close());
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "postgres", "guess").close())
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), server.username(), "").close());
			// The review's reproduction: psql -h 127.0.0.1 -U postgres -c "COPY ... TO
			// PROGRAM ...".
			try (Connection superuser = DriverManager.getConnection(server.jdbcUrl(), "postgres",
					kept(server).getProperty("superuser.password"))) {
				assertThat(query(superuser, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
					.isEqualTo("t");
			}
		}
	}

	@Test
	void acknowledgedCommitsAreWrittenToDiskBeforeTheAnswer(@TempDir Path data) throws Exception {
		// docs/faults.md defect 1: zonky's defaults (fsync off, synchronous_commit off)
		// lose acknowledged commits in a crash.
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data.resolve("pg"), 0)) {
			String url = server.createDatabase("app");
			try (Connection app = DriverManager.getConnection(url, server.username(), server.password())) {
				assertThat(query(app, "SHOW fsync")).isEqualTo("on");
				assertThat(query(app, "SHOW synchronous_commit")).isEqualTo("on");
				assertThat(query(app, "SHOW full_page_writes")).isEqualTo("on");
			}
		}
	}

	@Test
	void m4AppsConnectAsARoleThatIsNoSuperuserAndOwnsItsDatabase(@TempDir Path data) throws Exception {
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data.resolve("pg"), 0)) {
			String url = server.createDatabase("app");
			try (Connection app = DriverManager.getConnection(url, server.username(), server.password());
					Statement statement = app.createStatement()) {
				assertThat(query(app,
						"SELECT rolsuper::text || rolcreaterole::text || rolcreatedb::text || rolreplication::text "
								+ "FROM pg_roles WHERE rolname = current_user"))
					.isEqualTo("falsefalsefalsefalse");
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> statement.execute("COPY (SELECT 1) TO PROGRAM 'id'"))
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("42501"));
				// What Flyway does: tables and a schema of its own in its database.
				statement.execute("CREATE SCHEMA flyway_like");
				statement.execute("CREATE TABLE flyway_like.kept (id bigint GENERATED ALWAYS AS IDENTITY, v text)");
				statement.execute("INSERT INTO flyway_like.kept (v) VALUES ('row')");
				assertThat(query(app, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'app'"))
					.isEqualTo(EmbeddedPostgresServer.APP_ROLE);
			}
		}
	}

	@Test
	void m4PasswordsAreKeptOwnerOnlyInTheDataFolderAndStayTheSameAcrossRestarts(@TempDir Path data) throws Exception {
		Path folder = data.resolve("pg");
		String password;
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(folder, 0)) {
			password = server.password();
		}
		Path file = folder.resolve(EmbeddedPostgresCredentials.FILE_NAME);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(Files.readString(file)).contains(password);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(folder, 0)) {
			assertThat(server.password()).isEqualTo(password);
			try (Connection app = DriverManager.getConnection(server.jdbcUrl(), server.username(), password)) {
				assertThat(query(app, "SELECT current_user")).isEqualTo(EmbeddedPostgresServer.APP_ROLE);
			}
		}
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("put right at start")
			.isEqualTo("rw-------");
		assertThat(Files.readString(folder.resolve("pg_hba.conf"))).doesNotContain("trust")
			.contains("127.0.0.1/32   scram-sha-256");
	}

	@Test
	void m4ListensOnLoopbackOnly(@TempDir Path data) throws Exception {
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data.resolve("pg"), 0)) {
			assertThat(server.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
			try (Socket loopback = new Socket()) {
				loopback.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
			}
			assertThat(Path.of("/tmp/.s.PGSQL." + server.port())).as("no Unix socket").doesNotExist();
			Optional<InetAddress> outside = nonLoopbackAddress();
			assumeTrue(outside.isPresent(), "this machine has no non-loopback IPv4 address to try");
			assertThatExceptionOfType(IOException.class).as("connecting over " + outside.get()).isThrownBy(() -> {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress(outside.get(), server.port()), 2000);
				}
			});
		}
	}

	@Test
	void aFolderFromBeforePasswordsGetsThemAndItsTablesGoToTheAppRole(@TempDir Path data) throws Exception {
		Path folder = data.resolve("pg");
		// What earlier versions left: zonky's defaults, trusting every local connection,
		// tables owned by the superuser.
		try (EmbeddedPostgres old = EmbeddedPostgres.builder()
			.setDataDirectory(folder)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.start();
				Connection connection = old.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE kept (id serial PRIMARY KEY, v text)");
			statement.execute("INSERT INTO kept (v) VALUES ('still here')");
			statement.execute("CREATE DATABASE registry");
		}
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(folder, 0)) {
			String registry = server.createDatabase("registry");
			try (Connection app = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
					Statement statement = app.createStatement()) {
				assertThat(query(app, "SELECT v FROM kept")).isEqualTo("still here");
				statement.execute("INSERT INTO kept (v) VALUES ('written by the app role')");
				statement.execute("ALTER TABLE kept ADD COLUMN added text");
			}
			try (Connection app = DriverManager.getConnection(registry, server.username(), server.password());
					Statement statement = app.createStatement()) {
				statement.execute("CREATE TABLE t (v text)");
			}
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), "postgres", "").close());
		}
		assertThat(Files.readString(folder.resolve("pg_hba.conf"))).doesNotContain("trust");
	}

	@Test
	void m3AProcessThatReusedTheRecordedPidSurvives(@TempDir Path data) throws Exception {
		Path folder = data.resolve("pg");
		EmbeddedPostgresServer.start(folder, 0).close();
		// The review's reproduction, from a shell: sleep 10000 & echo $! >
		// .../postmaster.pid
		// (the sleep outlives its shell, as a process whose pid was reused would).
		Process shell = new ProcessBuilder("sh", "-c", "sleep 10000 >/dev/null 2>&1 & echo $!").start();
		ProcessHandle sleep = ProcessHandle
			.of(Long.parseLong(new String(shell.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()))
			.orElseThrow();
		try {
			Files.writeString(folder.resolve("postmaster.pid"), sleep.pid() + "\n");
			try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(folder, 0);
					Connection app = DriverManager.getConnection(server.jdbcUrl(), server.username(),
							server.password())) {
				assertThat(query(app, "SELECT 1")).isEqualTo("1");
			}
			assertThat(sleep.isAlive()).as("the unrelated process was left alone").isTrue();
		}
		finally {
			sleep.destroyForcibly();
		}
	}

	@Test
	void m3AnOrphanedPostmasterOfTheFolderIsStoppedAndOneInUseIsNot(@TempDir Path data) throws Exception {
		Path folder = data.resolve("pg");
		Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), ServerInAnotherJvm.class.getName(), folder.toString())
			.redirectErrorStream(true)
			.redirectOutput(data.resolve("jvm.log").toFile())
			.start();
		try {
			awaitReady(jvm, data.resolve("jvm.log"));
			long postmaster = Long.parseLong(Files.readAllLines(folder.resolve("postmaster.pid")).get(0).trim());
			assertThat(LeftoverPostmaster.identify(ProcessHandle.of(postmaster).orElseThrow(), folder))
				.isEqualTo(LeftoverPostmaster.Identity.POSTMASTER_OF_THIS_FOLDER);

			// Its JVM is alive: the folder is in use, nothing is stopped.
			assertThatThrownBy(() -> EmbeddedPostgresServer.start(folder, 0)).isInstanceOf(IOException.class)
				.hasMessageContaining("belongs to another running process");
			assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);

			// kill -9 of the JVM leaves its server running, holding the folder.
			jvm.destroyForcibly().waitFor();
			assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);

			try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(folder, 0);
					Connection app = DriverManager.getConnection(server.jdbcUrl(), server.username(),
							server.password())) {
				assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
				assertThat(query(app, "SELECT 1")).isEqualTo("1");
			}
		}
		finally {
			jvm.destroyForcibly();
		}
	}

	@Test
	void aSecondServerOnAFolderOfThisProcessIsRefused(@TempDir Path data) throws Exception {
		Path folder = data.resolve("pg");
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(folder, 0)) {
			assertThatThrownBy(() -> EmbeddedPostgresServer.start(folder, 0)).isInstanceOf(IOException.class)
				.hasMessageContaining("already running in this process");
			try (Connection app = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password())) {
				assertThat(query(app, "SELECT 1")).isEqualTo("1");
			}
		}
	}

	private static void awaitReady(Process jvm, Path log) {
		await("the other JVM's server").atMost(Duration.ofMinutes(2)).until(() -> {
			String output = Files.readString(log);
			if (!jvm.isAlive()) {
				throw new AssertionError("The other JVM ended: " + output);
			}
			return output.lines().anyMatch(ServerInAnotherJvm.READY::equals);
		});
	}

	private static Properties kept(EmbeddedPostgresServer server) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files
			.newBufferedReader(server.dataDirectory().resolve(EmbeddedPostgresCredentials.FILE_NAME))) {
			properties.load(reader);
		}
		return properties;
	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
		List<NetworkInterface> interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
		for (NetworkInterface network : interfaces) {
			if (!network.isUp() || network.isLoopback()) {
				continue;
			}
			for (InetAddress address : Collections.list(network.getInetAddresses())) {
				if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
					return Optional.of(address);
				}
			}
		}
		return Optional.empty();
	}

}
