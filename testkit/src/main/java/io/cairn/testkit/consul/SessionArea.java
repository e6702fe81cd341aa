package io.cairn.testkit.consul;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.cairn.duration.GoDuration;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/session}: sessions bound to a node and its checks, with TTLs that run out,
 * lock-delay, and the {@code release} or {@code delete} behavior applied to the keys they
 * hold when they end (destroyed, expired, their node gone, or one of their checks
 * critical).
 */
final class SessionArea {

	private static final Duration MIN_TTL = Duration.ofSeconds(10);

	private static final Duration MAX_TTL = Duration.ofSeconds(86400);

	private static final Duration MAX_LOCK_DELAY = Duration.ofSeconds(60);

	private final RaftLog raft;

	private final ConsulSimulator.Settings settings;

	private final Map<String, ObjectNode> sessions = new LinkedHashMap<>();

	private final Map<String, Long> deadlines = new HashMap<>();

	private long sessionIndex;

	private @Nullable KvArea kv;

	private @Nullable CatalogArea catalog;

	private @Nullable QueryArea queries;

	SessionArea(RaftLog raft, ConsulSimulator.Settings settings) {
		this.raft = raft;
		this.settings = settings;
	}

	/**
	 * The areas a session touches. Set after construction: the catalog ends sessions (a
	 * node gone, a check critical) and sessions read the catalog, as in Consul.
	 */
	void bind(KvArea kv, CatalogArea catalog, QueryArea queries) {
		this.kv = kv;
		this.catalog = catalog;
		this.queries = queries;
	}

	void reset(long start) {
		this.sessions.clear();
		this.deadlines.clear();
		this.sessionIndex = start;
	}

	boolean exists(String id) {
		return this.sessions.containsKey(id);
	}

	int count() {
		return this.sessions.size();
	}

	/** {@code GET /v1/session/info/:id}. */
	ApiResponse info(ApiRequest r, String id) throws InterruptedException {
		return list(r, (s) -> s.get("ID").asString().equals(id));
	}

	/** {@code GET /v1/session/node/:node}. */
	ApiResponse byNode(ApiRequest r, String node) throws InterruptedException {
		return list(r, (s) -> s.get("Node").asString().equals(node));
	}

	/** {@code GET /v1/session/list}. */
	ApiResponse list(ApiRequest r) throws InterruptedException {
		return list(r, (s) -> true);
	}

	private ApiResponse list(ApiRequest r, Predicate<ObjectNode> wanted) throws InterruptedException {
		return this.raft.blocking(r, () -> {
			ArrayNode list = JSON.createArrayNode();
			this.sessions.values().stream().filter(wanted).forEach((s) -> list.add(s.deepCopy()));
			return ApiResponse.read(list, this.sessionIndex);
		});
	}

	/** {@code PUT /v1/session/destroy/:id}. */
	ApiResponse destroy(String id) {
		if (!isUuid(id)) {
			return ApiResponse.bad("Session ID must be a valid UUID");
		}
		invalidate(id);
		return ApiResponse.bool(true);
	}

	/** {@code PUT /v1/session/renew/:id}: the TTL starts again. */
	ApiResponse renew(String id) {
		ObjectNode session = this.sessions.get(id);
		if (session == null) {
			return ApiResponse.text(404, "Session id '" + id + "' not found");
		}
		Long ttl = ttlOf(session);
		if (ttl != null) {
			this.deadlines.put(id, System.currentTimeMillis() + ttl);
		}
		return ApiResponse.json(JSON.createArrayNode().add(session.deepCopy()));
	}

	private static boolean isUuid(String id) {
		return id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
	}

	private static @Nullable Long ttlOf(ObjectNode session) {
		String ttl = session.path("TTL").asString("");
		return ttl.isEmpty() ? null : GoDuration.parse(ttl).toMillis();
	}

	/** {@code PUT /v1/session/create}. */
	ApiResponse create(ApiRequest r) {
		JsonNode body = ConsulJson.body(r);
		String node = body.path("Node").asString("");
		if (node.isEmpty()) {
			node = this.settings.nodeName();
		}
		CatalogArea catalog = bound(this.catalog);
		if (!catalog.hasNode(node)) {
			return ApiResponse.text(500, "Missing node registration");
		}
		String behavior = body.path("Behavior").asString("release");
		if (behavior.isEmpty()) {
			behavior = "release";
		}
		if (!behavior.equals("release") && !behavior.equals("delete")) {
			return ApiResponse.bad("Invalid Behavior setting '" + behavior + "'");
		}
		String ttl = body.path("TTL").asString("");
		ApiResponse badTtl = checkTtl(ttl);
		if (badTtl != null) {
			return badTtl;
		}
		Duration lockDelay = lockDelay(body);
		List<String> nodeChecks = nodeChecks(body);
		for (String checkId : nodeChecks) {
			ObjectNode check = catalog.checks(node).get(checkId);
			if (check == null) {
				return ApiResponse.text(500, "Missing check '" + checkId + "' registration");
			}
			if (check.get("Status").asString().equals("critical")) {
				return ApiResponse.text(500, "Check '" + checkId + "' is in critical state");
			}
		}
		String id = UUID.randomUUID().toString();
		long at = this.raft.next();
		ObjectNode session = JSON.createObjectNode();
		session.put("ID", id);
		session.put("Name", body.path("Name").asString(""));
		session.put("Node", node);
		session.put("LockDelay", lockDelay.toNanos());
		session.put("Behavior", behavior);
		session.put("TTL", ttl);
		ArrayNode checksNode = session.putArray("NodeChecks");
		nodeChecks.forEach(checksNode::add);
		if (body.hasNonNull("ServiceChecks")) {
			session.set("ServiceChecks", body.get("ServiceChecks").deepCopy());
		}
		else {
			session.putNull("ServiceChecks");
		}
		ConsulJson.stamp(session, at, at);
		this.sessions.put(id, session);
		if (!ttl.isEmpty()) {
			this.deadlines.put(id, System.currentTimeMillis() + GoDuration.parse(ttl).toMillis());
		}
		this.sessionIndex = at;
		this.raft.changed();
		return ApiResponse.json(JSON.createObjectNode().put("ID", id));
	}

	private static @Nullable ApiResponse checkTtl(String ttl) {
		if (ttl.isEmpty()) {
			return null;
		}
		Duration parsed;
		try {
			parsed = GoDuration.parse(ttl);
		}
		catch (IllegalArgumentException ex) {
			return ApiResponse.badDuration(ttl);
		}
		if (parsed.compareTo(MIN_TTL) < 0 || parsed.compareTo(MAX_TTL) > 0) {
			return ApiResponse.bad("Invalid Session TTL '" + ttl + "', must be between [10s=24h0m0s]");
		}
		return null;
	}

	private static Duration lockDelay(JsonNode body) {
		Duration lockDelay = Duration.ofSeconds(15);
		if (body.hasNonNull("LockDelay")) {
			JsonNode value = body.get("LockDelay");
			lockDelay = value.isNumber() ? Duration.ofNanos(value.asLong()) : GoDuration.parse(value.asString());
		}
		return (lockDelay.compareTo(MAX_LOCK_DELAY) > 0) ? MAX_LOCK_DELAY : lockDelay;
	}

	private static List<String> nodeChecks(JsonNode body) {
		List<String> nodeChecks = new ArrayList<>();
		JsonNode listed = body.hasNonNull("NodeChecks") ? body.get("NodeChecks") : body.get("Checks");
		if (listed != null && listed.isArray()) {
			listed.forEach((check) -> nodeChecks.add(check.asString()));
		}
		else {
			nodeChecks.add("serfHealth");
		}
		return nodeChecks;
	}

	/** Destroy a session: its locks are released (or deleted) and lock-delay starts. */
	boolean invalidate(String id) {
		ObjectNode session = this.sessions.remove(id);
		this.deadlines.remove(id);
		if (session == null) {
			return false;
		}
		long at = this.raft.next();
		long lockDelay = Duration.ofNanos(session.get("LockDelay").asLong()).toMillis();
		bound(this.kv).sessionEnded(id, session.get("Behavior").asString().equals("delete"), lockDelay, at);
		bound(this.queries).sessionEnded(id);
		this.sessionIndex = at;
		this.raft.changed();
		return true;
	}

	/** A node left the catalog: its sessions end. */
	void nodeRemoved(String node) {
		for (ObjectNode session : new ArrayList<>(this.sessions.values())) {
			if (session.get("Node").asString().equals(node)) {
				invalidate(session.get("ID").asString());
			}
		}
	}

	/** A check turned critical: the sessions that depend on it end. */
	void checkCritical(String node, String checkId) {
		for (ObjectNode session : new ArrayList<>(this.sessions.values())) {
			boolean depends = session.get("Node").asString().equals(node)
					&& ConsulJson.contains(session.get("NodeChecks"), checkId);
			JsonNode serviceChecks = session.get("ServiceChecks");
			if (serviceChecks != null && serviceChecks.isArray()) {
				for (JsonNode ref : serviceChecks) {
					depends |= ref.path("ID").asString("").equals(checkId);
				}
			}
			if (depends) {
				invalidate(session.get("ID").asString());
			}
		}
	}

	/** Sessions whose TTL ran out end. */
	void tick(long nowMillis) {
		for (Map.Entry<String, Long> deadline : new ArrayList<>(this.deadlines.entrySet())) {
			if (deadline.getValue() <= nowMillis) {
				invalidate(deadline.getKey());
			}
		}
	}

	private static <T> T bound(@Nullable T area) {
		if (area == null) {
			throw new IllegalStateException("the session area is used before it was bound to the others");
		}
		return area;
	}

}
