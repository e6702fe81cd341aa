package io.cairn.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.cairn.support.postgres.EmbeddedPostgresServer;

/**
 * {@code cairn up}: one embedded PostgreSQL (a database per app), one embedded ZooKeeper,
 * then every app on its standard port, each console URL printed. Ctrl-C stops the apps
 * gracefully, then ZooKeeper, then PostgreSQL. Data stays in {@code --data-dir}, so the
 * next {@code up} starts where this one stopped.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
		description = "Start the platform locally on embedded PostgreSQL and ZooKeeper; Ctrl-C stops it.")
final class UpCommand implements Callable<Integer> {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final Duration STOP_GRACE = Duration.ofSeconds(30);

	@Option(names = "--data-dir", defaultValue = "./data",
			description = "Where PostgreSQL, ZooKeeper and the logs keep their files (default: ${DEFAULT-VALUE}).")
	private Path dataDirectory = Path.of("./data");

	@Option(names = "--postgres-port", defaultValue = "15432",
			description = "The embedded PostgreSQL's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
	private int postgresPort = 15432;

	@Option(names = "--zookeeper-port", defaultValue = "2181",
			description = "The embedded ZooKeeper's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
	private int zookeeperPort = 2181;

	@Option(names = "--port-offset", defaultValue = "0",
			description = "Add this to every app's standard port, to run a second copy beside the first (default: ${DEFAULT-VALUE}).")
	private int portOffset;

	@Option(names = "--root", defaultValue = ".", hidden = true, description = "The project root.")
	private Path root = Path.of(".");

	private final PrintStream out = System.out;

	private final List<AppProcess> running = Collections.synchronizedList(new ArrayList<>());

	private final AtomicBoolean stopped = new AtomicBoolean();

	private @Nullable EmbeddedZookeeper zookeeper;

	private @Nullable EmbeddedPostgresServer postgres;

	@Override
	public Integer call() throws Exception {
		Path projectRoot = this.root.toAbsolutePath().normalize();
		Path data = projectRoot.resolve(this.dataDirectory).normalize();
		List<PlatformApp> apps = Platform.apps().stream().map((app) -> app.withPortOffset(this.portOffset)).toList();
		String problem = checkPrerequisites(projectRoot, apps);
		if (problem != null) {
			System.err.println("cairn up: " + problem);
			return 2;
		}
		CountDownLatch finished = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stopAll();
			finished.countDown();
		}, "cairn-shutdown"));

		try {
			this.out.println("Starting embedded PostgreSQL on 127.0.0.1:" + this.postgresPort + " (data in "
					+ data.resolve("postgres") + ")");
			this.postgres = EmbeddedPostgresServer.start(data.resolve("postgres"), this.postgresPort);
			createDatabases(this.postgres, apps);
		}
		catch (IOException | SQLException ex) {
			System.err.println("cairn up: could not start PostgreSQL: " + ex.getMessage());
			stopAll();
			return 1;
		}
		try {
			this.out.println("Starting embedded ZooKeeper on 127.0.0.1:" + this.zookeeperPort);
			this.zookeeper = EmbeddedZookeeper.start(data.resolve("zookeeper"), this.zookeeperPort);
		}
		catch (Exception ex) {
			System.err.println("cairn up: could not start ZooKeeper: " + ex);
			stopAll();
			return 1;
		}

		for (PlatformApp app : apps) {
			this.out.println("Starting " + app.name() + " ...");
			AppProcess process = AppProcess.start(app, projectRoot, arguments(app, data), data.resolve("logs"));
			this.running.add(process);
			if (!process.awaitReady(START_TIMEOUT)) {
				System.err.println("cairn up: " + app.name() + " did not become ready; its log is " + process.log());
				stopAll();
				return 1;
			}
		}
		this.out.println();
		this.out.println("Cairn is up:");
		for (PlatformApp app : apps) {
			this.out.printf("  %-24s %s%n", app.name(), app.consoleUrl());
		}
		this.out.println("  logs in " + data.resolve("logs"));
		this.out.println("Press Ctrl-C to stop.");
		watchForCrashes(finished);
		return 0;
	}

	private List<String> arguments(PlatformApp app, Path data) {
		List<String> arguments = new ArrayList<>();
		arguments.add("--server.port=" + app.port());
		if (app.database() != null && this.postgres != null) {
			arguments.add("--spring.datasource.url=" + this.postgres.jdbcUrl(app.database()));
			arguments.add("--spring.datasource.username=" + EmbeddedPostgresServer.USER);
		}
		if (this.zookeeper != null) {
			arguments.add("--spring.cloud.zookeeper.connect-string=" + this.zookeeper.connectString());
		}
		arguments.add("--cairn.data-dir=" + data);
		if (app.name().equals(Platform.STATUS.name())) {
			// Instances registered with a status-url label become checks.
			arguments.add("--cairn.status.discovery.registry.url=http://127.0.0.1:"
					+ (Platform.REGISTRY.port() + this.portOffset));
		}
		arguments.addAll(app.arguments());
		return arguments;
	}

	private @Nullable String checkPrerequisites(Path projectRoot, List<PlatformApp> apps) {
		for (PlatformApp app : apps) {
			if (!Files.isRegularFile(projectRoot.resolve(app.jar()))) {
				return app.jar() + " is missing; build it with ./mvnw -DskipTests package (./cairn up does this)";
			}
		}
		Set<Integer> ports = new HashSet<>();
		ports.add(this.postgresPort);
		ports.add(this.zookeeperPort);
		apps.forEach((app) -> ports.add(app.port()));
		for (int port : ports) {
			if (!isFree(port)) {
				return "port " + port + " is in use; stop what uses it or choose another with the options of "
						+ "cairn up --help";
			}
		}
		return null;
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
			socket.setReuseAddress(true);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void createDatabases(EmbeddedPostgresServer postgres, List<PlatformApp> apps) throws SQLException {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "");
				Statement statement = connection.createStatement()) {
			for (PlatformApp app : apps) {
				if (app.database() == null) {
					continue;
				}
				var exists = statement
					.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + app.database() + "'");
				if (!exists.next()) {
					statement.execute("CREATE DATABASE " + app.database());
				}
			}
		}
	}

	private void watchForCrashes(CountDownLatch finished) throws InterruptedException {
		Set<String> reported = new HashSet<>();
		while (!finished.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
			for (AppProcess process : List.copyOf(this.running)) {
				if (!process.isAlive() && !this.stopped.get() && reported.add(process.app().name())) {
					System.err.println(process.app().name() + " stopped unexpectedly; its log is " + process.log());
				}
			}
		}
	}

	private void stopAll() {
		if (!this.stopped.compareAndSet(false, true)) {
			return;
		}
		this.out.println("Stopping Cairn ...");
		List<AppProcess> processes = new ArrayList<>(this.running);
		Collections.reverse(processes);
		for (AppProcess process : processes) {
			try {
				process.stop(STOP_GRACE);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.zookeeper != null) {
			this.zookeeper.close();
		}
		if (this.postgres != null) {
			try {
				this.postgres.close();
			}
			catch (IOException ex) {
				System.err.println("Could not stop PostgreSQL cleanly: " + ex.getMessage());
			}
		}
		this.out.println("Stopped.");
	}

}
