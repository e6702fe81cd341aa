package io.cairn.mesos.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.function.Function;

import io.cairn.mesos.detector.LeaderDetector;
import io.cairn.mesos.detector.LeaderSnapshot;
import io.cairn.mesos.detector.MasterDetector;
import io.cairn.mesos.detector.State;
import io.cairn.mesos.marathon.MarathonHttpLeaderLookup;
import io.cairn.mesos.marathon.MarathonInstance;
import io.cairn.mesos.marathon.MarathonLeaderDetector;
import io.cairn.mesos.master.HostField;
import io.cairn.mesos.master.Master;
import io.cairn.mesos.zk.InvalidUrlException;
import io.cairn.mesos.zk.ZkClients;
import io.cairn.mesos.zk.ZkUrl;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mesos-leader}: prints the leading Mesos master (or Marathon instance) found
 * through ZooKeeper, once or on every change. A drop-in for zk-mesos'
 * {@code mesos-leader} ({@code --zk}, {@code -a}, {@code --mesos-version}, {@code -v}
 * work as they did), with exit codes scripts can rely on: 0 a leader was found, 1 none
 * within the timeout, 2 bad usage or a bad URL.
 */
@Command(name = "mesos-leader", mixinStandardHelpOptions = true, versionProvider = MesosLeaderCommand.Version.class,
		sortOptions = false, usageHelpAutoWidth = true,
		description = { "Prints the leading Mesos master's MasterInfo as JSON, found through ZooKeeper.",
				"Exit codes: 0 leader found, 1 no leader within the timeout, 2 bad usage or URL." })
public final class MesosLeaderCommand implements Callable<Integer> {

	static final int FOUND = 0;

	static final int NO_LEADER = 1;

	static final int USAGE = 2;

	private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private static final JsonMapper COMPACT = JsonMapper.builder().build();

	@Option(names = "--zk", paramLabel = "URL",
			description = "ZooKeeper URL as given to the masters' --zk (or Marathon's --zk with --marathon), "
					+ "e.g. zk://zk1:2181,zk2:2181/mesos; user:pass@ for digest auth; file:///path to read it from a file")
	private @Nullable String zk;

	@Option(names = { "-a", "--all" }, description = "All masters in election order, the leader first")
	private boolean all;

	@Option(names = "--url", description = "Print only the URL, http://ip:port")
	private boolean url;

	@Option(names = "--hostname", description = "With --url, use the host name instead of the IP address")
	private boolean hostname;

	@Option(names = "--watch", description = "Keep following: print each change as a line of JSON (or a URL with "
			+ "--url) until interrupted")
	private boolean watch;

	@Option(names = "--marathon", description = "Find Marathon's leader: --zk is Marathon's own --zk URL")
	private boolean marathon;

	@Option(names = "--marathon-url", paramLabel = "URL", split = ",",
			description = "Ask these Marathon URLs (GET /v2/leader) instead of ZooKeeper, e.g. http://m1:8080,http://m2:8080")
	private List<URI> marathonUrls = new ArrayList<>();

	@Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
			description = "How long to wait for a leader (default: ${DEFAULT-VALUE})")
	private double timeoutSeconds;

	@Option(names = "--session-timeout", paramLabel = "SECONDS", defaultValue = "10",
			description = "ZooKeeper session timeout, as Mesos' --zk_session_timeout (default: ${DEFAULT-VALUE}); "
					+ "with --watch, how long ZooKeeper may be out of reach before the leader is no longer known")
	private double sessionTimeoutSeconds;

	@Option(names = { "-v", "--verbose" }, description = "Log progress to stderr")
	private boolean verbose;

	@Option(names = "--mesos-version", paramLabel = "VERSION",
			description = "Accepted for zk-mesos compatibility and ignored: the format is detected from the znodes")
	private @Nullable String mesosVersion;

	private final PrintWriter out;

	private final PrintWriter err;

	MesosLeaderCommand(PrintWriter out, PrintWriter err) {
		this.out = out;
		this.err = err;
	}

	/**
	 * Runs the command and exits with its code.
	 * @param args the arguments
	 */
	public static void main(String[] args) {
		boolean verbose = java.util.Arrays.stream(args).anyMatch((a) -> a.equals("-v") || a.equals("--verbose"));
		configureLogging(verbose);
		PrintWriter out = new PrintWriter(System.out, true);
		PrintWriter err = new PrintWriter(System.err, true);
		System.exit(run(args, out, err));
	}

	static int run(String[] args, PrintWriter out, PrintWriter err) {
		CommandLine commandLine = new CommandLine(new MesosLeaderCommand(out, err));
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setParameterExceptionHandler((ex, arguments) -> {
			err.println("mesos-leader: " + ex.getMessage() + " (see --help)");
			return USAGE;
		});
		commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
			if (ex instanceof InvalidUrlException || ex instanceof IllegalArgumentException) {
				err.println("mesos-leader: " + ex.getMessage());
				return USAGE;
			}
			err.println("mesos-leader: " + ex);
			return NO_LEADER;
		});
		return commandLine.execute(args);
	}

	@Override
	public Integer call() throws Exception {
		if (this.timeoutSeconds < 0 || Double.isNaN(this.timeoutSeconds)) {
			return usage("--timeout must not be negative");
		}
		if (!(this.sessionTimeoutSeconds >= 1 && this.sessionTimeoutSeconds <= 3600)) {
			return usage("--session-timeout must be between 1 and 3600 seconds");
		}
		if (this.hostname && !this.url) {
			return usage("--hostname only makes sense with --url");
		}
		Duration timeout = Duration.ofMillis((long) (this.timeoutSeconds * 1000));
		if (!this.marathonUrls.isEmpty()) {
			if (this.zk != null || this.watch || this.all) {
				return usage("--marathon-url cannot be combined with --zk, --watch or -a");
			}
			return marathonOverHttp(timeout);
		}
		if (this.zk == null) {
			return usage("--zk is required (e.g. --zk zk://127.0.0.1:2181/mesos)");
		}
		ZkUrl zkUrl = ZkUrl.parse(this.zk);
		info("Connecting to ZooKeeper at " + zkUrl);
		Duration sessionTimeout = Duration.ofMillis((long) (this.sessionTimeoutSeconds * 1000));
		if (this.marathon) {
			try (MarathonLeaderDetector detector = MarathonLeaderDetector.create(zkUrl, sessionTimeout,
					ZkClients.DEFAULT_CONNECTION_TIMEOUT)) {
				return follow(detector, timeout, "Marathon instance", (instance) -> instance.url(),
						COMPACT::valueToTree);
			}
		}
		HostField field = this.hostname ? HostField.HOSTNAME : HostField.IP;
		try (MasterDetector detector = MasterDetector.create(zkUrl, sessionTimeout,
				ZkClients.DEFAULT_CONNECTION_TIMEOUT)) {
			return follow(detector, timeout, "Mesos master", (master) -> master.url(field),
					(master) -> COMPACT.valueToTree(master.info()));
		}
	}

	private <L> int follow(LeaderDetector<L> detector, Duration timeout, String what, Function<L, URI> urlOf,
			Function<L, Object> jsonOf) throws InterruptedException {
		if (this.watch) {
			return watch(detector, urlOf, jsonOf);
		}
		detector.start();
		Optional<L> leader = detector.awaitLeader(timeout);
		if (leader.isEmpty()) {
			State state = detector.state();
			this.err.println("mesos-leader: " + ((state == State.NO_LEADER)
					? "no leading " + what + " in " + detector.description() + " (waited " + this.timeoutSeconds + " s)"
					: "could not read " + detector.description() + " within " + this.timeoutSeconds
							+ " s (ZooKeeper unreachable or access denied)"));
			return NO_LEADER;
		}
		List<L> members = this.all ? detector.members() : List.of(leader.get());
		info("Found " + members.size() + " " + what + "(s); leader: " + urlOf.apply(leader.get()));
		if (this.url) {
			members.forEach((member) -> this.out.println(urlOf.apply(member)));
		}
		else {
			Object json = this.all ? members.stream().map(jsonOf).toList() : jsonOf.apply(leader.get());
			this.out.println(PRETTY.writeValueAsString(json));
		}
		this.out.flush();
		return FOUND;
	}

	private <L> int watch(LeaderDetector<L> detector, Function<L, URI> urlOf, Function<L, Object> jsonOf)
			throws InterruptedException {
		detector.addListener((previous, current) -> {
			boolean leaderChanged = current.leaderDiffersFrom(previous);
			if (!leaderChanged && !(this.all && !current.members().equals(previous.members()))) {
				return;
			}
			if (this.url) {
				if (current.state() == State.LEADER_KNOWN && current.leader() != null) {
					this.out.println(urlOf.apply(current.leader()));
				}
				else if (leaderChanged) {
					this.err.println("mesos-leader: " + describe(current));
				}
			}
			else {
				this.out.println(COMPACT.writeValueAsString(event(current, jsonOf)));
			}
			this.out.flush();
		});
		CountDownLatch interrupted = new CountDownLatch(1);
		// The JVM takes its shutdown hooks as threads; this one ends the watch on Ctrl-C.
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			detector.close();
			interrupted.countDown();
		}, "mesos-leader-shutdown"));
		detector.start();
		interrupted.await();
		return FOUND;
	}

	private <L> ObjectNode event(LeaderSnapshot<L> snapshot, Function<L, Object> jsonOf) {
		ObjectNode event = COMPACT.createObjectNode();
		event.put("state", snapshot.state().name());
		event.put("since", snapshot.since().toString());
		L leader = snapshot.knownLeader().orElse(null);
		event.set("leader", (leader != null) ? COMPACT.valueToTree(jsonOf.apply(leader)) : COMPACT.nullNode());
		if (this.all) {
			List<Object> members = (snapshot.state() == State.LEADER_KNOWN)
					? snapshot.members().stream().map(jsonOf).toList() : List.of();
			event.set("all", COMPACT.valueToTree(members));
		}
		return event;
	}

	private static String describe(LeaderSnapshot<?> snapshot) {
		return switch (snapshot.state()) {
			case LEADER_KNOWN -> "leader " + snapshot.leader();
			case NO_LEADER -> "no leader";
			case UNCERTAIN -> "leader uncertain (ZooKeeper connection suspended or lost)";
		};
	}

	private int marathonOverHttp(Duration timeout) throws InterruptedException {
		MarathonHttpLeaderLookup lookup = MarathonHttpLeaderLookup.of(this.marathonUrls,
				java.net.http.HttpClient.newBuilder()
					.version(java.net.http.HttpClient.Version.HTTP_1_1)
					.connectTimeout(positive(timeout))
					.build(),
				positive(timeout), null, null);
		try {
			Optional<MarathonInstance> leader = lookup.leader();
			if (leader.isEmpty()) {
				this.err.println("mesos-leader: Marathon says there is no leader");
				return NO_LEADER;
			}
			this.out.println(this.url ? leader.get().url().toString() : PRETTY.writeValueAsString(leader.get()));
			this.out.flush();
			return FOUND;
		}
		catch (MarathonHttpLeaderLookup.MarathonUnavailableException ex) {
			this.err.println("mesos-leader: " + ex.getMessage());
			return NO_LEADER;
		}
	}

	private static Duration positive(Duration timeout) {
		return timeout.isZero() ? Duration.ofMillis(1) : timeout;
	}

	private int usage(String message) {
		this.err.println("mesos-leader: " + message + " (see --help)");
		return USAGE;
	}

	private void info(String message) {
		if (this.verbose) {
			this.err.println(java.time.LocalDateTime.now().withNano(0) + " [INFO ] " + message);
		}
	}

	/**
	 * slf4j-simple reads these once, before the first logger: quiet unless verbose, to
	 * stderr, so stdout holds only the answer.
	 */
	private static void configureLogging(boolean verbose) {
		System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "warn" : "off");
		System.setProperty("org.slf4j.simpleLogger.log.io.cairn", verbose ? "debug" : "error");
		System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
		System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss");
		System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
		System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
	}

	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = MesosLeaderCommand.class.getPackage().getImplementationVersion();
			return new String[] { "mesos-leader " + ((version != null) ? version : "(development build)") };
		}

	}

}
