package io.cairn.testkit.mesos;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A simulated Mesos master's HTTP API on 127.0.0.1, written from
 * {@code reference/mesos/operator-http-api.md}, {@code recordio.md} and the scheduler API
 * document:
 * <ul>
 * <li>{@code POST /api/v1}: {@code GET_HEALTH}, {@code GET_VERSION}, {@code GET_MASTER},
 * {@code GET_STATE}, {@code GET_AGENTS}, {@code GET_FRAMEWORKS}, {@code GET_TASKS} with
 * the documents' sample bodies, and {@code SUBSCRIBE} as a chunked RecordIO stream
 * ({@code SUBSCRIBED} with the state, then {@link #publish published} events and
 * heartbeats);</li>
 * <li>{@code POST /api/v1/scheduler}: {@code SUBSCRIBE} with a {@code Mesos-Stream-Id}
 * header, then calls checked against it and answered {@code 202};</li>
 * <li>only POST (405), only JSON content (415 is not what Mesos does: it answers
 * 400);</li>
 * <li>roles: {@link #lead() leading}, {@link #redirectTo(String) standing by} (every call
 * answered 307 with a protocol-relative {@code Location}), {@link #noLeader()} and
 * {@link #recovering()} (503);</li>
 * <li>optional HTTP basic auth (401).</li>
 * </ul>
 */
public final class MesosMasterSimulator implements Closeable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "mesos-master-simulator");
		thread.setDaemon(true);
		return thread;
	});

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "mesos-master-simulator-heartbeats");
		thread.setDaemon(true);
		return thread;
	});

	private final MasterSpec spec;

	private final List<Stream> operatorStreams = new CopyOnWriteArrayList<>();

	private final List<Stream> schedulerStreams = new CopyOnWriteArrayList<>();

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger frameworks = new AtomicInteger();

	private volatile Role role = Role.LEADING;

	private volatile @Nullable String leader;

	private volatile @Nullable String basicAuth;

	private volatile Duration heartbeatInterval = Duration.ofSeconds(15);

	private volatile boolean silent;

	private final AtomicInteger unavailableCalls = new AtomicInteger();

	private MesosMasterSimulator(HttpServer server, MasterSpec spec) {
		this.server = server;
		this.spec = spec;
	}

	/**
	 * Starts a leading master on a free port.
	 * @param hostname the host name the master reports
	 * @return the running simulator
	 * @throws IOException if no port could be bound
	 */
	public static MesosMasterSimulator start(String hostname) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		MesosMasterSimulator simulator = new MesosMasterSimulator(server,
				MasterSpec.local(server.getAddress().getPort(), hostname));
		server.setExecutor(simulator.executor);
		server.createContext("/", simulator::handle);
		server.start();
		simulator.heartbeats.scheduleWithFixedDelay(simulator::beat, 20, 20, TimeUnit.MILLISECONDS);
		return simulator;
	}

	/**
	 * The port the master listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * The master's base URL.
	 * @return {@code http://127.0.0.1:port}
	 */
	public URI url() {
		return URI.create("http://127.0.0.1:" + port());
	}

	/**
	 * What this master says about itself (and would write to ZooKeeper).
	 * @return the spec
	 */
	public MasterSpec spec() {
		return this.spec;
	}

	/** Becomes the leading master. */
	public void lead() {
		this.role = Role.LEADING;
	}

	/**
	 * Stands by: answers every API call with 307 to {@code //leaderHostPort/<path>}.
	 * @param leaderHostPort the leader's {@code host:port} as Mesos puts it in the
	 * Location (its host name)
	 */
	public void redirectTo(String leaderHostPort) {
		this.leader = leaderHostPort;
		this.role = Role.STANDBY;
	}

	/** Knows no leader: answers 503 "No leader elected". */
	public void noLeader() {
		this.role = Role.NO_LEADER;
	}

	/** Elected but recovering: answers 503 "Master has not finished recovery". */
	public void recovering() {
		this.role = Role.RECOVERING;
	}

	/**
	 * Answers the next calls with 503 "Master has not finished recovery", then leads as
	 * before (a master finishing its registrar recovery).
	 * @param calls how many calls to refuse
	 */
	public void unavailableFor(int calls) {
		this.unavailableCalls.set(calls);
	}

	/**
	 * Requires HTTP basic auth on the API.
	 * @param user the user
	 * @param password the password
	 */
	public void requireBasicAuth(String user, String password) {
		this.basicAuth = "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sets the heartbeat interval announced in {@code SUBSCRIBED} and kept on every
	 * stream.
	 * @param interval the interval
	 */
	public void heartbeatInterval(Duration interval) {
		this.heartbeatInterval = interval;
	}

	/**
	 * Stops or resumes heartbeats on open streams (a silent partition).
	 * @param silent whether to stay silent
	 */
	public void silence(boolean silent) {
		this.silent = silent;
	}

	/**
	 * Sends an event to every operator subscriber.
	 * @param eventJson the event
	 */
	public void publish(String eventJson) {
		this.operatorStreams.forEach((stream) -> stream.send(eventJson));
	}

	/**
	 * Sends an event to every subscribed framework.
	 * @param eventJson the event
	 */
	public void publishToFrameworks(String eventJson) {
		this.schedulerStreams.forEach((stream) -> stream.send(eventJson));
	}

	/**
	 * Ends every open stream, as a master that stops leading does.
	 */
	public void endStreams() {
		this.operatorStreams.forEach(Stream::end);
		this.schedulerStreams.forEach(Stream::end);
	}

	/**
	 * How many streams are open.
	 * @return operator plus scheduler subscribers
	 */
	public int openStreams() {
		return this.operatorStreams.size() + this.schedulerStreams.size();
	}

	/**
	 * Every request received, in order.
	 * @return the requests
	 */
	public List<Recorded> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * The scheduler calls (other than SUBSCRIBE) accepted with 202, in order.
	 * @return their bodies
	 */
	public List<JsonNode> acceptedSchedulerCalls() {
		List<JsonNode> calls = new ArrayList<>();
		for (Recorded request : this.requests) {
			if (request.path().equals("/api/v1/scheduler") && request.status() == 202) {
				calls.add(JSON.readTree(request.body()));
			}
		}
		return calls;
	}

	@Override
	public void close() {
		endStreams();
		this.heartbeats.shutdownNow();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private final ThreadLocal<@Nullable Recorded> pending = new ThreadLocal<>();

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String path = exchange.getRequestURI().getPath();
		this.pending.set(new Recorded(exchange.getRequestMethod(), path,
				Collections.unmodifiableMap(flatten(exchange.getRequestHeaders())), body, 0));
		try {
			int status = respond(exchange, path, body);
			record(status);
		}
		finally {
			this.pending.remove();
		}
	}

	/** Records the request being handled (streams record theirs when they start). */
	private void record(int status) {
		Recorded request = this.pending.get();
		if (request != null) {
			this.requests
				.add(new Recorded(request.method(), request.path(), request.headers(), request.body(), status));
			this.pending.remove();
		}
	}

	private int respond(HttpExchange exchange, String path, String body) throws IOException {
		if (!path.equals("/api/v1") && !path.equals("/master/api/v1") && !path.equals("/api/v1/scheduler")) {
			return send(exchange, 404, "");
		}
		if (!"POST".equals(exchange.getRequestMethod())) {
			exchange.getResponseHeaders().set("Allow", "POST");
			return send(exchange, 405, "Expecting 'POST', received '" + exchange.getRequestMethod() + "'");
		}
		String auth = this.basicAuth;
		if (auth != null && !auth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"mesos\"");
			return send(exchange, 401, "");
		}
		if (this.unavailableCalls.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			return send(exchange, 503, "Master has not finished recovery");
		}
		switch (this.role) {
			case STANDBY -> {
				exchange.getResponseHeaders().set("Location", "//" + this.leader + path);
				return send(exchange, 307, "");
			}
			case NO_LEADER -> {
				return send(exchange, 503, "No leader elected");
			}
			case RECOVERING -> {
				return send(exchange, 503, "Master has not finished recovery");
			}
			default -> {
			}
		}
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		if (contentType == null || !contentType.startsWith("application/json")) {
			return send(exchange, 400, "Expecting 'Content-Type' of application/json or application/x-protobuf");
		}
		JsonNode call;
		try {
			call = JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			return send(exchange, 400, "Failed to parse body into Call: " + ex.getMessage());
		}
		String type = call.path("type").asString("");
		return path.endsWith("/scheduler") ? scheduler(exchange, type, call) : operator(exchange, type);
	}

	private int operator(HttpExchange exchange, String type) throws IOException {
		return switch (type) {
			case "GET_HEALTH" -> json(exchange, "{\"type\":\"GET_HEALTH\",\"get_health\":{\"healthy\":true}}");
			case "GET_VERSION" -> json(exchange,
					"{\"type\":\"GET_VERSION\",\"get_version\":{\"version_info\":" + "{\"version\":\""
							+ this.spec.version() + "\",\"build_date\":\"2016-06-24 23:18:37\","
							+ "\"build_time\":1466810317,\"build_user\":\"root\"}}}");
			case "GET_MASTER" -> json(exchange, "{\"type\":\"GET_MASTER\",\"get_master\":{\"master_info\":"
					+ this.spec.json() + ",\"start_time\":1470820171.5,\"elected_time\":1470820172.0}}");
			case "GET_STATE" -> json(exchange, "{\"type\":\"GET_STATE\",\"get_state\":" + state() + "}");
			case "GET_AGENTS" -> json(exchange, "{\"type\":\"GET_AGENTS\",\"get_agents\":" + agents() + "}");
			case "GET_FRAMEWORKS" ->
				json(exchange, "{\"type\":\"GET_FRAMEWORKS\",\"get_frameworks\":" + frameworks() + "}");
			case "GET_TASKS" -> json(exchange, "{\"type\":\"GET_TASKS\",\"get_tasks\":" + tasks() + "}");
			case "SUBSCRIBE" ->
				stream(exchange, this.operatorStreams, null, "{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"get_state\":"
						+ state() + ",\"heartbeat_interval_seconds\":" + seconds(this.heartbeatInterval) + "}}");
			default -> send(exchange, 400, "Failed to validate master::Call: unknown type '" + type + "'");
		};
	}

	private int scheduler(HttpExchange exchange, String type, JsonNode call) throws IOException {
		String streamId = exchange.getRequestHeaders().getFirst("Mesos-Stream-Id");
		if ("SUBSCRIBE".equals(type)) {
			if (streamId != null) {
				return send(exchange, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
			}
			JsonNode id = call.path("subscribe").path("framework_info").path("id").path("value");
			String frameworkId = id.isString() ? id.stringValue() : "fw-" + this.frameworks.incrementAndGet();
			String newStreamId = UUID.randomUUID().toString();
			return stream(exchange, this.schedulerStreams, newStreamId,
					"{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"framework_id\":{\"value\":\"" + frameworkId
							+ "\"},\"heartbeat_interval_seconds\":" + seconds(this.heartbeatInterval)
							+ ",\"master_info\":" + this.spec.json() + "}}");
		}
		Stream subscribed = null;
		for (Stream stream : this.schedulerStreams) {
			if (stream.streamId != null && stream.streamId.equals(streamId)) {
				subscribed = stream;
			}
		}
		if (subscribed == null) {
			return (streamId == null) ? send(exchange, 403, "Framework is not subscribed")
					: send(exchange, 400, "The stream ID '" + streamId + "' included in this request didn't match");
		}
		if (!call.path("framework_id").path("value").isString()) {
			return send(exchange, 400, "Expecting 'framework_id' to be present");
		}
		if ("TEARDOWN".equals(type)) {
			int status = send(exchange, 202, "");
			subscribed.end();
			return status;
		}
		return send(exchange, 202, "");
	}

	private int stream(HttpExchange exchange, List<Stream> streams, @Nullable String streamId, String first)
			throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		if (streamId != null) {
			exchange.getResponseHeaders().set("Mesos-Stream-Id", streamId);
		}
		exchange.sendResponseHeaders(200, 0);
		record(200);
		Stream stream = new Stream(exchange.getResponseBody(), streamId);
		streams.add(stream);
		stream.send(first);
		try {
			stream.ended.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			streams.remove(stream);
			stream.close();
		}
		return 200;
	}

	private void beat() {
		if (this.silent) {
			return;
		}
		long now = System.nanoTime();
		for (List<Stream> streams : List.of(this.operatorStreams, this.schedulerStreams)) {
			for (Stream stream : streams) {
				if (now - stream.lastSent >= this.heartbeatInterval.toNanos()) {
					stream.send("{\"type\":\"HEARTBEAT\"}");
				}
			}
		}
	}

	private String state() {
		return "{\"get_tasks\":" + tasks() + ",\"get_frameworks\":" + frameworks() + ",\"get_agents\":" + agents()
				+ "}";
	}

	private static String agents() {
		return "{\"agents\":[{\"active\":true,\"agent_info\":{\"hostname\":\"myhost\",\"id\":{\"value\":"
				+ "\"628984d0-4213-4140-bcb0-99d7ef46b1df-S0\"},\"port\":34626,\"resources\":[{\"name\":\"cpus\","
				+ "\"role\":\"*\",\"scalar\":{\"value\":2.0},\"type\":\"SCALAR\"},{\"name\":\"ports\",\"role\":\"*\","
				+ "\"ranges\":{\"range\":[{\"begin\":31000,\"end\":32000}]},\"type\":\"RANGES\"}]},"
				+ "\"pid\":\"slave(3)@127.0.1.1:34626\",\"registered_time\":{\"nanoseconds\":1470820172046531840},"
				+ "\"total_resources\":[]}],\"recovered_agents\":[]}";
	}

	private static String frameworks() {
		return "{\"frameworks\":[{\"active\":true,\"connected\":true,\"framework_info\":{\"checkpoint\":false,"
				+ "\"failover_timeout\":0.0,\"hostname\":\"myhost\",\"id\":{\"value\":"
				+ "\"361be53a-4d1b-42c1-bec3-e3979eff90bd-0000\"},\"name\":\"default\",\"principal\":\"my-principal\","
				+ "\"role\":\"*\",\"user\":\"root\"},\"registered_time\":{\"nanoseconds\":1470820171578306816},"
				+ "\"reregistered_time\":{\"nanoseconds\":1470820171578306816}}]}";
	}

	private static String tasks() {
		return "{\"tasks\":[{\"agent_id\":{\"value\":\"d4bd102f-e25f-46dc-bb5d-8b10bca133d8-S0\"},"
				+ "\"executor_id\":{\"value\":\"default\"},\"framework_id\":{\"value\":"
				+ "\"d4bd102f-e25f-46dc-bb5d-8b10bca133d8-0000\"},\"name\":\"test\",\"resources\":[{\"name\":\"cpus\","
				+ "\"role\":\"*\",\"scalar\":{\"value\":2.0},\"type\":\"SCALAR\"}],\"state\":\"TASK_RUNNING\","
				+ "\"status_update_state\":\"TASK_RUNNING\",\"status_update_uuid\":\"ycLTRBo8TjKFTrh4vsbERg==\","
				+ "\"statuses\":[{\"agent_id\":{\"value\":\"d4bd102f-e25f-46dc-bb5d-8b10bca133d8-S0\"},"
				+ "\"container_status\":{},\"executor_id\":{\"value\":\"default\"},\"source\":\"SOURCE_EXECUTOR\","
				+ "\"state\":\"TASK_RUNNING\",\"task_id\":{\"value\":\"1\"},\"timestamp\":1470820172.32565,"
				+ "\"uuid\":\"ycLTRBo8TjKFTrh4vsbERg==\"}],\"task_id\":{\"value\":\"1\"}}]}";
	}

	private static String seconds(Duration duration) {
		return Double.toString(duration.toNanos() / 1e9);
	}

	private int json(HttpExchange exchange, String body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		return send(exchange, 200, body);
	}

	private int send(HttpExchange exchange, int status, String body) throws IOException {
		// Recorded before answering: a client that got its answer finds its request.
		record(status);
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
		return status;
	}

	private static Map<String, String> flatten(com.sun.net.httpserver.Headers headers) {
		Map<String, String> flat = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.forEach((name, values) -> flat.put(name, String.join(",", values)));
		return flat;
	}

	/**
	 * Builds an operator API event, for {@link #publish}.
	 * @param type the event type
	 * @param payload the payload object, or {@code null}
	 * @return the event JSON
	 */
	public static String event(String type, @Nullable String payload) {
		ObjectNode event = JSON.createObjectNode();
		event.put("type", type);
		if (payload != null) {
			event.set(type.toLowerCase(Locale.ROOT), JSON.readTree(payload));
		}
		return event.toString();
	}

	private enum Role {

		LEADING, STANDBY, NO_LEADER, RECOVERING

	}

	/**
	 * A request the simulator received.
	 *
	 * @param method the method
	 * @param path the path
	 * @param headers the headers (names case-insensitive)
	 * @param body the body
	 * @param status the status it was answered with
	 */
	public record Recorded(String method, String path, Map<String, String> headers, String body, int status) {
	}

	private static final class Stream {

		private final OutputStream out;

		private final @Nullable String streamId;

		private final CountDownLatch ended = new CountDownLatch(1);

		private volatile long lastSent = System.nanoTime();

		Stream(OutputStream out, @Nullable String streamId) {
			this.out = out;
			this.streamId = streamId;
		}

		synchronized void send(String eventJson) {
			if (this.ended.getCount() == 0) {
				return;
			}
			byte[] data = eventJson.getBytes(StandardCharsets.UTF_8);
			try {
				// RecordIO: decimal length, newline, the record. Written in two chunks on
				// purpose: a client must not rely on chunk boundaries.
				this.out.write((data.length + "\n").getBytes(StandardCharsets.US_ASCII));
				this.out.flush();
				this.out.write(data);
				this.out.flush();
				this.lastSent = System.nanoTime();
			}
			catch (IOException ex) {
				end();
			}
		}

		void end() {
			this.ended.countDown();
		}

		synchronized void close() {
			try {
				this.out.close();
			}
			catch (IOException ex) {
				// The client went away first.
			}
		}

	}

}
