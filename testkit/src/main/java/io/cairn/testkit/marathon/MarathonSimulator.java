package io.cairn.testkit.marathon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Marathon instance simulated in-process over real HTTP, written from Marathon's REST
 * and event bus documents ({@code shared/reference/marathon}).
 *
 * <pre>{@code
 * try (MarathonSimulator marathon = MarathonSimulator.builder().version(MarathonVersion.V1_4)
 *         .hosts("agent-a", "agent-b").start()) {
 *     marathon.createApp("{\"id\":\"/web\",\"instances\":2}");   // tasks go STAGING, STARTING, RUNNING
 *     marathon.scale("/web", 3);
 *     marathon.killTask(marathon.tasks("/web").get(0).id());    // KILLING, KILLED, then a replacement
 *     marathon.dropStreams();                                   // cut every /v2/events connection
 * }
 * }</pre>
 *
 * Served: {@code /v2/apps} (list with {@code embed=apps.tasks} and {@code label=},
 * create, read with {@code embed=app.tasks}, update, delete, {@code /tasks}, task kill),
 * {@code /v2/tasks} (JSON and {@code text/plain}), {@code /v2/leader}, {@code /v2/info},
 * {@code /v2/eventSubscriptions} (Marathon 1.3 and 1.4 started with
 * {@code --event_subscriber http_callback}; otherwise 400, and 404 from 1.5 on),
 * {@code /v2/events} (Server-Sent Events: {@code event:} and {@code data:} lines, a blank
 * line after each event, comment lines as heartbeats, {@code event_type} filters, 405
 * without {@code Accept: text/event-stream}) and {@code /ping}. Events are those of the
 * chosen {@link MarathonVersion}. Several instances sharing one state form a
 * {@link MarathonCluster} with a leader that can change.
 */
public final class MarathonSimulator implements AutoCloseable {

	static {
		// Answers are written as headers then body; without TCP_NODELAY, Nagle's
		// algorithm and delayed ACKs add about 40 ms per answer.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	private final MarathonState state;

	private final boolean ownsState;

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final HttpServer server;

	private final ExecutorService workers;

	private final String hostPort;

	private MarathonSimulator(MarathonState state, Duration heartbeat, int port, boolean ownsState,
			@Nullable String authorization) {
		this.state = state;
		this.ownsState = ownsState;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the Marathon simulator", ex);
		}
		AtomicInteger count = new AtomicInteger();
		// Event streams hold their thread for as long as they are connected.
		this.workers = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "marathon-sim-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.workers);
		this.hostPort = "127.0.0.1:" + this.server.getAddress().getPort();
		MarathonHttpApi api = new MarathonHttpApi(state, heartbeat, this.hostPort, this.server.getAddress().getPort(),
				authorization, this.requests);
		this.server.createContext("/", api::handle);
		this.server.start();
	}

	/**
	 * Start a Marathon 1.8 simulator on a free port, leading, with tasks on host
	 * {@code 127.0.0.1}.
	 * @return the running simulator
	 */
	public static MarathonSimulator start() {
		return builder().start();
	}

	/**
	 * Configure a simulator.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	// ------------------------------------------------------------------ addresses

	/**
	 * The base URL to give a client.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public URI baseUrl() {
		return URI.create("http://" + this.hostPort);
	}

	/**
	 * The instance's {@code host:port}, as {@code /v2/leader} names it.
	 * @return {@code 127.0.0.1:<port>}
	 */
	public String hostPort() {
		return this.hostPort;
	}

	/**
	 * The port.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * The simulated version.
	 * @return the version
	 */
	public MarathonVersion version() {
		return this.state.version;
	}

	/**
	 * The faults to inject (shared by every instance of a cluster).
	 * @return the fault controls
	 */
	public MarathonFaults faults() {
		return this.state.faults;
	}

	/**
	 * Whether this instance is the leader.
	 * @return true when {@code /v2/leader} names this instance
	 */
	public boolean isLeader() {
		return this.hostPort.equals(this.state.leader());
	}

	// ------------------------------------------------------------------ operations

	/**
	 * Create an app as {@code POST /v2/apps} would, and deploy it: each task goes through
	 * {@code TASK_STAGING}, {@code TASK_STARTING} and {@code TASK_RUNNING} (and, with
	 * health checks and auto-health on, becomes healthy).
	 * @param definition the app definition JSON (at least an {@code id})
	 * @return the normalised app ID
	 */
	public String createApp(String definition) {
		return this.state.createApp(parse(definition)).get("id").asString();
	}

	/**
	 * Change an app as {@code PUT /v2/apps/{id}} would: a change of {@code instances}
	 * alone scales; any other change is a new version whose tasks replace the old ones.
	 * @param appId the app ID
	 * @param patch the fields to change
	 */
	public void updateApp(String appId, String patch) {
		this.state.updateApp(appId, parse(patch), true);
	}

	/**
	 * Replace an app's labels (a new version: its tasks are restarted, as Marathon does).
	 * @param appId the app ID
	 * @param labels the new labels
	 */
	public void updateLabels(String appId, Map<String, String> labels) {
		ObjectNode patch = MarathonState.JSON.createObjectNode();
		ObjectNode node = patch.putObject("labels");
		labels.forEach(node::put);
		this.state.updateApp(appId, patch, true);
	}

	/**
	 * Replace an app's labels without restarting its tasks (the {@code api_post_event}
	 * alone), as an operator's edit that Marathon applied in place would look.
	 * @param appId the app ID
	 * @param labels the new labels
	 */
	public void updateLabelsInPlace(String appId, Map<String, String> labels) {
		ObjectNode patch = MarathonState.JSON.createObjectNode();
		ObjectNode node = patch.putObject("labels");
		labels.forEach(node::put);
		this.state.updateApp(appId, patch, false);
	}

	/**
	 * Scale an app.
	 * @param appId the app ID
	 * @param instances the new instance count
	 */
	public void scale(String appId, int instances) {
		this.state.scale(appId, instances);
	}

	/**
	 * Kill a task; Marathon starts a replacement.
	 * @param taskId the task ID
	 */
	public void killTask(String taskId) {
		this.state.killTask(taskId, false);
	}

	/**
	 * Kill a task, optionally scaling the app down instead of replacing it.
	 * @param taskId the task ID
	 * @param scale whether to scale down
	 */
	public void killTask(String taskId, boolean scale) {
		this.state.killTask(taskId, scale);
	}

	/**
	 * End a task in a terminal (or unreachable) state, such as {@code TASK_FAILED},
	 * {@code TASK_LOST} or {@code TASK_UNREACHABLE}.
	 * @param taskId the task ID
	 * @param state the Mesos state
	 * @param replace whether Marathon starts a replacement
	 */
	public void endTask(String taskId, String state, boolean replace) {
		this.state.endTask(taskId, state, replace);
	}

	/**
	 * Destroy an app: its tasks are killed and {@code app_terminated_event} follows.
	 * @param appId the app ID
	 */
	public void destroyApp(String appId) {
		this.state.destroyApp(appId);
	}

	/**
	 * Install an app exactly as a recorded Marathon answer describes it (an app
	 * definition, with its {@code tasks} as {@code GET /v2/apps/<id>?embed=app.tasks}
	 * lists them: IDs, hosts, ports, {@code state} or only {@code startedAt}), with no
	 * deployment and no event: for tests built from published examples rather than from
	 * what the simulator would deploy. The tasks are then served in the shape of the
	 * simulated version (without {@code state} on 0.15).
	 * @param recordedApp the app JSON with its tasks
	 * @return the normalised app ID
	 */
	public String importApp(String recordedApp) {
		return this.state.importApp(parse(recordedApp));
	}

	/**
	 * The task's agent was cut off: the task turns {@code TASK_UNREACHABLE} (events are
	 * published) and stays listed, as with partition-aware Mesos; no replacement is
	 * started.
	 * @param taskId the task ID
	 */
	public void unreachable(String taskId) {
		this.state.unreachable(taskId);
	}

	/**
	 * The task's agent reconnected: the same task is {@code TASK_RUNNING} again (events
	 * are published).
	 * @param taskId the task ID
	 */
	public void reachable(String taskId) {
		this.state.reachable(taskId);
	}

	/**
	 * Set a task's health check verdict and publish the health events of the simulated
	 * version.
	 * @param taskId the task ID
	 * @param alive the verdict
	 */
	public void setHealth(String taskId, boolean alive) {
		this.state.setHealth(taskId, alive);
	}

	/**
	 * Whether new tasks of apps with health checks become healthy on their own.
	 * @param autoHealthy true to make them healthy right after {@code TASK_RUNNING}
	 */
	public void autoHealthy(boolean autoHealthy) {
		this.state.autoHealthy(autoHealthy);
	}

	/**
	 * Publish any event, exactly as given (for events out of order, duplicates, unknown
	 * types).
	 * @param type the event type (the SSE {@code event:} line)
	 * @param json the event JSON (the {@code data:} line and the callback body)
	 */
	public void emit(String type, String json) {
		this.state.emit(type, json);
	}

	// ------------------------------------------------------------------ inspection

	/**
	 * The tasks of an app.
	 * @param appId the app ID
	 * @return its tasks, empty when there is no such app
	 */
	public List<TaskInfo> tasks(String appId) {
		return this.state.tasks(appId);
	}

	/**
	 * Every task of every app.
	 * @return the tasks
	 */
	public List<TaskInfo> allTasks() {
		return this.state.allTasks();
	}

	/**
	 * The IDs of the apps.
	 * @return the app IDs
	 */
	public List<String> appIds() {
		return this.state.appIds();
	}

	/**
	 * The events published so far (the last 20,000), oldest first.
	 * @return the events
	 */
	public List<PublishedEvent> events() {
		return this.state.history();
	}

	/**
	 * How many events were published since the start (lost ones included).
	 * @return the count
	 */
	public long eventCount() {
		return this.state.publishedCount();
	}

	/**
	 * The registered callback URLs.
	 * @return the URLs
	 */
	public List<String> callbackUrls() {
		return this.state.callbackUrls();
	}

	/**
	 * The status codes each callback subscriber answered, in order ({@code -1} for no
	 * answer).
	 * @return statuses by callback URL
	 */
	public Map<String, List<Integer>> callbackResponses() {
		return this.state.callbackResponses();
	}

	/**
	 * Events not posted because their subscriber was backed off after a failure.
	 * @return the count
	 */
	public int skippedCallbacks() {
		return this.state.skippedCallbacks();
	}

	/**
	 * Close every {@code /v2/events} connection of this instance (clients see the stream
	 * end).
	 */
	public void dropStreams() {
		this.state.dropStreams(this.hostPort);
	}

	/**
	 * How many event streams are connected to the cluster.
	 * @return the count
	 */
	public int streamCount() {
		return this.state.streamCount();
	}

	/**
	 * The requests this instance received ({@code METHOD /path?query}, the last 20,000).
	 * @return the requests, oldest first
	 */
	public List<String> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * The requests whose path starts with a prefix.
	 * @param pathPrefix for example {@code /v2/apps}
	 * @return the requests
	 */
	public List<String> requests(String pathPrefix) {
		return this.requests.stream().filter((request) -> request.split(" ", 2)[1].startsWith(pathPrefix)).toList();
	}

	/**
	 * Forget the recorded requests.
	 */
	public void clearRequests() {
		this.requests.clear();
	}

	MarathonState state() {
		return this.state;
	}

	/**
	 * Stop: connections are closed and callback deliveries stop.
	 */
	@Override
	public void close() {
		this.state.dropStreams(this.hostPort);
		if (this.ownsState) {
			this.state.close();
		}
		this.server.stop(0);
		this.workers.shutdownNow();
	}

	private static JsonNode parse(String json) {
		return MarathonState.JSON.readTree(json);
	}

	/**
	 * Builds a {@link MarathonSimulator} or a {@link MarathonCluster}.
	 */
	public static final class Builder {

		private MarathonVersion version = MarathonVersion.V1_8;

		private boolean callbacks;

		private List<String> hosts = List.of("127.0.0.1");

		private boolean autoHealthy = true;

		private Duration heartbeat = Duration.ofSeconds(15);

		private Duration callbackBackoff = Duration.ofSeconds(1);

		private int port;

		private @Nullable String authorization;

		private Builder() {
		}

		/**
		 * Require HTTP basic authentication on every request, as Marathon started with
		 * {@code --http_credentials user:password} does (401 otherwise).
		 * @param username the user
		 * @param password the password
		 * @return this builder
		 */
		public Builder credentials(String username, String password) {
			this.authorization = "Basic "
					+ Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
			return this;
		}

		/**
		 * The version to imitate (default {@link MarathonVersion#V1_8}).
		 * @param version the version
		 * @return this builder
		 */
		public Builder version(MarathonVersion version) {
			this.version = version;
			return this;
		}

		/**
		 * Start as with {@code --event_subscriber http_callback} (1.3 and 1.4 only).
		 * @param callbacks whether HTTP callbacks are on
		 * @return this builder
		 */
		public Builder callbacks(boolean callbacks) {
			this.callbacks = callbacks;
			return this;
		}

		/**
		 * The agent hosts tasks are placed on, round robin (default {@code 127.0.0.1}).
		 * @param hosts the host names
		 * @return this builder
		 */
		public Builder hosts(String... hosts) {
			if (hosts.length == 0) {
				throw new IllegalArgumentException("at least one host is needed");
			}
			this.hosts = List.of(hosts);
			return this;
		}

		/**
		 * Whether tasks of apps with health checks become healthy right after they run
		 * (default true).
		 * @param autoHealthy the setting
		 * @return this builder
		 */
		public Builder autoHealthy(boolean autoHealthy) {
			this.autoHealthy = autoHealthy;
			return this;
		}

		/**
		 * How long an event stream may stay quiet before a heartbeat comment is sent
		 * (default 15 s).
		 * @param heartbeat the interval
		 * @return this builder
		 */
		public Builder heartbeat(Duration heartbeat) {
			this.heartbeat = heartbeat;
			return this;
		}

		/**
		 * The first back-off of a failing callback subscriber (doubling with each
		 * failure; Marathon's is one second).
		 * @param backoff the first back-off
		 * @return this builder
		 */
		public Builder callbackBackoff(Duration backoff) {
			this.callbackBackoff = backoff;
			return this;
		}

		/**
		 * The port of a single instance (default: any free port).
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Start one leading instance.
		 * @return the running simulator
		 */
		public MarathonSimulator start() {
			MarathonState state = newState();
			MarathonSimulator simulator = new MarathonSimulator(state, this.heartbeat, this.port, true,
					this.authorization);
			state.leader(simulator.hostPort());
			return simulator;
		}

		/**
		 * Start instances sharing one state; the first leads.
		 * @param instances how many (at least 2)
		 * @return the running cluster
		 */
		public MarathonCluster startCluster(int instances) {
			if (instances < 2) {
				throw new IllegalArgumentException("a cluster needs at least two instances");
			}
			MarathonState state = newState();
			List<MarathonSimulator> members = new ArrayList<>();
			for (int i = 0; i < instances; i++) {
				members.add(new MarathonSimulator(state, this.heartbeat, 0, false, this.authorization));
			}
			state.leader(members.get(0).hostPort());
			return new MarathonCluster(state, members);
		}

		private MarathonState newState() {
			return new MarathonState(this.version, this.callbacks, this.hosts, this.autoHealthy, this.callbackBackoff);
		}

	}

}
