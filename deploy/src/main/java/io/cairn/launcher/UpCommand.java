package io.cairn.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
@Command(name = "up", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "Start the platform locally on embedded PostgreSQL and ZooKeeper; Ctrl-C stops it.")
final class UpCommand implements Callable<Integer> {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

	private static final Duration STOP_GRACE = Duration.ofSeconds(30);

	/** Where PostgreSQL and ZooKeeper always listen, and the apps by default. */
	static final String LOOPBACK = "127.0.0.1";

	@Option(names = "--data-dir", defaultValue = "./data",
			description = "Where PostgreSQL, ZooKeeper and the logs keep their files (default: ${DEFAULT-VALUE}).")
	private Path dataDirectory = Path.of("./data");

	@Option(names = "--postgres-port", defaultValue = "15432",
			description = "The embedded PostgreSQL's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
	private int postgresPort = 15432;

	@Option(names = "--zookeeper-port", defaultValue = "2181",
			description = "The embedded ZooKeeper's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
	private int zookeeperPort = 2181;

	@Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
			description = "The address the apps listen on (default: ${DEFAULT-VALUE}, this machine only). "
					+ "0.0.0.0 opens them to other machines, whose writes are then refused unless "
					+ "CAIRN_SECURITY_TOKEN (sent as a bearer token) or CAIRN_SECURITY_OPEN_WRITES=true is set. "
					+ "PostgreSQL and ZooKeeper stay on 127.0.0.1.")
	private String bind = LOOPBACK;

	@Option(names = "--port-offset", defaultValue = "0",
			description = "Add this to every app's standard port, to run a second copy beside the first (default: ${DEFAULT-VALUE}).")
	private int portOffset;

	@Option(names = "--with-examples",
			description = "Also start the examples after the platform: hello-service (registers itself in the "
					+ "registry with registry-client) and hello-caller (calls it by name through a @LoadBalanced "
					+ "RestClient; open its /call page).")
	private boolean withExamples;

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
		List<PlatformApp> apps = apps();
		String problem = checkPrerequisites(projectRoot, apps);
		if (problem != null) {
			System.err.println("cairn up: " + problem);
			return 2;
		}
		String warning = exposureWarning();
		if (warning != null) {
			System.err.println("cairn up: WARNING: " + warning);
		}
		CountDownLatch finished = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stopAll();
			finished.countDown();
		}, "cairn-shutdown"));

		try {
			this.out.println("Starting embedded PostgreSQL on " + EmbeddedPostgresServer.LISTEN_ADDRESS + ":"
					+ this.postgresPort + " (data in " + data.resolve("postgres") + ")");
			this.postgres = EmbeddedPostgresServer.start(data.resolve("postgres"), this.postgresPort);
			for (PlatformApp app : apps) {
				if (app.database() != null) {
					this.postgres.createDatabase(app.database());
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("cairn up: could not start PostgreSQL: " + ex.getMessage());
			stopAll();
			return 1;
		}
		try {
			this.out.println("Starting embedded ZooKeeper on " + LOOPBACK + ":" + this.zookeeperPort);
			this.zookeeper = EmbeddedZookeeper.start(data.resolve("zookeeper"), this.zookeeperPort);
		}
		catch (Exception ex) {
			System.err.println("cairn up: could not start ZooKeeper: " + ex);
			stopAll();
			return 1;
		}

		for (PlatformApp app : apps) {
			this.out.println("Starting " + app.name() + " ...");
			AppProcess process = AppProcess.start(app, projectRoot, arguments(app, data),
					environment(app, System.getenv()), probeHost(), data.resolve("logs"));
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
			this.out.printf("  %-24s %s%n", app.name(), app.consoleUrl(consoleHost()));
		}
		this.out.println("  logs in " + data.resolve("logs"));
		this.out.println("Press Ctrl-C to stop.");
		watchForCrashes(finished);
		return 0;
	}

	/**
	 * What this {@code up} starts, in start order, on their shifted ports.
	 * @return the apps, then the examples when asked for
	 */
	List<PlatformApp> apps() {
		List<PlatformApp> apps = new ArrayList<>(Platform.apps());
		if (this.withExamples) {
			apps.addAll(Platform.examples());
		}
		return apps.stream().map((app) -> app.withPortOffset(this.portOffset)).toList();
	}

	List<String> arguments(PlatformApp app, Path data) {
		List<String> arguments = new ArrayList<>();
		arguments.add("--server.port=" + app.port());
		arguments.add("--server.address=" + this.bind);
		if (Platform.isExample(app)) {
			// A client of the registry and nothing else: the local registry (port offset
			// included), and the address the apps listen on as the address it is called
			// at.
			arguments.add("--cairn.registry.client.urls=" + registryUrl());
			arguments.add("--cairn.registry.client.registration.host=" + probeHost());
			arguments.addAll(app.arguments());
			return arguments;
		}
		if (app.database() != null && this.postgres != null) {
			arguments.add("--spring.datasource.url=" + this.postgres.jdbcUrl(app.database()));
		}
		if (this.zookeeper != null) {
			arguments.add("--spring.cloud.zookeeper.connect-string=" + this.zookeeper.connectString());
		}
		arguments.add("--cairn.data-dir=" + data);
		if (app.name().equals(Platform.STATUS.name())) {
			// Instances registered with a status-url label become checks.
			arguments.add("--cairn.status.discovery.registry.url=" + registryUrl());
			// status-aggregator refuses check targets on loopback by default (a check
			// must not reach the aggregator's own host's private services). Here every
			// app it watches runs on this machine, and on 127.0.0.1 unless --bind says
			// otherwise, so without this no check of the local platform could be polled.
			arguments.add("--cairn.status.security.allow-loopback=true");
		}
		arguments.addAll(app.arguments());
		return arguments;
	}

	private String registryUrl() {
		return "http://" + probeHost() + ":" + (Platform.REGISTRY.port() + this.portOffset);
	}

	/**
	 * The database credentials go to the apps through their environment, which other
	 * users cannot read, not through their command line, which {@code ps} shows to all.
	 * So does the write token the examples register with: the registry's own
	 * ({@code CAIRN_SECURITY_TOKEN} of this launcher's environment, which every app
	 * inherits), unless {@code CAIRN_REGISTRY_TOKEN} names another.
	 * @param app the app
	 * @param launcher the launcher's environment (the apps inherit it)
	 * @return the variables added for this app
	 */
	Map<String, String> environment(PlatformApp app, Map<String, String> launcher) {
		if (Platform.isExample(app)) {
			String token = launcher.get("CAIRN_SECURITY_TOKEN");
			if (token != null && !token.isEmpty() && !launcher.containsKey("CAIRN_REGISTRY_TOKEN")) {
				return Map.of("CAIRN_REGISTRY_TOKEN", token);
			}
			return Map.of();
		}
		if (app.database() == null || this.postgres == null) {
			return Map.of();
		}
		return Map.of("SPRING_DATASOURCE_USERNAME", this.postgres.username(), "SPRING_DATASOURCE_PASSWORD",
				this.postgres.password());
	}

	/**
	 * What to tell the user when the apps are reachable from other machines.
	 * @return the warning, or null when they listen on loopback only
	 */
	@Nullable String exposureWarning() {
		if (isLoopback(this.bind)) {
			return null;
		}
		return "the apps listen on " + this.bind + ", so other machines can reach them. Their writes are refused "
				+ "unless you set CAIRN_SECURITY_TOKEN (then send Authorization: Bearer <token>) or, on a network "
				+ "you trust, CAIRN_SECURITY_OPEN_WRITES=true, in the environment of ./cairn up.";
	}

	/**
	 * Where the launcher reaches the apps: their own address, or loopback for a wildcard.
	 */
	private String probeHost() {
		return isWildcard(this.bind) ? LOOPBACK : this.bind;
	}

	private String consoleHost() {
		return (isWildcard(this.bind) || isLoopback(this.bind)) ? "localhost" : this.bind;
	}

	private static boolean isWildcard(String address) {
		return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
	}

	private static boolean isLoopback(String address) {
		try {
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Nullable String checkPrerequisites(Path projectRoot, List<PlatformApp> apps) {
		for (PlatformApp app : apps) {
			if (!Files.isRegularFile(projectRoot.resolve(app.jar()))) {
				return app.jar() + " is missing; build it with ./mvnw -DskipTests package (./cairn up does this)";
			}
		}
		InetAddress appAddress;
		try {
			appAddress = InetAddress.getByName(this.bind);
		}
		catch (IOException ex) {
			return "--bind " + this.bind + " is not an address of this machine";
		}
		// Each port is tried on the address it will be bound to.
		Map<Integer, InetAddress> ports = new LinkedHashMap<>();
		InetAddress loopback = InetAddress.getLoopbackAddress();
		ports.put(this.postgresPort, loopback);
		ports.put(this.zookeeperPort, loopback);
		apps.forEach((app) -> ports.put(app.port(), appAddress));
		for (Map.Entry<Integer, InetAddress> port : ports.entrySet()) {
			String problem = bindProblem(port.getValue(), port.getKey());
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	private static @Nullable String bindProblem(InetAddress address, int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(address, port), 1);
			return null;
		}
		catch (BindException ex) {
			return "port " + port + " on " + address.getHostAddress()
					+ " is in use; stop what uses it or choose another with the options of cairn up --help";
		}
		catch (IOException ex) {
			return "cannot listen on " + address.getHostAddress() + ":" + port + " (" + ex.getMessage()
					+ "); choose another address or port with the options of cairn up --help";
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
