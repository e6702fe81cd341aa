package io.cairn.testkit.consul;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Consul agent (and single-server cluster) simulated in-process over real HTTP, written
 * from the Consul HTTP API documents: KV with modify indexes and CAS, blocking queries
 * that really block and wake on change ({@code X-Consul-Index}, {@code wait} with
 * jitter), sessions and locks with lock-delay, transactions (64 operations, 409 with
 * per-operation errors), catalog, agent services and checks (TTL checks expire), health,
 * user events, ACL tokens and policies, prepared queries, coordinates, Raft status and
 * snapshots.
 *
 * <pre>{@code
 * try (ConsulSimulator consul = ConsulSimulator.start()) {
 *     URI url = consul.baseUrl();                 // http://127.0.0.1:<port>
 *     consul.faults().failNextBlocking("/v1/kv/", 1).noLeader(true);
 *     consul.restart();                           // a dev agent restart: all state lost
 * }
 * }</pre>
 *
 * Not simulated: ACL rule evaluation (any known token may do anything), network
 * coordinates (constant), multiple datacenters, Connect. The filter language is a subset
 * ({@code ==}, {@code !=}, {@code in}, {@code contains}, {@code is empty}, {@code and},
 * {@code or}).
 */
public final class ConsulSimulator implements AutoCloseable {

	private static final int MAX_RECORDED = 10_000;

	private final Settings settings;

	private final ConsulFaults faults;

	private final SimState state;

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private volatile @Nullable SimHttpServer server;

	private volatile @Nullable ScheduledExecutorService ticker;

	private volatile int port;

	private ConsulSimulator(Settings settings) {
		this.settings = settings;
		this.faults = new ConsulFaults(this::wake);
		this.state = new SimState(settings, this.faults);
		this.port = settings.port();
	}

	/**
	 * Start a simulator with the defaults: datacenter {@code dc1}, node {@code sim-node},
	 * ACLs off, on a free port of 127.0.0.1.
	 * @return the running simulator
	 */
	public static ConsulSimulator start() {
		return builder().start();
	}

	/**
	 * Configure a simulator.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	private void wake() {
		this.state.wake();
	}

	/**
	 * The base URL to give a client.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/**
	 * The address in Consul's CLI form.
	 * @return {@code 127.0.0.1:<port>}
	 */
	public String address() {
		return "127.0.0.1:" + this.port;
	}

	/**
	 * The port the simulator listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The simulated node's name.
	 * @return the node name
	 */
	public String nodeName() {
		return this.settings.nodeName();
	}

	/**
	 * The faults to inject.
	 * @return the fault controls
	 */
	public ConsulFaults faults() {
		return this.faults;
	}

	/**
	 * The requests received so far (up to 10,000), oldest first.
	 * @return a snapshot of the requests
	 */
	public List<RecordedRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Forget the recorded requests.
	 */
	public void clearRequests() {
		this.requests.clear();
	}

	/**
	 * The requests received for a path, oldest first.
	 * @param path the exact path, for example {@code /v1/kv/app}
	 * @return the matching requests
	 */
	public List<RecordedRequest> requests(String path) {
		return this.requests.stream().filter((request) -> request.path().equals(path)).toList();
	}

	/**
	 * Start listening (again). The state is kept unless {@link #restart()} is used.
	 * @return this simulator
	 */
	public synchronized ConsulSimulator startAgent() {
		if (this.server != null) {
			return this;
		}
		SimHttpServer http = bind();
		this.state.closedFlag(false);
		http.start();
		ScheduledExecutorService tick = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "consul-sim-ticker");
			thread.setDaemon(true);
			return thread;
		});
		tick.scheduleWithFixedDelay(() -> this.state.tick(System.currentTimeMillis()), 20, 20, TimeUnit.MILLISECONDS);
		this.server = http;
		this.ticker = tick;
		this.port = http.port();
		return this;
	}

	private SimHttpServer bind() {
		IOException last = null;
		for (int attempt = 0; attempt < 50; attempt++) {
			try {
				return new SimHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port),
						this::handle, "consul-sim");
			}
			catch (BindException ex) {
				// The old socket of a restart may still be closing: try again shortly.
				last = ex;
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start the Consul simulator", ex);
			}
		}
		throw new IllegalStateException("Could not bind the Consul simulator to port " + this.port, last);
	}

	/**
	 * Stop listening: connections are refused, blocked requests are cut. The state is
	 * kept, so {@link #startAgent()} brings back the same agent (like an agent with a
	 * data directory).
	 */
	public synchronized void stopAgent() {
		SimHttpServer http = this.server;
		if (http == null) {
			return;
		}
		this.server = null;
		this.state.close();
		http.close();
		if (this.ticker != null) {
			this.ticker.shutdownNow();
		}
	}

	/**
	 * Restart like a dev-mode agent: stop, lose every piece of state (KV, services,
	 * checks, sessions, tokens), start again on the same port.
	 */
	public synchronized void restart() {
		stopAgent();
		this.state.reset();
		startAgent();
	}

	/**
	 * Set the status of a check on the simulated node, as the agent would after running
	 * it. Sessions that depend on a check that turns critical are invalidated.
	 * @param checkId the check ID (for example {@code serfHealth})
	 * @param status {@code passing}, {@code warning} or {@code critical}
	 * @return {@code false} when there is no such check
	 */
	public boolean setCheckStatus(String checkId, String status) {
		return this.state.setCheckStatus(this.settings.nodeName(), checkId, status, "set by the test");
	}

	/**
	 * Invalidate a session now, as a TTL expiry or a failed check would: its locks are
	 * released (or deleted) and the lock-delay starts.
	 * @param sessionId the session ID
	 * @return {@code false} when there was no such session
	 */
	public boolean invalidateSession(String sessionId) {
		return this.state.invalidateSession(sessionId);
	}

	/**
	 * How many sessions exist.
	 * @return the count
	 */
	public int sessionCount() {
		return this.state.sessionCount();
	}

	/**
	 * Whether a service is registered on the simulated agent.
	 * @param serviceId the instance ID
	 * @return {@code true} when registered
	 */
	public boolean hasService(String serviceId) {
		return this.state.hasAgentService(serviceId);
	}

	/**
	 * The modify index of a key.
	 * @param key the key
	 * @return the index, 0 when absent
	 */
	public long modifyIndex(String key) {
		return this.state.kvIndexOf(key);
	}

	/**
	 * Add another node to the catalog (with a passing {@code serfHealth}).
	 * @param node the node name
	 * @param address its address
	 */
	public void addNode(String node, String address) {
		this.state.registerExternalNode(node, address);
	}

	/**
	 * Stop for good.
	 */
	@Override
	public void close() {
		stopAgent();
	}

	// ---------------------------------------------------------------- HTTP

	private void handle(SimHttpServer.Exchange exchange) {
		try {
			SimRequest request = parse(exchange);
			if (this.settings.recordRequests() && this.requests.size() < MAX_RECORDED) {
				this.requests.add(new RecordedRequest(request.method, request.path, request.query, request.token,
						request.headers, request.body));
			}
			this.state.log("[DEBUG] http: Request " + request.method + " " + request.path);
			SimResponse response = respond(request, exchange);
			if (response != null) {
				write(exchange, request, response);
			}
		}
		catch (IOException | RuntimeException ex) {
			// The client went away, or the simulator is stopping.
		}
	}

	private @Nullable SimResponse respond(SimRequest request, SimHttpServer.Exchange exchange) throws IOException {
		while (this.faults.hangs(request.path)) {
			if (this.state.isClosed()) {
				return null;
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				return null;
			}
		}
		ConsulFaults.Failure failure = this.faults.takeFailure(request.path,
				request.query.containsKey("index") || request.query.containsKey("hash"));
		if (failure != null) {
			return SimResponse.text(failure.status(), failure.body());
		}
		if (!request.path.startsWith("/v1/")) {
			return SimResponse.text(404, "404 page not found");
		}
		if (request.token != null && this.faults.rejectedTokens.contains(request.token)) {
			return SimResponse.text(403, "ACL not found");
		}
		if (this.settings.aclEnabled() && !exempt(request)
				&& (request.token == null || !this.state.knownToken(request.token))) {
			return SimResponse.text(403,
					(request.token == null) ? "Permission denied: anonymous token lacks permission" : "ACL not found");
		}
		if (request.query.containsKey("stale") && request.query.containsKey("consistent")) {
			return SimResponse.text(400, "Cannot specify ?stale with ?consistent, conflicting semantics.");
		}
		if (request.query.containsKey("cached") && request.query.containsKey("consistent")) {
			return SimResponse.text(400, "Cannot specify ?cached with ?consistent");
		}
		String index = request.param("index");
		if (index != null) {
			try {
				Long.parseUnsignedLong(index);
			}
			catch (NumberFormatException ex) {
				return SimResponse.text(400, "Invalid index");
			}
		}
		String wait = request.param("wait");
		if (wait != null) {
			try {
				SimState.parseDuration(wait);
			}
			catch (IllegalArgumentException ex) {
				return SimResponse.text(400, "Invalid wait time");
			}
		}
		if (this.faults.noLeader && this.state.needsLeader(request)) {
			return SimResponse.text(500, "No cluster leader");
		}
		if (request.path.equals("/v1/agent/monitor")) {
			monitor(exchange);
			return null;
		}
		try {
			return this.state.handle(request);
		}
		catch (InterruptedException ex) {
			return null;
		}
		catch (JacksonException ex) {
			return SimResponse.text(400, "Request decode failed: " + ex.getOriginalMessage());
		}
		catch (IllegalArgumentException | ClassCastException | NullPointerException ex) {
			return SimResponse.text(400, "Bad request: " + ex.getMessage());
		}
	}

	private static boolean exempt(SimRequest request) {
		return request.path.startsWith("/v1/status/") || request.path.equals("/v1/acl/bootstrap")
				|| request.path.equals("/v1/catalog/datacenters") || request.path.equals("/v1/agent/version");
	}

	private void monitor(SimHttpServer.Exchange exchange) throws IOException {
		LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
		Consumer<String> sink = lines::add;
		this.state.addMonitor(sink);
		try {
			OutputStream out = exchange.respondChunked(200, Map.of("Content-Type", "text/plain; charset=utf-8"));
			out.write("[INFO] agent: monitor attached (simulated)\n".getBytes(StandardCharsets.UTF_8));
			out.flush();
			while (!this.state.isClosed()) {
				String line = lines.poll(50, TimeUnit.MILLISECONDS);
				if (line != null) {
					out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
					out.flush();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.state.removeMonitor(sink);
		}
	}

	private void write(SimHttpServer.Exchange exchange, SimRequest request, SimResponse response) throws IOException {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", response.contentType);
		headers.put("X-Consul-Default-Acl-Policy", this.settings.aclEnabled() ? "deny" : "allow");
		if (response.readMeta) {
			Long forced = this.faults.takeForcedIndex(request.path);
			long index = (forced != null) ? forced : (response.index != null) ? response.index : 0;
			headers.put("X-Consul-Index", Long.toUnsignedString(index));
			boolean leader = !this.faults.noLeader;
			headers.put("X-Consul-KnownLeader", Boolean.toString(leader));
			headers.put("X-Consul-LastContact", leader ? "0" : "30000");
			headers.put("X-Consul-Effective-Consistency", request.query.containsKey("stale") ? "stale"
					: request.query.containsKey("consistent") ? "consistent" : "leader");
			headers.put("X-Consul-Query-Backend", "blocking-query");
		}
		headers.putAll(response.headers);
		byte[] body;
		if (response.json != null) {
			JsonNode json = response.json;
			if (this.faults.extraFields) {
				json = withExtraFields(json, request.path);
			}
			body = SimState.JSON.writeValueAsBytes(json);
		}
		else {
			body = (response.raw != null) ? response.raw : new byte[0];
		}
		ConsulFaults.Truncation truncation = this.faults.takeTruncation(request.path);
		if (truncation != null && truncation.lieAboutLength()) {
			// The connection closes after half the body: the client is left short of
			// the announced length.
			exchange.respondShort(response.status, headers, Arrays.copyOf(body, body.length / 2), body.length + 100L);
			return;
		}
		if (truncation != null) {
			body = Arrays.copyOf(body, Math.max(1, body.length / 2));
		}
		exchange.respond(response.status, headers, body);
	}

	private static JsonNode withExtraFields(JsonNode json, String path) {
		JsonNode copy = json.deepCopy();
		boolean dataKeyedMap = path.equals("/v1/agent/services") || path.equals("/v1/agent/checks")
				|| path.equals("/v1/catalog/services");
		if (copy.isArray()) {
			for (JsonNode item : copy) {
				addExtras(item);
			}
		}
		else if (copy.isObject() && !dataKeyedMap) {
			addExtras(copy);
		}
		return copy;
	}

	private static void addExtras(JsonNode node) {
		if (node instanceof ObjectNode object) {
			for (String nested : List.of("Node", "Service")) {
				if (object.get(nested) instanceof ObjectNode inner) {
					inner.put("SimulatorFutureField", "ignore me");
				}
			}
			object.put("SimulatorFutureField", "ignore me");
			object.putObject("SimulatorFutureObject")
				.putArray("Nested")
				.add(1)
				.add("two")
				.addObject()
				.put("Deep", true);
		}
	}

	private SimRequest parse(SimHttpServer.Exchange exchange) {
		URI uri = exchange.uri;
		String rawPath = uri.getRawPath();
		List<String> segments = new ArrayList<>();
		String path = decode(rawPath, false);
		if (rawPath.startsWith("/v1/")) {
			for (String segment : rawPath.substring(4).split("/", -1)) {
				segments.add(decode(segment, false));
			}
			// A trailing slash is part of a KV key ("folder/"), kept as an empty last
			// segment.
		}
		Map<String, List<String>> query = new LinkedHashMap<>();
		String rawQuery = uri.getRawQuery();
		if (rawQuery != null && !rawQuery.isEmpty()) {
			for (String pair : rawQuery.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int equals = pair.indexOf('=');
				String name = decode((equals >= 0) ? pair.substring(0, equals) : pair, true);
				String value = (equals >= 0) ? decode(pair.substring(equals + 1), true) : "";
				query.computeIfAbsent(name, (k) -> new ArrayList<>()).add(value);
			}
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		exchange.headers.forEach((name, values) -> headers.put(name, List.copyOf(values)));
		String token = first(headers.get("x-consul-token"));
		String authorization = first(headers.get("authorization"));
		if (token == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			token = authorization.substring(7).strip();
		}
		if (token == null && query.containsKey("token")) {
			token = query.get("token").get(0);
		}
		byte[] body = exchange.body;
		for (Map.Entry<String, List<String>> entry : query.entrySet()) {
			entry.setValue(Collections.unmodifiableList(entry.getValue()));
		}
		return new SimRequest(exchange.method.toUpperCase(Locale.ROOT), path, segments,
				Collections.unmodifiableMap(query), token, Collections.unmodifiableMap(headers), body);
	}

	private static @Nullable String first(@Nullable List<String> values) {
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	private static String decode(String value, boolean plusIsSpace) {
		String prepared = plusIsSpace ? value : value.replace("+", "%2B");
		return URLDecoder.decode(prepared, StandardCharsets.UTF_8);
	}

	/**
	 * How the simulator was configured.
	 *
	 * @param port the port, 0 for a free one
	 * @param datacenter the datacenter name
	 * @param nodeName the agent's node name
	 * @param nodeId the agent's node ID
	 * @param address the agent's address
	 * @param version the Consul version reported
	 * @param aclEnabled whether ACLs are enforced (default policy deny)
	 * @param managementToken the initial management token, when ACLs are on
	 * @param legacyAcl whether the pre-1.11 legacy ACL endpoints exist
	 * @param jitter whether blocking waits get Consul's random extra of up to
	 * {@code wait/16}
	 * @param recordRequests whether requests are recorded
	 */
	public record Settings(int port, String datacenter, String nodeName, String nodeId, String address, String version,
			boolean aclEnabled, @Nullable String managementToken, boolean legacyAcl, boolean jitter,
			boolean recordRequests) {
	}

	/**
	 * Configures a {@link ConsulSimulator}.
	 */
	public static final class Builder {

		private int port;

		private String datacenter = "dc1";

		private String nodeName = "sim-node";

		private String version = "1.17.0";

		private boolean aclEnabled;

		private @Nullable String managementToken;

		private boolean legacyAcl;

		private boolean jitter = true;

		private boolean recordRequests = true;

		private Builder() {
		}

		/**
		 * Listen on this port (default: a free one).
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * The datacenter name (default {@code dc1}).
		 * @param datacenter the name
		 * @return this builder
		 */
		public Builder datacenter(String datacenter) {
			this.datacenter = datacenter;
			return this;
		}

		/**
		 * The agent's node name (default {@code sim-node}).
		 * @param nodeName the name
		 * @return this builder
		 */
		public Builder nodeName(String nodeName) {
			this.nodeName = nodeName;
			return this;
		}

		/**
		 * The Consul version to report (default {@code 1.17.0}).
		 * @param version the version
		 * @return this builder
		 */
		public Builder version(String version) {
			this.version = version;
			return this;
		}

		/**
		 * Enforce ACLs with default policy deny: requests need a known token, else 403.
		 * @param managementToken the initial management token (a secret ID)
		 * @return this builder
		 */
		public Builder acl(String managementToken) {
			this.aclEnabled = true;
			this.managementToken = managementToken;
			return this;
		}

		/**
		 * Enable ACL endpoints without an initial token, so that {@code /acl/bootstrap}
		 * works.
		 * @return this builder
		 */
		public Builder aclWithoutToken() {
			this.aclEnabled = true;
			this.managementToken = null;
			return this;
		}

		/**
		 * Serve the legacy ACL endpoints (Consul before 1.11).
		 * @param legacyAcl whether to serve them
		 * @return this builder
		 */
		public Builder legacyAcl(boolean legacyAcl) {
			this.legacyAcl = legacyAcl;
			return this;
		}

		/**
		 * Add Consul's random extra wait (up to {@code wait/16}) to blocking queries
		 * (default on).
		 * @param jitter whether to add it
		 * @return this builder
		 */
		public Builder jitter(boolean jitter) {
			this.jitter = jitter;
			return this;
		}

		/**
		 * Record requests for {@link ConsulSimulator#requests()} (default on; benchmarks
		 * turn it off).
		 * @param record whether to record
		 * @return this builder
		 */
		public Builder recordRequests(boolean record) {
			this.recordRequests = record;
			return this;
		}

		/**
		 * Build without starting.
		 * @return the simulator, stopped
		 */
		public ConsulSimulator build() {
			return new ConsulSimulator(new Settings(this.port, this.datacenter, this.nodeName,
					UUID.nameUUIDFromBytes(this.nodeName.getBytes(StandardCharsets.UTF_8)).toString(), "127.0.0.1",
					this.version, this.aclEnabled, this.managementToken, this.legacyAcl, this.jitter,
					this.recordRequests));
		}

		/**
		 * Build and start.
		 * @return the running simulator
		 */
		public ConsulSimulator start() {
			return build().startAgent();
		}

	}

	/**
	 * Run a simulator from the command line (for benchmarks in another process): prints
	 * {@code LISTENING <port>} and serves until stdin closes.
	 * @param args optional: the port
	 * @throws IOException when stdin fails
	 */
	public static void main(String[] args) throws IOException {
		ConsulSimulator simulator = builder().port((args.length > 0) ? Integer.parseInt(args[0]) : 0)
			.recordRequests(false)
			.jitter(false)
			.start();
		System.out.println("LISTENING " + simulator.port());
		System.out.flush();
		while (System.in.read() != -1) {
			// keep serving until the parent closes our stdin
		}
		simulator.close();
	}

}
