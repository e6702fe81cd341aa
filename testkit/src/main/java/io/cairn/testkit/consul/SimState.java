package io.cairn.testkit.consul;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The simulated agent and servers, one object per API area as consul-client has one
 * client per area ({@link KvArea}, {@link TxnArea}, {@link SessionArea},
 * {@link CatalogArea}, {@link AgentArea}, {@link HealthArea}, {@link EventArea},
 * {@link AclArea}, {@link QueryArea}, {@link CoordinateArea}, {@link OperatorArea},
 * {@link StatusArea}, {@link SnapshotArea}, {@link ConfigArea}, {@link ConnectArea}), all
 * behind the one {@link RaftLog}: its index and its lock, which every request and every
 * time-driven change holds while it runs.
 */
final class SimState {

	private final RaftLog raft;

	private final ConsulSimulator.Settings settings;

	private final AgentCache cache = new AgentCache();

	private final KvArea kv;

	private final SessionArea sessions;

	private final CatalogArea catalog;

	private final QueryArea queries;

	private final TxnArea txn;

	private final AgentArea agent;

	private final HealthArea health;

	private final EventArea events;

	private final AclArea acl;

	private final CoordinateArea coordinates;

	private final OperatorArea operator;

	private final StatusArea status;

	private final SnapshotArea snapshot;

	private final ConfigArea config;

	private final ConnectArea connect;

	private final List<Consumer<String>> monitors = new ArrayList<>();

	SimState(ConsulSimulator.Settings settings, ConsulFaults faults) {
		this.settings = settings;
		this.raft = new RaftLog(settings);
		this.sessions = new SessionArea(this.raft, settings);
		this.kv = new KvArea(this.raft, this.sessions::exists);
		this.catalog = new CatalogArea(this.raft, settings, this.sessions, this.cache);
		this.queries = new QueryArea(this.raft, settings, this.catalog, this.cache);
		this.sessions.bind(this.kv, this.catalog, this.queries);
		this.txn = new TxnArea(this.raft, this.kv, this.catalog);
		this.agent = new AgentArea(this.raft, settings, faults, this.catalog, this.kv);
		this.health = new HealthArea(this.raft, this.catalog, this.cache);
		this.events = new EventArea(this.raft);
		this.acl = new AclArea(this.raft, settings);
		this.coordinates = new CoordinateArea(this.raft, settings, this.catalog);
		this.operator = new OperatorArea(this.raft, settings, faults, this.catalog);
		this.status = new StatusArea(settings, faults);
		this.snapshot = new SnapshotArea(this.raft, this.kv);
		this.config = new ConfigArea(this.raft);
		this.connect = new ConnectArea(this.raft, settings, this.config);
		reset();
	}

	/**
	 * Forget everything, as a dev agent does when it restarts, and register the agent
	 * itself.
	 */
	void reset() {
		synchronized (this.raft) {
			long start = this.raft.reset();
			this.kv.reset(start);
			this.sessions.reset(start);
			this.catalog.reset(start);
			this.queries.reset();
			this.agent.reset();
			this.events.reset();
			this.coordinates.reset(start);
			this.operator.reset(start);
			this.config.reset(start);
			this.connect.reset(start);
			this.cache.reset();
			// Last: an initial management token is a write at the next index.
			this.acl.reset(start);
			this.raft.changed();
		}
	}

	SimResponse handle(SimRequest r) throws InterruptedException {
		synchronized (this.raft) {
			return switch (r.segment(0)) {
				case "kv" -> this.kv.handle(r);
				case "txn" -> this.txn.handle(r);
				case "session" -> this.sessions.handle(r);
				case "agent" -> this.agent.handle(r);
				case "catalog" -> this.catalog.handle(r);
				case "health" -> this.health.handle(r);
				case "event" -> this.events.handle(r);
				case "status" -> this.status.handle(r);
				case "acl" -> this.acl.handle(r);
				case "query" -> this.queries.handle(r);
				case "coordinate" -> this.coordinates.handle(r);
				case "operator" -> this.operator.handle(r);
				case "snapshot" -> this.snapshot.handle(r);
				case "config" -> this.config.handle(r);
				case "connect" -> this.connect.handle(r);
				default -> SimResponse.noSuchPath();
			};
		}
	}

	/** Whether Consul answers the request only with a cluster leader. */
	boolean needsLeader(SimRequest r) {
		String area = r.segment(0);
		if (area.equals("agent") || area.equals("status") || area.equals("event")
				|| (area.equals("catalog") && r.segment(1).equals("datacenters"))
				|| (area.equals("coordinate") && r.segment(1).equals("datacenters"))
				|| (area.equals("operator") && r.segment(1).equals("keyring"))) {
			return false;
		}
		return !(r.method.equals("GET") && r.has("stale"));
	}

	/**
	 * TTL checks that ran out turn critical; TTL sessions that ran out are invalidated.
	 */
	void tick(long nowMillis) {
		synchronized (this.raft) {
			this.agent.tick(nowMillis);
			this.sessions.tick(nowMillis);
		}
	}

	// ---------------------------------------------------------------- lifecycle

	void close() {
		this.raft.close();
	}

	void open() {
		this.raft.open();
	}

	boolean isClosed() {
		return this.raft.isClosed();
	}

	/** Wake blocked requests (a fault changed). */
	void wake() {
		synchronized (this.raft) {
			this.raft.changed();
		}
	}

	// ---------------------------------------------------------------- the agent's log

	void addMonitor(Consumer<String> monitor) {
		synchronized (this.monitors) {
			this.monitors.add(monitor);
		}
	}

	void removeMonitor(Consumer<String> monitor) {
		synchronized (this.monitors) {
			this.monitors.remove(monitor);
		}
	}

	void log(String line) {
		synchronized (this.monitors) {
			for (Consumer<String> monitor : this.monitors) {
				monitor.accept(line);
			}
		}
	}

	// ---------------------------------------------------------------- test helpers

	boolean knownToken(String secret) {
		synchronized (this.raft) {
			return this.acl.knownToken(secret);
		}
	}

	boolean setCheckStatus(String checkId, String status, String output) {
		synchronized (this.raft) {
			return this.catalog.setCheckStatus(this.settings.nodeName(), checkId, status, output);
		}
	}

	boolean invalidateSession(String id) {
		synchronized (this.raft) {
			return this.sessions.invalidate(id);
		}
	}

	int sessionCount() {
		synchronized (this.raft) {
			return this.sessions.count();
		}
	}

	boolean hasAgentService(String id) {
		synchronized (this.raft) {
			return this.agent.hasService(id);
		}
	}

	long kvIndexOf(String key) {
		synchronized (this.raft) {
			return this.kv.modifyIndexOf(key);
		}
	}

	void registerExternalNode(String node, String address) {
		synchronized (this.raft) {
			this.catalog.registerExternalNode(node, address);
		}
	}

}
