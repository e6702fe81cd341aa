package io.cairn.testkit.consul;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A Consul agent (and single-server cluster) simulated in-process over real HTTP, written
 * from the Consul HTTP API documents: KV with modify indexes and CAS, blocking queries
 * that really block and wake on change ({@code X-Consul-Index}, {@code wait} with
 * jitter), sessions and locks with lock-delay, transactions (64 operations, 409 with
 * per-operation errors), catalog, agent services and checks (TTL checks expire), health,
 * user events, ACL tokens, policies, roles, auth methods, binding rules and templated
 * policies, prepared queries, coordinates, Raft status, autopilot, the gossip keyring,
 * usage, snapshots, config entries, the Connect CA and intentions, served by the JDK's
 * {@code HttpServer}.
 *
 * <pre>{@code
 * try (ConsulSimulator consul = ConsulSimulator.start()) {
 *     URI url = consul.baseUrl();                 // http://127.0.0.1:<port>
 *     consul.faults().failNextBlocking("/v1/kv/", 1).noLeader(true);
 *     consul.restart();                           // a dev agent restart: all state lost
 * }
 * }</pre>
 *
 * Not simulated: ACL rule evaluation (any known token may do anything), logins with auth
 * methods, network coordinates (constant), multiple datacenters, Connect's leaf
 * certificates, proxies and CA rotation. The filter language is a subset ({@code ==},
 * {@code !=}, {@code in}, {@code contains}, {@code is empty}, {@code and}, {@code or}).
 */
public final class ConsulSimulator implements AutoCloseable {

	static {
		// The JDK server writes an answer's head and body separately; without
		// TCP_NODELAY, Nagle and delayed ACKs add about 40 ms to every answer. Consul
		// (Go) disables Nagle too. Read once, when the JVM's first HttpServer starts.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	private final Settings settings;

	private final ConsulFaults faults;

	private final ConsulState state;

	private final ConsulHttpApi api;

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private volatile @Nullable HttpServer server;

	private volatile @Nullable ExecutorService workers;

	private volatile @Nullable ScheduledExecutorService ticker;

	private volatile int port;

	private ConsulSimulator(Settings settings) {
		this.settings = settings;
		this.faults = new ConsulFaults(this::wake);
		this.state = new ConsulState(settings, this.faults);
		this.api = new ConsulHttpApi(settings, this.faults, this.state, this.requests);
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
		HttpServer http = bind();
		AtomicInteger count = new AtomicInteger();
		// A thread per request in flight: blocking queries hold theirs for minutes.
		ExecutorService pool = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "consul-sim-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		http.setExecutor(pool);
		http.createContext("/", this.api::handle);
		this.state.open();
		http.start();
		ScheduledExecutorService tick = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "consul-sim-ticker");
			thread.setDaemon(true);
			return thread;
		});
		tick.scheduleWithFixedDelay(() -> this.state.tick(System.currentTimeMillis()), 20, 20, TimeUnit.MILLISECONDS);
		this.server = http;
		this.workers = pool;
		this.ticker = tick;
		this.port = http.getAddress().getPort();
		return this;
	}

	private HttpServer bind() {
		IOException last = null;
		for (int attempt = 0; attempt < 50; attempt++) {
			try {
				return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 256);
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
		HttpServer http = this.server;
		if (http == null) {
			return;
		}
		this.server = null;
		this.state.close();
		// Closes the listener and every connection, idle or not, at once.
		http.stop(0);
		if (this.workers != null) {
			this.workers.shutdownNow();
		}
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
		return this.state.setCheckStatus(checkId, status, "set by the test");
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
