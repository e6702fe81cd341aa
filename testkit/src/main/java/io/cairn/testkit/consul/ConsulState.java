package io.cairn.testkit.consul;

/**
 * The simulated agent and servers, one object per API area as consul-client has one
 * client per area ({@link KvArea}, {@link TxnArea}, {@link SessionArea},
 * {@link CatalogArea}, {@link AgentArea}, {@link HealthArea}, {@link EventArea},
 * {@link AclArea}, {@link QueryArea}, {@link CoordinateArea}, {@link OperatorArea},
 * {@link StatusArea}, {@link SnapshotArea}, {@link ConfigArea}, {@link ConnectArea}), all
 * behind the one {@link RaftLog}: its index and its lock, which every request and every
 * time-driven change holds while it runs. {@link ConsulHttpApi} routes requests to the
 * areas' handlers; this class wires the areas together, resets them on a restart, runs
 * their clocks and answers the simulator's own questions about them.
 */
final class ConsulState {

	final RaftLog raft;

	private final AgentCache cache = new AgentCache();

	final AgentLog log = new AgentLog();

	final KvArea kv;

	final SessionArea sessions;

	final CatalogArea catalog;

	final QueryArea queries;

	final TxnArea txn;

	final AgentArea agent;

	final HealthArea health;

	final EventArea events;

	final AclArea acl;

	final CoordinateArea coordinates;

	final OperatorArea operator;

	final StatusArea status;

	final SnapshotArea snapshot;

	final ConfigArea config;

	final ConnectArea connect;

	ConsulState(ConsulSimulator.Settings settings, ConsulFaults faults) {
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

	// ---------------------------------------------------------------- simulator API
	// What ConsulSimulator's methods ask of the areas, each under the lock.

	boolean knownToken(String secret) {
		synchronized (this.raft) {
			return this.acl.knownToken(secret);
		}
	}

	boolean setCheckStatus(String checkId, String status, String output) {
		synchronized (this.raft) {
			return this.agent.setCheckStatus(checkId, status, output);
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
