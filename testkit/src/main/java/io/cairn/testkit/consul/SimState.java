package io.cairn.testkit.consul;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulated agent and servers: the KV store with raft indexes and CAS, sessions and
 * locks with lock-delay, transactions, the catalog with the agent's local services and
 * checks, health, user events, ACLs, prepared queries, coordinates, Raft status and
 * snapshots. Every method runs under this object's monitor; blocking reads wait on it and
 * every write wakes them.
 */
final class SimState {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

	static final long MAX_VALUE_SIZE = 512 * 1024;

	final ConsulSimulator.Settings settings;

	final ConsulFaults faults;

	boolean closed;

	long index;

	private final TreeMap<String, Kv> kv = new TreeMap<>();

	private final Map<String, Long> tombstones = new HashMap<>();

	private long kvIndex;

	private final Map<String, Long> lockDelays = new HashMap<>();

	private final Map<String, ObjectNode> nodes = new LinkedHashMap<>();

	private final Map<String, Map<String, ObjectNode>> services = new LinkedHashMap<>();

	private final Map<String, Map<String, ObjectNode>> checks = new LinkedHashMap<>();

	private long catalogIndex;

	private final Map<String, Long> ttlDeadlines = new HashMap<>();

	private final Map<String, Long> ttlMillis = new HashMap<>();

	private final Map<String, ObjectNode> sessions = new LinkedHashMap<>();

	private final Map<String, Long> sessionDeadlines = new HashMap<>();

	private long sessionIndex;

	private final ArrayDeque<ObjectNode> events = new ArrayDeque<>();

	private long eventLTime;

	private final Map<String, ObjectNode> tokens = new LinkedHashMap<>();

	private final Map<String, ObjectNode> policies = new LinkedHashMap<>();

	private final Map<String, ObjectNode> roles = new LinkedHashMap<>();

	private final Map<String, ObjectNode> legacyAcls = new LinkedHashMap<>();

	private boolean bootstrapped;

	private long aclIndex;

	private final Map<String, ObjectNode> queries = new LinkedHashMap<>();

	private final Map<String, ObjectNode> coordinates = new LinkedHashMap<>();

	private long coordinateIndex;

	private final Map<String, Long> cacheFetched = new HashMap<>();

	private final List<java.util.function.Consumer<String>> monitors = new ArrayList<>();

	SimState(ConsulSimulator.Settings settings, ConsulFaults faults) {
		this.settings = settings;
		this.faults = faults;
		reset();
	}

	/**
	 * Forget everything, as a dev agent does when it restarts, and register the agent
	 * itself.
	 */
	synchronized void reset() {
		this.kv.clear();
		this.tombstones.clear();
		this.lockDelays.clear();
		this.nodes.clear();
		this.services.clear();
		this.checks.clear();
		this.ttlDeadlines.clear();
		this.ttlMillis.clear();
		this.sessions.clear();
		this.sessionDeadlines.clear();
		this.events.clear();
		this.tokens.clear();
		this.policies.clear();
		this.roles.clear();
		this.legacyAcls.clear();
		this.queries.clear();
		this.coordinates.clear();
		this.cacheFetched.clear();
		this.index = 10;
		long start = next();
		this.kvIndex = start;
		this.sessionIndex = start;
		this.aclIndex = start;
		this.coordinateIndex = start;
		this.catalogIndex = start;
		this.bootstrapped = false;
		ObjectNode node = JSON.createObjectNode();
		node.put("ID", this.settings.nodeId());
		node.put("Node", this.settings.nodeName());
		node.put("Address", this.settings.address());
		node.put("Datacenter", this.settings.datacenter());
		node.putObject("TaggedAddresses").put("lan", this.settings.address()).put("wan", this.settings.address());
		node.putObject("Meta").put("consul-network-segment", "");
		stamp(node, start, start);
		this.nodes.put(this.settings.nodeName(), node);
		ObjectNode consul = service("consul", "consul", List.of(), "", 8300);
		stamp(consul, start, start);
		services(this.settings.nodeName()).put("consul", consul);
		ObjectNode serf = check(this.settings.nodeName(), "serfHealth", "Serf Health Status", "passing", "", "");
		serf.put("Output", "Agent alive and reachable");
		stamp(serf, start, start);
		checks(this.settings.nodeName()).put("serfHealth", serf);
		if (this.settings.managementToken() != null) {
			ObjectNode management = token(UUID.randomUUID().toString(), this.settings.managementToken(),
					"Initial Management Token");
			management.putArray("Policies")
				.addObject()
				.put("ID", "00000000-0000-0000-0000-000000000001")
				.put("Name", "global-management");
			this.tokens.put(management.get("AccessorID").asString(), management);
			ObjectNode globalManagement = JSON.createObjectNode();
			globalManagement.put("ID", "00000000-0000-0000-0000-000000000001");
			globalManagement.put("Name", "global-management");
			globalManagement.put("Description", "Builtin Policy that grants unlimited access");
			globalManagement.put("Rules", "acl = \"write\"");
			stamp(globalManagement, start, start);
			this.policies.put("00000000-0000-0000-0000-000000000001", globalManagement);
			this.bootstrapped = true;
		}
		notifyAll();
	}

	private long next() {
		return ++this.index;
	}

	private static void stamp(ObjectNode node, long create, long modify) {
		node.put("CreateIndex", create);
		node.put("ModifyIndex", modify);
	}

	synchronized void close() {
		this.closed = true;
		notifyAll();
	}

	synchronized void closedFlag(boolean closed) {
		this.closed = closed;
	}

	synchronized boolean isClosed() {
		return this.closed;
	}

	synchronized void wake() {
		notifyAll();
	}

	synchronized void addMonitor(java.util.function.Consumer<String> monitor) {
		this.monitors.add(monitor);
	}

	synchronized void removeMonitor(java.util.function.Consumer<String> monitor) {
		this.monitors.remove(monitor);
	}

	synchronized void log(String line) {
		for (java.util.function.Consumer<String> monitor : this.monitors) {
			monitor.accept(line);
		}
	}

	// ---------------------------------------------------------------- time-driven
	// changes

	/**
	 * TTL checks that ran out turn critical; TTL sessions that ran out are invalidated.
	 */
	synchronized void tick(long nowMillis) {
		for (Map.Entry<String, Long> deadline : new ArrayList<>(this.ttlDeadlines.entrySet())) {
			if (deadline.getValue() <= nowMillis) {
				this.ttlDeadlines.remove(deadline.getKey());
				setCheckStatus(this.settings.nodeName(), deadline.getKey(), "critical", "TTL expired (simulated)");
			}
		}
		for (Map.Entry<String, Long> deadline : new ArrayList<>(this.sessionDeadlines.entrySet())) {
			if (deadline.getValue() <= nowMillis) {
				invalidateSession(deadline.getKey());
			}
		}
	}

	// ---------------------------------------------------------------- dispatch

	synchronized SimResponse handle(SimRequest r) throws InterruptedException {
		String area = r.segment(0);
		return switch (area) {
			case "kv" -> kv(r);
			case "txn" -> method(r, "PUT") ? txn(r) : notAllowed(r);
			case "session" -> session(r);
			case "agent" -> agent(r);
			case "catalog" -> catalog(r);
			case "health" -> health(r);
			case "event" -> event(r);
			case "status" -> status(r);
			case "acl" -> acl(r);
			case "query" -> query(r);
			case "coordinate" -> coordinate(r);
			case "operator" -> operator(r);
			case "snapshot" -> snapshot(r);
			default -> SimResponse.text(404, "404 page not found");
		};
	}

	boolean needsLeader(SimRequest r) {
		String area = r.segment(0);
		if (area.equals("agent") || area.equals("status") || area.equals("event")
				|| (area.equals("catalog") && r.segment(1).equals("datacenters"))
				|| (area.equals("coordinate") && r.segment(1).equals("datacenters"))) {
			return false;
		}
		return !(r.method.equals("GET") && r.has("stale"));
	}

	private static boolean method(SimRequest r, String method) {
		return r.method.equals(method);
	}

	private static SimResponse notAllowed(SimRequest r) {
		return SimResponse.text(405, "method " + r.method + " not allowed");
	}

	private static SimResponse bad(String message) {
		return SimResponse.text(400, message);
	}

	private static SimResponse bool(boolean value) {
		return SimResponse.json(JSON.getNodeFactory().booleanNode(value));
	}

	private SimResponse blocking(SimRequest r, Supplier<SimResponse> compute) throws InterruptedException {
		SimResponse response = compute.get();
		long min = r.minIndex();
		if (min > 0 && response.index != null && response.status == 200) {
			long deadline = System.nanoTime() + waitNanos(r);
			while ((response.opaqueIndex ? response.index == min : response.index <= min) && !this.closed) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					break;
				}
				TimeUnit.NANOSECONDS.timedWait(this, remaining);
				response = compute.get();
			}
		}
		return response;
	}

	private long waitNanos(SimRequest r) {
		String wait = r.param("wait");
		long nanos = (wait != null) ? parseDuration(wait).toNanos() : Duration.ofMinutes(5).toNanos();
		nanos = Math.min(nanos, Duration.ofMinutes(10).toNanos());
		if (this.settings.jitter() && nanos >= 16) {
			nanos += ThreadLocalRandom.current().nextLong(nanos / 16);
		}
		return nanos;
	}

	static Duration parseDuration(String text) {
		String value = text.strip();
		if (value.matches("\\d+")) {
			return Duration.ofSeconds(Long.parseLong(value));
		}
		Matcher matcher = DURATION.matcher(value);
		int position = 0;
		double nanos = 0;
		while (position < value.length()) {
			if (!matcher.find(position) || matcher.start() != position) {
				throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
			}
			nanos += Double.parseDouble(matcher.group(1)) * switch (matcher.group(2)) {
				case "ns" -> 1d;
				case "us", "µs" -> 1e3;
				case "ms" -> 1e6;
				case "s" -> 1e9;
				case "m" -> 60e9;
				default -> 3600e9;
			};
			position = matcher.end();
		}
		if (position == 0) {
			throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
		}
		return Duration.ofNanos((long) nanos);
	}

	// ---------------------------------------------------------------- KV

	private record Kv(long createIndex, long modifyIndex, long lockIndex, long flags, byte @Nullable [] value,
			@Nullable String session) {

		Kv modified(long at, byte @Nullable [] newValue, long newFlags) {
			return new Kv(this.createIndex, at, this.lockIndex, newFlags, newValue, this.session);
		}

	}

	private ObjectNode kvJson(String key, Kv entry, boolean withValue) {
		ObjectNode node = JSON.createObjectNode();
		node.put("LockIndex", entry.lockIndex());
		node.put("Key", key);
		node.put("Flags", entry.flags());
		if (withValue && entry.value() != null) {
			node.put("Value", Base64.getEncoder().encodeToString(entry.value()));
		}
		else {
			node.putNull("Value");
		}
		if (entry.session() != null) {
			node.put("Session", entry.session());
		}
		node.put("CreateIndex", entry.createIndex());
		node.put("ModifyIndex", entry.modifyIndex());
		return node;
	}

	private long prefixIndex(String prefix) {
		long max = 0;
		for (Map.Entry<String, Kv> entry : this.kv.tailMap(prefix, true).entrySet()) {
			if (!entry.getKey().startsWith(prefix)) {
				break;
			}
			max = Math.max(max, entry.getValue().modifyIndex());
		}
		for (Map.Entry<String, Long> tombstone : this.tombstones.entrySet()) {
			if (tombstone.getKey().startsWith(prefix)) {
				max = Math.max(max, tombstone.getValue());
			}
		}
		return (max > 0) ? max : this.kvIndex;
	}

	private SimResponse kv(SimRequest r) throws InterruptedException {
		String key = r.rest(1);
		switch (r.method) {
			case "GET":
				return blocking(r, () -> kvRead(r, key));
			case "PUT":
				return kvPut(r, key);
			case "DELETE":
				return kvDelete(r, key);
			default:
				return notAllowed(r);
		}
	}

	private SimResponse kvRead(SimRequest r, String key) {
		if (r.has("keys")) {
			String separator = r.param("separator");
			ArrayNode keys = JSON.createArrayNode();
			String last = null;
			for (String candidate : this.kv.tailMap(key, true).keySet()) {
				if (!candidate.startsWith(key)) {
					break;
				}
				String listed = candidate;
				if (separator != null && !separator.isEmpty()) {
					int at = candidate.indexOf(separator, key.length());
					if (at >= 0) {
						listed = candidate.substring(0, at + separator.length());
					}
				}
				if (!listed.equals(last)) {
					keys.add(listed);
					last = listed;
				}
			}
			long at = prefixIndex(key);
			return (keys.isEmpty()) ? SimResponse.text(404, "").withIndex(at) : SimResponse.read(keys, at);
		}
		if (r.has("recurse")) {
			ArrayNode entries = JSON.createArrayNode();
			for (Map.Entry<String, Kv> entry : this.kv.tailMap(key, true).entrySet()) {
				if (!entry.getKey().startsWith(key)) {
					break;
				}
				entries.add(kvJson(entry.getKey(), entry.getValue(), true));
			}
			long at = prefixIndex(key);
			return (entries.isEmpty()) ? SimResponse.text(404, "").withIndex(at) : SimResponse.read(entries, at);
		}
		Kv entry = this.kv.get(key);
		if (entry == null) {
			Long tombstone = this.tombstones.get(key);
			return SimResponse.text(404, "").withIndex((tombstone != null) ? tombstone : this.kvIndex);
		}
		if (r.has("raw")) {
			SimResponse raw = SimResponse.raw(200, (entry.value() != null) ? entry.value() : new byte[0],
					"text/plain; charset=utf-8");
			return raw.withIndex(entry.modifyIndex());
		}
		return SimResponse.read(JSON.createArrayNode().add(kvJson(key, entry, true)), entry.modifyIndex());
	}

	private SimResponse kvPut(SimRequest r, String key) {
		if (key.isEmpty()) {
			return bad("Missing key name");
		}
		if (r.body.length > MAX_VALUE_SIZE) {
			return SimResponse.text(413, "Request body(" + r.body.length + " bytes) too large, max size: "
					+ MAX_VALUE_SIZE
					+ " bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.");
		}
		long flags;
		try {
			flags = (r.param("flags") != null) ? Long.parseUnsignedLong(r.param("flags")) : 0;
		}
		catch (NumberFormatException ex) {
			return bad("Invalid flags: " + ex.getMessage());
		}
		if (r.has("acquire") && r.has("release")) {
			return bad("Conflicting flags: acquire=" + r.param("acquire") + "&release=" + r.param("release"));
		}
		Kv existing = this.kv.get(key);
		if (r.param("cas") != null) {
			long cas;
			try {
				cas = Long.parseUnsignedLong(r.param("cas"));
			}
			catch (NumberFormatException ex) {
				return bad("Invalid CAS index: " + ex.getMessage());
			}
			if ((cas == 0 && existing != null) || (cas != 0 && (existing == null || existing.modifyIndex() != cas))) {
				return bool(false);
			}
		}
		String acquire = r.param("acquire");
		String release = r.param("release");
		if (acquire != null) {
			return bool(lock(key, r.body, flags, acquire) == null);
		}
		if (release != null) {
			return bool(unlock(key, r.body, flags, release) == null);
		}
		long at = next();
		this.kv.put(key,
				(existing != null) ? existing.modified(at, r.body, flags) : new Kv(at, at, 0, flags, r.body, null));
		this.tombstones.remove(key);
		this.kvIndex = at;
		notifyAll();
		return bool(true);
	}

	/** Acquire; {@code null} on success, else why not. */
	private @Nullable String lock(String key, byte[] value, long flags, String session) {
		if (!this.sessions.containsKey(session)) {
			return "invalid session \"" + session + "\"";
		}
		Kv existing = this.kv.get(key);
		if (existing != null && existing.session() != null) {
			if (!existing.session().equals(session)) {
				return "failed to lock key \"" + key + "\", lock is already held";
			}
			long at = next();
			this.kv.put(key, existing.modified(at, value, flags));
			this.kvIndex = at;
			notifyAll();
			return null;
		}
		Long delay = this.lockDelays.get(key);
		if (delay != null && delay > System.currentTimeMillis()) {
			return "failed to lock key \"" + key + "\", lock delay in effect";
		}
		long at = next();
		Kv locked = (existing != null)
				? new Kv(existing.createIndex(), at, existing.lockIndex() + 1, flags, value, session)
				: new Kv(at, at, 1, flags, value, session);
		this.kv.put(key, locked);
		this.tombstones.remove(key);
		this.kvIndex = at;
		notifyAll();
		return null;
	}

	private @Nullable String unlock(String key, byte[] value, long flags, String session) {
		Kv existing = this.kv.get(key);
		if (existing == null || existing.session() == null || !existing.session().equals(session)) {
			return "failed to unlock key \"" + key + "\", lock isn't held, or is held by another session";
		}
		long at = next();
		this.kv.put(key, new Kv(existing.createIndex(), at, existing.lockIndex(), flags, value, null));
		this.kvIndex = at;
		notifyAll();
		return null;
	}

	private SimResponse kvDelete(SimRequest r, String key) {
		if (r.param("cas") != null) {
			long cas = Long.parseUnsignedLong(r.param("cas"));
			Kv existing = this.kv.get(key);
			if (cas == 0 || existing == null || existing.modifyIndex() != cas) {
				return bool(false);
			}
		}
		if (r.has("recurse")) {
			deleteTree(key);
		}
		else if (this.kv.containsKey(key)) {
			long at = next();
			this.kv.remove(key);
			this.tombstones.put(key, at);
			this.kvIndex = at;
		}
		notifyAll();
		return bool(true);
	}

	private void deleteTree(String prefix) {
		long at = 0;
		Iterator<Map.Entry<String, Kv>> entries = this.kv.tailMap(prefix, true).entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<String, Kv> entry = entries.next();
			if (!entry.getKey().startsWith(prefix)) {
				break;
			}
			if (at == 0) {
				at = next();
			}
			this.tombstones.put(entry.getKey(), at);
			entries.remove();
		}
		if (at > 0) {
			this.kvIndex = at;
		}
	}

	// ---------------------------------------------------------------- transactions

	private SimResponse txn(SimRequest r) {
		JsonNode ops;
		try {
			ops = JSON.readTree(r.body);
		}
		catch (RuntimeException ex) {
			return bad("Failed to parse body: " + ex.getMessage());
		}
		if (ops == null || !ops.isArray()) {
			return bad("Failed to parse body: expected a JSON array of operations");
		}
		if (ops.size() > 64) {
			return SimResponse.text(413, "Transaction contains too many operations (" + ops.size() + " > 64)");
		}
		// Stage on copies: nothing changes unless every operation succeeds. The catalog
		// is
		// copied only when an operation touches it: a KV transaction costs what its
		// operations cost, as in Consul, whatever the number of services.
		boolean touchesCatalog = false;
		for (JsonNode op : ops) {
			touchesCatalog |= op.has("Node") || op.has("Service") || op.has("Check");
		}
		TreeMap<String, Kv> savedKv = new TreeMap<>(this.kv);
		Map<String, Long> savedTombstones = new HashMap<>(this.tombstones);
		Map<String, ObjectNode> savedNodes = touchesCatalog ? deepCopy(this.nodes) : null;
		Map<String, Map<String, ObjectNode>> savedServices = touchesCatalog ? deepCopyNested(this.services) : null;
		Map<String, Map<String, ObjectNode>> savedChecks = touchesCatalog ? deepCopyNested(this.checks) : null;
		long savedIndex = this.index;
		long savedKvIndex = this.kvIndex;
		long savedCatalogIndex = this.catalogIndex;
		ArrayNode results = JSON.createArrayNode();
		ArrayNode errors = JSON.createArrayNode();
		for (int i = 0; i < ops.size(); i++) {
			JsonNode op = ops.get(i);
			String error;
			try {
				error = txnOp(op, results);
			}
			catch (RuntimeException ex) {
				error = "invalid operation: " + ex.getMessage();
			}
			if (error != null) {
				errors.addObject().put("OpIndex", i).put("What", error);
			}
		}
		ObjectNode answer = JSON.createObjectNode();
		if (!errors.isEmpty()) {
			this.kv.clear();
			this.kv.putAll(savedKv);
			this.tombstones.clear();
			this.tombstones.putAll(savedTombstones);
			if (savedNodes != null && savedServices != null && savedChecks != null) {
				this.nodes.clear();
				this.nodes.putAll(savedNodes);
				this.services.clear();
				this.services.putAll(savedServices);
				this.checks.clear();
				this.checks.putAll(savedChecks);
			}
			this.index = savedIndex;
			this.kvIndex = savedKvIndex;
			this.catalogIndex = savedCatalogIndex;
			answer.putNull("Results");
			answer.set("Errors", errors);
			return SimResponse.json(409, answer);
		}
		notifyAll();
		answer.set("Results", results);
		answer.putNull("Errors");
		SimResponse response = SimResponse.json(answer);
		response.header("X-Consul-KnownLeader", "true").header("X-Consul-LastContact", "0");
		return response;
	}

	private static Map<String, ObjectNode> deepCopy(Map<String, ObjectNode> map) {
		Map<String, ObjectNode> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put(key, value.deepCopy()));
		return copy;
	}

	private static Map<String, Map<String, ObjectNode>> deepCopyNested(Map<String, Map<String, ObjectNode>> map) {
		Map<String, Map<String, ObjectNode>> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put(key, deepCopy(value)));
		return copy;
	}

	private @Nullable String txnOp(JsonNode op, ArrayNode results) {
		if (op.has("KV")) {
			return txnKv(op.get("KV"), results);
		}
		if (op.has("Node")) {
			return txnNode(op.get("Node"), results);
		}
		if (op.has("Service")) {
			return txnService(op.get("Service"), results);
		}
		if (op.has("Check")) {
			return txnCheck(op.get("Check"), results);
		}
		return "unknown operation type";
	}

	private @Nullable String txnKv(JsonNode op, ArrayNode results) {
		String verb = op.path("Verb").asString("");
		String key = op.path("Key").asString("");
		byte[] value = op.hasNonNull("Value") ? Base64.getDecoder().decode(op.get("Value").asString()) : new byte[0];
		long flags = op.path("Flags").asLong(0);
		long index = op.path("Index").asLong(0);
		String session = op.path("Session").asString("");
		Kv existing = this.kv.get(key);
		switch (verb) {
			case "set" -> {
				long at = next();
				this.kv.put(key, (existing != null) ? existing.modified(at, value, flags)
						: new Kv(at, at, 0, flags, value, null));
				this.tombstones.remove(key);
				this.kvIndex = at;
				results.addObject().set("KV", kvJson(key, this.kv.get(key), false));
			}
			case "cas" -> {
				if ((index == 0 && existing != null)
						|| (index != 0 && (existing == null || existing.modifyIndex() != index))) {
					return "failed to set key \"" + key + "\", index is stale";
				}
				long at = next();
				this.kv.put(key, (existing != null) ? existing.modified(at, value, flags)
						: new Kv(at, at, 0, flags, value, null));
				this.kvIndex = at;
				results.addObject().set("KV", kvJson(key, this.kv.get(key), false));
			}
			case "lock" -> {
				String error = lock(key, value, flags, session);
				if (error != null) {
					return error;
				}
				results.addObject().set("KV", kvJson(key, this.kv.get(key), false));
			}
			case "unlock" -> {
				String error = unlock(key, value, flags, session);
				if (error != null) {
					return error;
				}
				results.addObject().set("KV", kvJson(key, this.kv.get(key), false));
			}
			case "get" -> {
				if (existing == null) {
					return "key \"" + key + "\" doesn't exist";
				}
				results.addObject().set("KV", kvJson(key, existing, true));
			}
			case "get-or-empty" -> {
				// As Consul does: a missing key adds no result (nor does
				// check-not-exists).
				if (existing != null) {
					results.addObject().set("KV", kvJson(key, existing, true));
				}
			}
			case "get-tree" -> {
				for (Map.Entry<String, Kv> entry : this.kv.tailMap(key, true).entrySet()) {
					if (!entry.getKey().startsWith(key)) {
						break;
					}
					results.addObject().set("KV", kvJson(entry.getKey(), entry.getValue(), true));
				}
			}
			case "check-index" -> {
				if (existing == null) {
					return "key \"" + key + "\" doesn't exist";
				}
				if (existing.modifyIndex() != index) {
					return "current modify index " + existing.modifyIndex() + " != " + index;
				}
				results.addObject().set("KV", kvJson(key, existing, false));
			}
			case "check-session" -> {
				String holder = (existing != null && existing.session() != null) ? existing.session() : "";
				if (existing == null || !holder.equals(session)) {
					return "failed session check for key \"" + key + "\", current session \"" + holder + "\" != \""
							+ session + "\"";
				}
				results.addObject().set("KV", kvJson(key, existing, false));
			}
			case "check-not-exists" -> {
				if (existing != null) {
					return "key \"" + key + "\" exists";
				}
			}
			case "delete" -> {
				if (existing != null) {
					long at = next();
					this.kv.remove(key);
					this.tombstones.put(key, at);
					this.kvIndex = at;
				}
			}
			case "delete-tree" -> deleteTree(key);
			case "delete-cas" -> {
				if (existing == null || existing.modifyIndex() != index) {
					return "failed to delete key \"" + key + "\", index is stale";
				}
				long at = next();
				this.kv.remove(key);
				this.tombstones.put(key, at);
				this.kvIndex = at;
			}
			default -> {
				return "unknown KV verb \"" + verb + "\"";
			}
		}
		return null;
	}

	private @Nullable String txnNode(JsonNode op, ArrayNode results) {
		String verb = op.path("Verb").asString("");
		JsonNode node = op.path("Node");
		String name = node.path("Node").asString("");
		ObjectNode existing = this.nodes.get(name);
		switch (verb) {
			case "set", "cas" -> {
				if (verb.equals("cas") && (existing == null ? node.path("ModifyIndex").asLong(0) != 0
						: existing.get("ModifyIndex").asLong() != node.path("ModifyIndex").asLong(0))) {
					return "failed to set node \"" + name + "\", index is stale";
				}
				long at = next();
				ObjectNode stored = ((ObjectNode) node).deepCopy();
				stamp(stored, (existing != null) ? existing.get("CreateIndex").asLong() : at, at);
				this.nodes.put(name, stored);
				this.catalogIndex = at;
				results.addObject().set("Node", stored.deepCopy());
			}
			case "get" -> {
				if (existing == null) {
					return "node \"" + name + "\" doesn't exist";
				}
				results.addObject().set("Node", existing.deepCopy());
			}
			case "delete", "delete-cas" -> {
				if (existing == null || (verb.equals("delete-cas")
						&& existing.get("ModifyIndex").asLong() != node.path("ModifyIndex").asLong(0))) {
					return verb.equals("delete") ? null : "failed to delete node \"" + name + "\", index is stale";
				}
				removeNode(name);
			}
			default -> {
				return "unknown Node verb \"" + verb + "\"";
			}
		}
		return null;
	}

	private @Nullable String txnService(JsonNode op, ArrayNode results) {
		String verb = op.path("Verb").asString("");
		String node = op.path("Node").asString("");
		JsonNode service = op.path("Service");
		String id = service.path("ID").asString("");
		if (!this.nodes.containsKey(node)) {
			return "node \"" + node + "\" doesn't exist";
		}
		ObjectNode existing = services(node).get(id);
		switch (verb) {
			case "set", "cas" -> {
				if (verb.equals("cas") && (existing == null
						|| existing.get("ModifyIndex").asLong() != service.path("ModifyIndex").asLong(0))) {
					return "failed to set service \"" + id + "\", index is stale";
				}
				long at = next();
				ObjectNode stored = ((ObjectNode) service).deepCopy();
				stamp(stored, (existing != null) ? existing.get("CreateIndex").asLong() : at, at);
				services(node).put(id, stored);
				this.catalogIndex = at;
				results.addObject().set("Service", stored.deepCopy());
			}
			case "get" -> {
				if (existing == null) {
					return "service \"" + id + "\" doesn't exist";
				}
				results.addObject().set("Service", existing.deepCopy());
			}
			case "delete", "delete-cas" -> {
				if (existing == null) {
					return verb.equals("delete") ? null : "service \"" + id + "\" doesn't exist";
				}
				if (verb.equals("delete-cas")
						&& existing.get("ModifyIndex").asLong() != service.path("ModifyIndex").asLong(0)) {
					return "failed to delete service \"" + id + "\", index is stale";
				}
				services(node).remove(id);
				this.catalogIndex = next();
			}
			default -> {
				return "unknown Service verb \"" + verb + "\"";
			}
		}
		return null;
	}

	private @Nullable String txnCheck(JsonNode op, ArrayNode results) {
		String verb = op.path("Verb").asString("");
		JsonNode check = op.path("Check");
		String node = check.path("Node").asString("");
		String id = check.path("CheckID").asString("");
		if (!this.nodes.containsKey(node)) {
			return "node \"" + node + "\" doesn't exist";
		}
		ObjectNode existing = checks(node).get(id);
		switch (verb) {
			case "set", "cas" -> {
				if (verb.equals("cas") && (existing == null
						|| existing.get("ModifyIndex").asLong() != check.path("ModifyIndex").asLong(0))) {
					return "failed to set check \"" + id + "\", index is stale";
				}
				long at = next();
				ObjectNode stored = ((ObjectNode) check).deepCopy();
				stamp(stored, (existing != null) ? existing.get("CreateIndex").asLong() : at, at);
				checks(node).put(id, stored);
				this.catalogIndex = at;
				results.addObject().set("Check", stored.deepCopy());
			}
			case "get" -> {
				if (existing == null) {
					return "check \"" + id + "\" doesn't exist";
				}
				results.addObject().set("Check", existing.deepCopy());
			}
			case "delete", "delete-cas" -> {
				if (existing == null) {
					return verb.equals("delete") ? null : "check \"" + id + "\" doesn't exist";
				}
				checks(node).remove(id);
				this.catalogIndex = next();
			}
			default -> {
				return "unknown Check verb \"" + verb + "\"";
			}
		}
		return null;
	}

	// ---------------------------------------------------------------- sessions

	private SimResponse session(SimRequest r) throws InterruptedException {
		String action = r.segment(1);
		String id = r.segment(2);
		switch (action) {
			case "create":
				return method(r, "PUT") ? sessionCreate(r) : notAllowed(r);
			case "destroy":
				if (!method(r, "PUT")) {
					return notAllowed(r);
				}
				if (!isUuid(id)) {
					return bad("Session ID must be a valid UUID");
				}
				invalidateSession(id);
				return bool(true);
			case "renew":
				if (!method(r, "PUT")) {
					return notAllowed(r);
				}
				ObjectNode session = this.sessions.get(id);
				if (session == null) {
					return SimResponse.text(404, "Session id '" + id + "' not found");
				}
				Long ttl = ttlOf(session);
				if (ttl != null) {
					this.sessionDeadlines.put(id, System.currentTimeMillis() + ttl);
				}
				return SimResponse.json(JSON.createArrayNode().add(session.deepCopy()));
			case "info":
				return blocking(r, () -> {
					ObjectNode found = this.sessions.get(id);
					ArrayNode list = JSON.createArrayNode();
					if (found != null) {
						list.add(found.deepCopy());
					}
					return SimResponse.read(list, this.sessionIndex);
				});
			case "node":
				return blocking(r, () -> {
					ArrayNode list = JSON.createArrayNode();
					this.sessions.values()
						.stream()
						.filter((s) -> s.get("Node").asString().equals(id))
						.forEach((s) -> list.add(s.deepCopy()));
					return SimResponse.read(list, this.sessionIndex);
				});
			case "list":
				return blocking(r, () -> {
					ArrayNode list = JSON.createArrayNode();
					this.sessions.values().forEach((s) -> list.add(s.deepCopy()));
					return SimResponse.read(list, this.sessionIndex);
				});
			default:
				return SimResponse.text(404, "404 page not found");
		}
	}

	private static boolean isUuid(String id) {
		return id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
	}

	private static @Nullable Long ttlOf(ObjectNode session) {
		String ttl = session.path("TTL").asString("");
		return ttl.isEmpty() ? null : parseDuration(ttl).toMillis();
	}

	private SimResponse sessionCreate(SimRequest r) {
		JsonNode body = (r.body.length > 0) ? JSON.readTree(r.body) : JSON.createObjectNode();
		String node = body.path("Node").asString("");
		if (node.isEmpty()) {
			node = this.settings.nodeName();
		}
		if (!this.nodes.containsKey(node)) {
			return SimResponse.text(500, "Missing node registration");
		}
		String behavior = body.path("Behavior").asString("release");
		if (behavior.isEmpty()) {
			behavior = "release";
		}
		if (!behavior.equals("release") && !behavior.equals("delete")) {
			return bad("Invalid Behavior setting '" + behavior + "'");
		}
		String ttl = body.path("TTL").asString("");
		if (!ttl.isEmpty()) {
			Duration parsed;
			try {
				parsed = parseDuration(ttl);
			}
			catch (IllegalArgumentException ex) {
				return bad("Request decode failed: " + ex.getMessage());
			}
			if (parsed.compareTo(Duration.ofSeconds(10)) < 0 || parsed.compareTo(Duration.ofSeconds(86400)) > 0) {
				return bad("Invalid Session TTL '" + ttl + "', must be between [10s=24h0m0s]");
			}
		}
		Duration lockDelay = Duration.ofSeconds(15);
		if (body.hasNonNull("LockDelay")) {
			JsonNode value = body.get("LockDelay");
			lockDelay = value.isNumber() ? Duration.ofNanos(value.asLong()) : parseDuration(value.asString());
		}
		if (lockDelay.compareTo(Duration.ofSeconds(60)) > 0) {
			lockDelay = Duration.ofSeconds(60);
		}
		List<String> nodeChecks = new ArrayList<>();
		JsonNode listed = body.hasNonNull("NodeChecks") ? body.get("NodeChecks") : body.get("Checks");
		if (listed != null && listed.isArray()) {
			listed.forEach((check) -> nodeChecks.add(check.asString()));
		}
		else {
			nodeChecks.add("serfHealth");
		}
		for (String checkId : nodeChecks) {
			ObjectNode check = checks(node).get(checkId);
			if (check == null) {
				return SimResponse.text(500, "Missing check '" + checkId + "' registration");
			}
			if (check.get("Status").asString().equals("critical")) {
				return SimResponse.text(500, "Check '" + checkId + "' is in critical state");
			}
		}
		String id = UUID.randomUUID().toString();
		long at = next();
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
		stamp(session, at, at);
		this.sessions.put(id, session);
		if (!ttl.isEmpty()) {
			this.sessionDeadlines.put(id, System.currentTimeMillis() + parseDuration(ttl).toMillis());
		}
		this.sessionIndex = at;
		notifyAll();
		return SimResponse.json(JSON.createObjectNode().put("ID", id));
	}

	/** Destroy a session: its locks are released (or deleted) and lock-delay starts. */
	synchronized boolean invalidateSession(String id) {
		ObjectNode session = this.sessions.remove(id);
		this.sessionDeadlines.remove(id);
		if (session == null) {
			return false;
		}
		long at = next();
		long delayUntil = System.currentTimeMillis() + Duration.ofNanos(session.get("LockDelay").asLong()).toMillis();
		boolean delete = session.get("Behavior").asString().equals("delete");
		for (Map.Entry<String, Kv> entry : new ArrayList<>(this.kv.entrySet())) {
			Kv value = entry.getValue();
			if (id.equals(value.session())) {
				if (delete) {
					this.kv.remove(entry.getKey());
					this.tombstones.put(entry.getKey(), at);
				}
				else {
					this.kv.put(entry.getKey(),
							new Kv(value.createIndex(), at, value.lockIndex(), value.flags(), value.value(), null));
				}
				if (session.get("LockDelay").asLong() > 0) {
					this.lockDelays.put(entry.getKey(), delayUntil);
				}
				this.kvIndex = at;
			}
		}
		this.queries.values().removeIf((query) -> id.equals(query.path("Session").asString("")));
		this.sessionIndex = at;
		notifyAll();
		return true;
	}

	// ---------------------------------------------------------------- catalog building
	// blocks

	private Map<String, ObjectNode> services(String node) {
		return this.services.computeIfAbsent(node, (n) -> new LinkedHashMap<>());
	}

	private Map<String, ObjectNode> checks(String node) {
		return this.checks.computeIfAbsent(node, (n) -> new LinkedHashMap<>());
	}

	private ObjectNode service(String id, String name, List<String> tags, String address, int port) {
		ObjectNode service = JSON.createObjectNode();
		service.put("ID", id);
		service.put("Service", name);
		ArrayNode tagNode = service.putArray("Tags");
		tags.forEach(tagNode::add);
		service.put("Address", address);
		service.putObject("Meta");
		service.put("Port", port);
		service.putObject("Weights").put("Passing", 1).put("Warning", 1);
		service.put("EnableTagOverride", false);
		service.put("Datacenter", this.settings.datacenter());
		return service;
	}

	private ObjectNode check(String node, String id, String name, String status, String serviceId, String serviceName) {
		ObjectNode check = JSON.createObjectNode();
		check.put("Node", node);
		check.put("CheckID", id);
		check.put("Name", name);
		check.put("Status", status);
		check.put("Notes", "");
		check.put("Output", "");
		check.put("ServiceID", serviceId);
		check.put("ServiceName", serviceName);
		check.putArray("ServiceTags");
		check.put("Type", "");
		check.putObject("Definition");
		return check;
	}

	private void removeNode(String name) {
		this.nodes.remove(name);
		this.services.remove(name);
		Map<String, ObjectNode> removed = this.checks.remove(name);
		this.catalogIndex = next();
		if (removed != null) {
			for (ObjectNode session : new ArrayList<>(this.sessions.values())) {
				if (session.get("Node").asString().equals(name)) {
					invalidateSession(session.get("ID").asString());
				}
			}
		}
		notifyAll();
	}

	/**
	 * Change a check's status; sessions depending on a check that turns critical are
	 * invalidated.
	 */
	synchronized boolean setCheckStatus(String node, String checkId, String status, @Nullable String output) {
		ObjectNode check = checks(node).get(checkId);
		if (check == null) {
			return false;
		}
		long at = next();
		check.put("Status", status);
		if (output != null) {
			check.put("Output", output);
		}
		check.put("ModifyIndex", at);
		this.catalogIndex = at;
		if (status.equals("critical")) {
			for (ObjectNode session : new ArrayList<>(this.sessions.values())) {
				boolean depends = session.get("Node").asString().equals(node)
						&& contains(session.get("NodeChecks"), checkId);
				JsonNode serviceChecks = session.get("ServiceChecks");
				if (serviceChecks != null && serviceChecks.isArray()) {
					for (JsonNode ref : serviceChecks) {
						depends |= ref.path("ID").asString("").equals(checkId);
					}
				}
				if (depends) {
					invalidateSession(session.get("ID").asString());
				}
			}
		}
		notifyAll();
		return true;
	}

	private static boolean contains(@Nullable JsonNode array, String value) {
		if (array == null || !array.isArray()) {
			return false;
		}
		for (JsonNode item : array) {
			if (item.asString().equals(value)) {
				return true;
			}
		}
		return false;
	}

	/** The agent's node with its service instances and checks (health format). */
	private ArrayNode serviceHealth(String name, boolean passingOnly, List<String> tags, SimRequest r,
			boolean connect) {
		ArrayNode result = JSON.createArrayNode();
		for (Map.Entry<String, Map<String, ObjectNode>> byNode : this.services.entrySet()) {
			ObjectNode node = this.nodes.get(byNode.getKey());
			if (node == null || !nodeMetaMatches(node, r)) {
				continue;
			}
			for (ObjectNode service : byNode.getValue().values()) {
				boolean nameMatches = connect
						? (service.path("Connect").path("Native").asBoolean(false)
								&& service.get("Service").asString().equals(name))
								|| service.path("Proxy").path("DestinationServiceName").asString("").equals(name)
						: service.get("Service").asString().equals(name);
				if (!nameMatches || !hasTags(service.get("Tags"), tags)) {
					continue;
				}
				ArrayNode instanceChecks = JSON.createArrayNode();
				boolean passing = true;
				for (ObjectNode check : checks(byNode.getKey()).values()) {
					String serviceId = check.path("ServiceID").asString("");
					if (serviceId.isEmpty() || serviceId.equals(service.get("ID").asString())) {
						instanceChecks.add(check.deepCopy());
						passing &= check.get("Status").asString().equals("passing");
					}
				}
				if (passingOnly && !passing) {
					continue;
				}
				ObjectNode entry = JSON.createObjectNode();
				entry.set("Node", node.deepCopy());
				entry.set("Service", service.deepCopy());
				entry.set("Checks", instanceChecks);
				result.add(entry);
			}
		}
		return result;
	}

	private static boolean hasTags(@Nullable JsonNode serviceTags, List<String> tags) {
		for (String tag : tags) {
			if (!contains(serviceTags, tag)) {
				return false;
			}
		}
		return true;
	}

	private static boolean nodeMetaMatches(ObjectNode node, SimRequest r) {
		for (String pair : r.params("node-meta")) {
			int colon = pair.indexOf(':');
			String key = (colon >= 0) ? pair.substring(0, colon) : pair;
			String value = (colon >= 0) ? pair.substring(colon + 1) : "";
			if (!node.path("Meta").path(key).asString("\u0000").equals(value)) {
				return false;
			}
		}
		return true;
	}

	private static ArrayNode filter(ArrayNode items, SimRequest r) {
		String expression = r.param("filter");
		if (expression == null || expression.isBlank()) {
			return items;
		}
		SimFilter filter = new SimFilter(expression);
		ArrayNode kept = JSON.createArrayNode();
		items.forEach((item) -> {
			if (filter.matches(item)) {
				kept.add(item);
			}
		});
		return kept;
	}

	private static ObjectNode filterValues(ObjectNode map, SimRequest r) {
		String expression = r.param("filter");
		if (expression == null || expression.isBlank()) {
			return map;
		}
		SimFilter filter = new SimFilter(expression);
		ObjectNode kept = JSON.createObjectNode();
		for (String name : map.propertyNames()) {
			if (filter.matches(map.get(name))) {
				kept.set(name, map.get(name));
			}
		}
		return kept;
	}

	private SimResponse cached(SimRequest r, SimResponse response) {
		if (!r.has("cached")) {
			return response;
		}
		String key = r.path + "?" + r.param("tag") + r.param("passing") + r.param("filter");
		long now = System.currentTimeMillis();
		Long fetched = this.cacheFetched.get(key);
		long maxAge = Long.MAX_VALUE;
		String control = r.header("Cache-Control");
		if (control != null) {
			Matcher m = Pattern.compile("max-age=(\\d+)").matcher(control);
			if (m.find()) {
				maxAge = Long.parseLong(m.group(1)) * 1000;
			}
			if (control.contains("must-revalidate")) {
				maxAge = 0;
			}
		}
		if (fetched == null || now - fetched > maxAge) {
			this.cacheFetched.put(key, now);
			return response.header("X-Cache", "MISS");
		}
		return response.header("X-Cache", "HIT").header("Age", Long.toString((now - fetched) / 1000));
	}

	// ---------------------------------------------------------------- agent

	private String agentNode() {
		return this.settings.nodeName();
	}

	private SimResponse agent(SimRequest r) throws InterruptedException {
		String what = r.segment(1);
		switch (what) {
			case "self":
				return agentSelf();
			case "host":
				return SimResponse.json(JSON.createObjectNode().put("CollectionTime", System.nanoTime()));
			case "version":
				return SimResponse.json(JSON.createObjectNode()
					.put("SHA", "simulated")
					.put("BuildDate", "2023-09-20T00:00:00Z")
					.put("HumanVersion", this.settings.version())
					.put("FIPS", ""));
			case "members":
				return SimResponse.json(JSON.createArrayNode().add(member(r.flag("wan"))));
			case "join", "leave", "reload":
				return method(r, "PUT") ? SimResponse.ok() : notAllowed(r);
			case "force-leave":
				if (!method(r, "PUT")) {
					return notAllowed(r);
				}
				return r.segment(2).isEmpty() ? bad("Missing node name") : SimResponse.ok();
			case "maintenance":
				return maintenance(r, null);
			case "metrics":
				return metrics(r);
			case "token":
				return agentToken(r);
			case "services":
				return SimResponse.json(filterValues(agentServices(), r));
			case "service":
				return agentService(r);
			case "checks":
				return SimResponse.json(filterValues(agentChecks(), r));
			case "check":
				return agentCheck(r);
			case "health":
				return agentHealth(r);
			default:
				return SimResponse.text(404, "404 page not found");
		}
	}

	private SimResponse agentSelf() {
		ObjectNode self = JSON.createObjectNode();
		self.putObject("Config")
			.put("Datacenter", this.settings.datacenter())
			.put("NodeName", agentNode())
			.put("NodeID", this.settings.nodeId())
			.put("Server", true)
			.put("Revision", "simulated")
			.put("Version", this.settings.version());
		self.putObject("Coord").put("Adjustment", 0).put("Error", 1.5).put("Height", 0).putArray("Vec").add(0).add(0);
		self.set("Member", member(false));
		self.putObject("Stats").putObject("consul").put("leader", Boolean.toString(!this.faults.noLeader));
		self.putObject("Meta");
		return SimResponse.json(self);
	}

	private ObjectNode member(boolean wan) {
		ObjectNode member = JSON.createObjectNode();
		member.put("Name", wan ? agentNode() + "." + this.settings.datacenter() : agentNode());
		member.put("Addr", this.settings.address());
		member.put("Port", wan ? 8302 : 8301);
		member.putObject("Tags").put("dc", this.settings.datacenter()).put("role", "consul").put("port", "8300");
		member.put("Status", 1);
		member.put("ProtocolMin", 1).put("ProtocolMax", 5).put("ProtocolCur", 2);
		member.put("DelegateMin", 2).put("DelegateMax", 5).put("DelegateCur", 4);
		return member;
	}

	private SimResponse maintenance(SimRequest r, @Nullable String serviceId) {
		if (!method(r, "PUT")) {
			return notAllowed(r);
		}
		String enable = r.param("enable");
		if (enable == null) {
			return bad("Missing value for enable");
		}
		if (!enable.equals("true") && !enable.equals("false")) {
			return bad("Invalid value for enable: \"" + enable + "\"");
		}
		String checkId = (serviceId == null) ? "_node_maintenance" : "_service_maintenance:" + serviceId;
		if (serviceId != null && !services(agentNode()).containsKey(serviceId)) {
			return SimResponse.text(404, "Unknown service ID \"" + serviceId + "\"");
		}
		long at = next();
		if (enable.equals("true")) {
			String reason = r.param("reason");
			ObjectNode check = check(agentNode(), checkId,
					(serviceId == null) ? "Node Maintenance Mode" : "Service Maintenance Mode", "critical",
					(serviceId != null) ? serviceId : "",
					(serviceId != null) ? services(agentNode()).get(serviceId).get("Service").asString() : "");
			check.put("Notes", (reason != null) ? reason
					: "Maintenance mode is enabled for this node, but no reason was provided. This is a default message.");
			stamp(check, at, at);
			checks(agentNode()).put(checkId, check);
		}
		else {
			checks(agentNode()).remove(checkId);
		}
		this.catalogIndex = at;
		notifyAll();
		return SimResponse.ok();
	}

	private SimResponse metrics(SimRequest r) {
		if ("prometheus".equals(r.param("format"))) {
			return SimResponse.text(200, "# TYPE consul_raft_apply counter\nconsul_raft_apply " + this.index + "\n");
		}
		ObjectNode metrics = JSON.createObjectNode();
		metrics.put("Timestamp", "2023-09-20 00:00:00 +0000 UTC");
		metrics.putArray("Gauges")
			.addObject()
			.put("Name", "consul.kv.entries")
			.put("Value", this.kv.size())
			.putObject("Labels");
		metrics.putArray("Points");
		metrics.putArray("Counters")
			.addObject()
			.put("Name", "consul.raft.apply")
			.put("Count", this.index)
			.put("Sum", this.index)
			.put("Min", 1)
			.put("Max", 1)
			.put("Mean", 1)
			.put("Stddev", 0)
			.putObject("Labels");
		metrics.putArray("Samples");
		return SimResponse.json(metrics);
	}

	private SimResponse agentToken(SimRequest r) {
		if (!method(r, "PUT")) {
			return notAllowed(r);
		}
		Set<String> types = Set.of("default", "agent", "agent_recovery", "agent_master", "replication",
				"config_file_service_registration", "acl_token", "acl_agent_token", "acl_agent_master_token",
				"acl_replication_token");
		if (!types.contains(r.segment(2))) {
			return SimResponse.text(404, "Token \"" + r.segment(2) + "\" is unknown");
		}
		JsonNode body = JSON.readTree(r.body);
		if (body == null || !body.has("Token")) {
			return bad("Request decode failed: missing Token");
		}
		return SimResponse.ok();
	}

	private ObjectNode agentServices() {
		ObjectNode map = JSON.createObjectNode();
		services(agentNode()).forEach((id, service) -> {
			if (!id.equals("consul")) {
				ObjectNode copy = service.deepCopy();
				copy.remove("CreateIndex");
				copy.remove("ModifyIndex");
				map.set(id, copy);
			}
		});
		return map;
	}

	private ObjectNode agentChecks() {
		ObjectNode map = JSON.createObjectNode();
		checks(agentNode()).forEach((id, check) -> {
			if (!id.equals("serfHealth")) {
				map.set(id, check.deepCopy());
			}
		});
		return map;
	}

	private SimResponse agentService(SimRequest r) throws InterruptedException {
		String action = r.segment(2);
		switch (action) {
			case "register":
				return method(r, "PUT") ? registerService(r) : notAllowed(r);
			case "deregister":
				if (!method(r, "PUT")) {
					return notAllowed(r);
				}
				deregisterService(r.segment(3));
				return SimResponse.ok();
			case "maintenance":
				return maintenance(r, r.segment(3));
			default:
				String id = r.rest(2);
				String wanted = r.param("hash");
				long deadline = System.nanoTime() + ((wanted != null) ? waitNanos(r) : 0);
				while (true) {
					ObjectNode service = services(agentNode()).get(id);
					if (service == null || id.equals("consul")) {
						return SimResponse.text(404, "unknown service ID: " + id);
					}
					ObjectNode copy = service.deepCopy();
					copy.remove("CreateIndex");
					copy.remove("ModifyIndex");
					String hash = String.format("%016x", (long) copy.toString().hashCode() * 0x9E3779B97F4A7C15L);
					long remaining = deadline - System.nanoTime();
					if (wanted == null || !wanted.equals(hash) || remaining <= 0 || this.closed) {
						copy.put("ContentHash", hash);
						return SimResponse.json(copy).header("X-Consul-ContentHash", hash);
					}
					TimeUnit.NANOSECONDS.timedWait(this, remaining);
				}
		}
	}

	private SimResponse registerService(SimRequest r) {
		JsonNode body;
		try {
			body = JSON.readTree(r.body);
		}
		catch (RuntimeException ex) {
			return bad("Request decode failed: " + ex.getMessage());
		}
		if (body == null || !body.isObject()) {
			return bad("Request decode failed: expected an object");
		}
		String name = body.path("Name").asString("");
		if (name.isEmpty()) {
			return bad("Invalid Service: Missing service name");
		}
		String id = body.path("ID").asString("");
		if (id.isEmpty()) {
			id = name;
		}
		List<String> tags = new ArrayList<>();
		body.path("Tags").forEach((tag) -> tags.add(tag.asString()));
		ObjectNode service = service(id, name, tags, body.path("Address").asString(""), body.path("Port").asInt(0));
		if (body.hasNonNull("Meta")) {
			service.set("Meta", body.get("Meta").deepCopy());
		}
		if (body.hasNonNull("TaggedAddresses")) {
			service.set("TaggedAddresses", body.get("TaggedAddresses").deepCopy());
		}
		if (body.hasNonNull("Weights")) {
			service.set("Weights", body.get("Weights").deepCopy());
		}
		if (body.hasNonNull("Kind")) {
			service.put("Kind", body.get("Kind").asString());
		}
		if (body.hasNonNull("Connect")) {
			service.set("Connect", body.get("Connect").deepCopy());
		}
		if (body.hasNonNull("Proxy")) {
			service.set("Proxy", body.get("Proxy").deepCopy());
		}
		service.put("EnableTagOverride", body.path("EnableTagOverride").asBoolean(false));
		List<JsonNode> serviceChecks = new ArrayList<>();
		if (body.hasNonNull("Check")) {
			serviceChecks.add(body.get("Check"));
		}
		body.path("Checks").forEach(serviceChecks::add);
		long at = next();
		ObjectNode existing = services(agentNode()).get(id);
		stamp(service, (existing != null) ? existing.get("CreateIndex").asLong() : at, at);
		services(agentNode()).put(id, service);
		if (r.has("replace-existing-checks")) {
			String serviceId = id;
			checks(agentNode()).values().removeIf((c) -> c.path("ServiceID").asString("").equals(serviceId));
		}
		int position = 1;
		for (JsonNode definition : serviceChecks) {
			String checkId = definition.path("CheckID").asString(definition.path("ID").asString(""));
			if (checkId.isEmpty()) {
				checkId = "service:" + id + ((serviceChecks.size() > 1) ? ":" + position : "");
			}
			String checkName = definition.path("Name").asString("Service '" + name + "' check");
			addAgentCheck(definition, checkId, checkName, id, name, tags, at);
			position++;
		}
		this.catalogIndex = at;
		notifyAll();
		return SimResponse.ok();
	}

	private void addAgentCheck(JsonNode definition, String checkId, String name, String serviceId, String serviceName,
			List<String> tags, long at) {
		String ttl = definition.path("TTL").asString("");
		String status = definition.path("Status").asString("");
		if (status.isEmpty()) {
			status = "critical";
		}
		ObjectNode check = check(agentNode(), checkId, name, status, serviceId, serviceName);
		ArrayNode tagNode = check.putArray("ServiceTags");
		tags.forEach(tagNode::add);
		check.put("Notes", definition.path("Notes").asString(""));
		check.put("Type", !ttl.isEmpty() ? "ttl" : definition.hasNonNull("HTTP") ? "http"
				: definition.hasNonNull("TCP") ? "tcp" : definition.hasNonNull("GRPC") ? "grpc" : "script");
		check.put("Interval", definition.path("Interval").asString(""));
		check.put("Timeout", definition.path("Timeout").asString(""));
		ObjectNode definitionCopy = check.putObject("Definition");
		for (String field : List.of("HTTP", "TCP", "Interval", "Timeout", "DeregisterCriticalServiceAfter")) {
			if (definition.hasNonNull(field)) {
				definitionCopy.put(field, definition.get(field).asString());
			}
		}
		stamp(check, at, at);
		checks(agentNode()).put(checkId, check);
		if (!ttl.isEmpty()) {
			long millis = parseDuration(ttl).toMillis();
			this.ttlMillis.put(checkId, millis);
			this.ttlDeadlines.put(checkId, System.currentTimeMillis() + millis);
		}
	}

	private void deregisterService(String id) {
		if (services(agentNode()).remove(id) != null) {
			long at = next();
			for (Iterator<Map.Entry<String, ObjectNode>> it = checks(agentNode()).entrySet().iterator(); it
				.hasNext();) {
				Map.Entry<String, ObjectNode> check = it.next();
				if (check.getValue().path("ServiceID").asString("").equals(id)) {
					this.ttlDeadlines.remove(check.getKey());
					it.remove();
				}
			}
			this.catalogIndex = at;
			notifyAll();
		}
	}

	private SimResponse agentCheck(SimRequest r) {
		if (!method(r, "PUT")) {
			return notAllowed(r);
		}
		String action = r.segment(2);
		String checkId = r.rest(3);
		switch (action) {
			case "register" -> {
				JsonNode body;
				try {
					body = JSON.readTree(r.body);
				}
				catch (RuntimeException ex) {
					return bad("Request decode failed: " + ex.getMessage());
				}
				String name = (body != null) ? body.path("Name").asString("") : "";
				if (name.isEmpty()) {
					return bad("Missing check name");
				}
				String id = body.path("ID").asString("");
				if (id.isEmpty()) {
					id = name;
				}
				String serviceId = body.path("ServiceID").asString("");
				String serviceName = "";
				List<String> tags = new ArrayList<>();
				if (!serviceId.isEmpty()) {
					ObjectNode service = services(agentNode()).get(serviceId);
					if (service == null) {
						return bad("ServiceID \"" + serviceId + "\" does not exist");
					}
					serviceName = service.get("Service").asString();
					service.path("Tags").forEach((tag) -> tags.add(tag.asString()));
				}
				long at = next();
				addAgentCheck(body, id, name, serviceId, serviceName, tags, at);
				this.catalogIndex = at;
				notifyAll();
				return SimResponse.ok();
			}
			case "deregister" -> {
				if (checks(agentNode()).remove(checkId) != null) {
					this.ttlDeadlines.remove(checkId);
					this.catalogIndex = next();
					notifyAll();
				}
				return SimResponse.ok();
			}
			case "pass", "warn", "fail", "update" -> {
				ObjectNode check = checks(agentNode()).get(checkId);
				if (check == null) {
					return SimResponse.text(404, "Unknown check ID \"" + checkId
							+ "\". Ensure that the check ID is passed, not the check name.");
				}
				if (!"ttl".equals(check.path("Type").asString(""))) {
					return SimResponse.text(500, "CheckID \"" + checkId + "\" does not have associated TTL");
				}
				String status;
				String output;
				if (action.equals("update")) {
					JsonNode body = JSON.readTree(r.body);
					status = (body != null) ? body.path("Status").asString("") : "";
					output = (body != null) ? body.path("Output").asString("") : "";
					if (!Set.of("passing", "warning", "critical").contains(status)) {
						return bad("Invalid check status: \"" + status + "\"");
					}
				}
				else {
					status = switch (action) {
						case "pass" -> "passing";
						case "warn" -> "warning";
						default -> "critical";
					};
					output = (r.param("note") != null) ? r.param("note") : "";
				}
				Long ttl = this.ttlMillis.get(checkId);
				if (ttl != null) {
					this.ttlDeadlines.put(checkId, System.currentTimeMillis() + ttl);
				}
				setCheckStatus(agentNode(), checkId, status, output);
				return SimResponse.ok();
			}
			default -> {
				return SimResponse.text(404, "404 page not found");
			}
		}
	}

	private SimResponse agentHealth(SimRequest r) {
		// /agent/health/service/name/:name or /agent/health/service/id/:id
		String by = r.segment(3);
		String value = r.rest(4);
		if (value.isEmpty()) {
			return bad("Missing service " + by);
		}
		ArrayNode matches = JSON.createArrayNode();
		String worst = "passing";
		for (ObjectNode service : services(agentNode()).values()) {
			if (service.get("ID").asString().equals("consul")) {
				continue;
			}
			boolean match = by.equals("id") ? service.get("ID").asString().equals(value)
					: service.get("Service").asString().equals(value);
			if (!match) {
				continue;
			}
			ArrayNode serviceChecks = JSON.createArrayNode();
			String status = "passing";
			for (ObjectNode check : checks(agentNode()).values()) {
				if (check.path("ServiceID").asString("").equals(service.get("ID").asString())) {
					serviceChecks.add(check.deepCopy());
					status = worse(status, check.get("Status").asString());
				}
			}
			worst = worse(worst, status);
			ObjectNode entry = JSON.createObjectNode();
			entry.put("AggregatedStatus", status);
			ObjectNode copy = service.deepCopy();
			copy.remove("CreateIndex");
			copy.remove("ModifyIndex");
			entry.set("Service", copy);
			entry.set("Checks", serviceChecks);
			matches.add(entry);
		}
		if (matches.isEmpty()) {
			return SimResponse.text(404, "ServiceId " + value + " not found");
		}
		int status = switch (worst) {
			case "passing" -> 200;
			case "warning" -> 429;
			default -> 503;
		};
		if ("text".equals(r.param("format"))) {
			return SimResponse.text(status, worst);
		}
		return SimResponse.json(status, by.equals("id") ? matches.get(0) : matches);
	}

	private static String worse(String a, String b) {
		List<String> order = List.of("passing", "warning", "critical", "maintenance");
		return (order.indexOf(b) > order.indexOf(a)) ? b : a;
	}

	// ---------------------------------------------------------------- catalog

	private SimResponse catalog(SimRequest r) throws InterruptedException {
		String what = r.segment(1);
		String name = r.rest(2);
		switch (what) {
			case "register":
				return method(r, "PUT") ? catalogRegister(r) : notAllowed(r);
			case "deregister":
				return method(r, "PUT") ? catalogDeregister(r) : notAllowed(r);
			case "datacenters":
				return cached(r, SimResponse.json(JSON.createArrayNode().add(this.settings.datacenter())));
			case "nodes":
				return blocking(r, () -> {
					ArrayNode list = JSON.createArrayNode();
					this.nodes.values()
						.stream()
						.filter((n) -> nodeMetaMatches(n, r))
						.forEach((n) -> list.add(n.deepCopy()));
					return SimResponse.read(filter(list, r), this.catalogIndex);
				});
			case "services":
				return cached(r, blocking(r, () -> {
					Map<String, java.util.LinkedHashSet<String>> tags = new TreeMap<>();
					this.services.forEach((node, byId) -> {
						ObjectNode nodeJson = this.nodes.get(node);
						if (nodeJson != null && nodeMetaMatches(nodeJson, r)) {
							byId.values().forEach((s) -> {
								java.util.LinkedHashSet<String> set = tags.computeIfAbsent(s.get("Service").asString(),
										(k) -> new java.util.LinkedHashSet<>());
								s.path("Tags").forEach((t) -> set.add(t.asString()));
							});
						}
					});
					ObjectNode map = JSON.createObjectNode();
					tags.forEach((service, set) -> {
						ArrayNode array = map.putArray(service);
						set.forEach(array::add);
					});
					return SimResponse.read(map, this.catalogIndex);
				}));
			case "service", "connect":
				return cached(r, blocking(r, () -> {
					ArrayNode list = JSON.createArrayNode();
					for (JsonNode entry : serviceHealth(name, false, r.params("tag"), r, what.equals("connect"))) {
						list.add(flatten(entry));
					}
					return SimResponse.read(filter(list, r), this.catalogIndex);
				}));
			case "node":
				return blocking(r, () -> {
					ObjectNode node = this.nodes.get(name);
					if (node == null) {
						return SimResponse.read(JSON.nullNode(), this.catalogIndex);
					}
					ObjectNode answer = JSON.createObjectNode();
					answer.set("Node", node.deepCopy());
					ObjectNode byId = answer.putObject("Services");
					services(name).forEach((id, s) -> byId.set(id, s.deepCopy()));
					answer.set("Services", filterValues(byId, r));
					return SimResponse.read(answer, this.catalogIndex);
				});
			case "node-services":
				return blocking(r, () -> {
					ObjectNode node = this.nodes.get(name);
					if (node == null) {
						return SimResponse.read(JSON.nullNode(), this.catalogIndex);
					}
					ObjectNode answer = JSON.createObjectNode();
					answer.set("Node", node.deepCopy());
					ArrayNode list = JSON.createArrayNode();
					services(name).values().forEach((s) -> list.add(s.deepCopy()));
					answer.set("Services", filter(list, r));
					return SimResponse.read(answer, this.catalogIndex);
				});
			case "gateway-services":
				return blocking(r, () -> SimResponse.read(JSON.createArrayNode(), this.catalogIndex));
			default:
				return SimResponse.text(404, "404 page not found");
		}
	}

	private static ObjectNode flatten(JsonNode entry) {
		JsonNode node = entry.get("Node");
		JsonNode service = entry.get("Service");
		ObjectNode flat = JSON.createObjectNode();
		flat.put("ID", node.path("ID").asString(""));
		flat.put("Node", node.get("Node").asString());
		flat.put("Address", node.path("Address").asString(""));
		flat.put("Datacenter", node.path("Datacenter").asString(""));
		flat.set("TaggedAddresses", node.path("TaggedAddresses").deepCopy());
		flat.set("NodeMeta", node.path("Meta").deepCopy());
		flat.put("ServiceID", service.get("ID").asString());
		flat.put("ServiceName", service.get("Service").asString());
		flat.set("ServiceTags", service.path("Tags").deepCopy());
		flat.put("ServiceAddress", service.path("Address").asString(""));
		flat.put("ServicePort", service.path("Port").asInt(0));
		flat.set("ServiceMeta", service.path("Meta").deepCopy());
		flat.set("ServiceWeights", service.path("Weights").deepCopy());
		flat.put("ServiceEnableTagOverride", service.path("EnableTagOverride").asBoolean(false));
		flat.put("ServiceKind", service.path("Kind").asString(""));
		flat.put("CreateIndex", service.path("CreateIndex").asLong(0));
		flat.put("ModifyIndex", service.path("ModifyIndex").asLong(0));
		return flat;
	}

	private SimResponse catalogRegister(SimRequest r) {
		JsonNode body;
		try {
			body = JSON.readTree(r.body);
		}
		catch (RuntimeException ex) {
			return bad("Request decode failed: " + ex.getMessage());
		}
		String name = (body != null) ? body.path("Node").asString("") : "";
		String address = (body != null) ? body.path("Address").asString("") : "";
		if (name.isEmpty()) {
			return bad("Must provide node");
		}
		long at = next();
		ObjectNode existing = this.nodes.get(name);
		if (existing == null || !body.path("SkipNodeUpdate").asBoolean(false)) {
			if (address.isEmpty() && existing == null) {
				return bad("Must provide address if SkipNodeUpdate is not set");
			}
			ObjectNode node = JSON.createObjectNode();
			node.put("ID", body.path("ID").asString(""));
			node.put("Node", name);
			node.put("Address", address);
			node.put("Datacenter", this.settings.datacenter());
			node.set("TaggedAddresses", body.hasNonNull("TaggedAddresses") ? body.get("TaggedAddresses").deepCopy()
					: JSON.createObjectNode());
			node.set("Meta", body.hasNonNull("NodeMeta") ? body.get("NodeMeta").deepCopy() : JSON.createObjectNode());
			stamp(node, (existing != null) ? existing.get("CreateIndex").asLong() : at, at);
			this.nodes.put(name, node);
		}
		JsonNode service = body.get("Service");
		if (service != null && service.isObject()) {
			String serviceName = service.path("Service").asString("");
			if (serviceName.isEmpty()) {
				return bad("Must provide service name with ID");
			}
			String id = service.path("ID").asString(serviceName);
			List<String> tags = new ArrayList<>();
			service.path("Tags").forEach((tag) -> tags.add(tag.asString()));
			ObjectNode stored = service(id.isEmpty() ? serviceName : id, serviceName, tags,
					service.path("Address").asString(""), service.path("Port").asInt(0));
			if (service.hasNonNull("Meta")) {
				stored.set("Meta", service.get("Meta").deepCopy());
			}
			stamp(stored, at, at);
			services(name).put(stored.get("ID").asString(), stored);
		}
		List<JsonNode> newChecks = new ArrayList<>();
		if (body.hasNonNull("Check")) {
			newChecks.add(body.get("Check"));
		}
		body.path("Checks").forEach(newChecks::add);
		for (JsonNode definition : newChecks) {
			String checkId = definition.path("CheckID").asString(definition.path("Name").asString(""));
			ObjectNode check = check(name, checkId, definition.path("Name").asString(checkId),
					definition.path("Status").asString("critical"), definition.path("ServiceID").asString(""), "");
			String serviceId = definition.path("ServiceID").asString("");
			if (!serviceId.isEmpty() && services(name).containsKey(serviceId)) {
				check.put("ServiceName", services(name).get(serviceId).get("Service").asString());
			}
			stamp(check, at, at);
			checks(name).put(checkId, check);
		}
		this.catalogIndex = at;
		notifyAll();
		return bool(true);
	}

	private SimResponse catalogDeregister(SimRequest r) {
		JsonNode body = JSON.readTree(r.body);
		String name = (body != null) ? body.path("Node").asString("") : "";
		if (name.isEmpty()) {
			return bad("Must provide node");
		}
		String serviceId = body.path("ServiceID").asString("");
		String checkId = body.path("CheckID").asString("");
		if (!serviceId.isEmpty()) {
			services(name).remove(serviceId);
			checks(name).values().removeIf((c) -> c.path("ServiceID").asString("").equals(serviceId));
			this.catalogIndex = next();
		}
		else if (!checkId.isEmpty()) {
			checks(name).remove(checkId);
			this.catalogIndex = next();
		}
		else {
			removeNode(name);
		}
		notifyAll();
		return bool(true);
	}

	// ---------------------------------------------------------------- health

	private SimResponse health(SimRequest r) throws InterruptedException {
		String what = r.segment(1);
		String name = r.rest(2);
		switch (what) {
			case "node":
				return blocking(r, () -> {
					ArrayNode list = JSON.createArrayNode();
					checks(name).values().forEach((c) -> list.add(c.deepCopy()));
					return SimResponse.read(filter(list, r), this.catalogIndex);
				});
			case "checks":
				return blocking(r, () -> {
					ArrayNode list = JSON.createArrayNode();
					this.checks.forEach((node, byId) -> byId.values().forEach((c) -> {
						if (c.path("ServiceName").asString("").equals(name)
								&& nodeMetaMatches(this.nodes.get(node), r)) {
							list.add(c.deepCopy());
						}
					}));
					return SimResponse.read(filter(list, r), this.catalogIndex);
				});
			case "service", "connect":
				return cached(r,
						blocking(r,
								() -> SimResponse.read(filter(serviceHealth(name, r.has("passing") && r.flag("passing"),
										r.params("tag"), r, what.equals("connect")), r), this.catalogIndex)));
			case "ingress":
				return blocking(r, () -> SimResponse.read(JSON.createArrayNode(), this.catalogIndex));
			case "state":
				if (!Set.of("any", "passing", "warning", "critical").contains(name)) {
					return bad("Bad state: " + name);
				}
				return blocking(r, () -> {
					ArrayNode list = JSON.createArrayNode();
					this.checks.forEach((node, byId) -> byId.values().forEach((c) -> {
						if ((name.equals("any") || c.get("Status").asString().equals(name))
								&& nodeMetaMatches(this.nodes.get(node), r)) {
							list.add(c.deepCopy());
						}
					}));
					return SimResponse.read(filter(list, r), this.catalogIndex);
				});
			default:
				return SimResponse.text(404, "404 page not found");
		}
	}

	// ---------------------------------------------------------------- events

	private SimResponse event(SimRequest r) throws InterruptedException {
		if (r.segment(1).equals("fire")) {
			if (!method(r, "PUT")) {
				return notAllowed(r);
			}
			String name = r.rest(2);
			if (name.isEmpty()) {
				return bad("Missing name");
			}
			if (name.startsWith("_")) {
				return bad("User events cannot start with '_'");
			}
			ObjectNode event = JSON.createObjectNode();
			event.put("ID", UUID.randomUUID().toString());
			event.put("Name", name);
			if (r.body.length > 0) {
				event.put("Payload", Base64.getEncoder().encodeToString(r.body));
			}
			else {
				event.putNull("Payload");
			}
			event.put("NodeFilter", (r.param("node") != null) ? r.param("node") : "");
			event.put("ServiceFilter", (r.param("service") != null) ? r.param("service") : "");
			event.put("TagFilter", (r.param("tag") != null) ? r.param("tag") : "");
			event.put("Version", 1);
			event.put("LTime", 0);
			ObjectNode stored = event.deepCopy();
			stored.put("LTime", ++this.eventLTime);
			this.events.addLast(stored);
			while (this.events.size() > 256) {
				this.events.removeFirst();
			}
			notifyAll();
			return SimResponse.json(event);
		}
		if (r.segment(1).equals("list")) {
			String name = r.param("name");
			return blocking(r, () -> {
				ArrayNode list = JSON.createArrayNode();
				String newest = null;
				for (ObjectNode event : this.events) {
					if (name == null || name.isEmpty() || event.get("Name").asString().equals(name)) {
						list.add(event.deepCopy());
						newest = event.get("ID").asString();
					}
				}
				SimResponse events = SimResponse.read(list, eventIndex(newest));
				// Gossip: the index only says "the newest event I know", so block while
				// it is unchanged.
				events.opaqueIndex = true;
				return events;
			});
		}
		return SimResponse.text(404, "404 page not found");
	}

	/**
	 * As Consul does: the index of an event list comes from the newest event's ID, not a
	 * counter.
	 */
	private static long eventIndex(@Nullable String id) {
		if (id == null) {
			return 1;
		}
		UUID uuid = UUID.fromString(id);
		long value = uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
		return (value == 0) ? 1 : value & Long.MAX_VALUE;
	}

	// ---------------------------------------------------------------- status, operator,
	// snapshot

	private SimResponse status(SimRequest r) {
		String leader = this.settings.address() + ":8300";
		return switch (r.segment(1)) {
			case "leader" -> SimResponse.json(JSON.getNodeFactory().stringNode(this.faults.noLeader ? "" : leader));
			case "peers" -> SimResponse.json(JSON.createArrayNode().add(leader));
			default -> SimResponse.text(404, "404 page not found");
		};
	}

	private SimResponse operator(SimRequest r) {
		if (!r.segment(1).equals("raft")) {
			return SimResponse.text(404, "404 page not found");
		}
		String server = this.settings.address() + ":8300";
		switch (r.segment(2)) {
			case "configuration": {
				ObjectNode answer = JSON.createObjectNode();
				answer.putArray("Servers")
					.addObject()
					.put("ID", this.settings.nodeId())
					.put("Node", agentNode())
					.put("Address", server)
					.put("Leader", !this.faults.noLeader)
					.put("ProtocolVersion", "3")
					.put("Voter", true);
				answer.put("Index", this.index);
				return SimResponse.json(answer);
			}
			case "peer": {
				if (!method(r, "DELETE")) {
					return notAllowed(r);
				}
				String id = r.param("id");
				String address = r.param("address");
				if ((id == null || id.isEmpty()) && (address == null || address.isEmpty())) {
					return bad(
							"Must specify either ?id with the server's ID or ?address with IP:port of peer to remove");
				}
				if ((id != null && id.equals(this.settings.nodeId())) || server.equals(address)) {
					return SimResponse.text(500, "cannot remove the leader of a single-server cluster (simulated)");
				}
				return SimResponse.text(500, "address \"" + ((address != null) ? address : id)
						+ "\" was not found in the Raft configuration");
			}
			case "transfer-leader": {
				if (!method(r, "POST")) {
					return notAllowed(r);
				}
				return SimResponse.json(JSON.createObjectNode().put("Success", true));
			}
			default:
				return SimResponse.text(404, "404 page not found");
		}
	}

	private SimResponse snapshot(SimRequest r) {
		if (method(r, "GET")) {
			ObjectNode snapshot = JSON.createObjectNode();
			snapshot.put("Index", this.index);
			ArrayNode entries = snapshot.putArray("KV");
			this.kv.forEach((key, entry) -> entries.add(kvJson(key, entry, true)));
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
				gzip.write(JSON.writeValueAsBytes(snapshot));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return SimResponse.raw(200, bytes.toByteArray(), "application/x-gzip").withIndex(this.index);
		}
		if (method(r, "PUT")) {
			JsonNode snapshot;
			try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(r.body))) {
				snapshot = JSON.readTree(gzip.readAllBytes());
			}
			catch (IOException | RuntimeException ex) {
				return SimResponse.text(500, "failed to read snapshot: " + ex.getMessage());
			}
			this.kv.clear();
			this.tombstones.clear();
			long restored = snapshot.path("Index").asLong(1);
			for (JsonNode entry : snapshot.path("KV")) {
				byte[] value = entry.hasNonNull("Value") ? Base64.getDecoder().decode(entry.get("Value").asString())
						: null;
				this.kv.put(entry.get("Key").asString(),
						new Kv(entry.path("CreateIndex").asLong(), entry.path("ModifyIndex").asLong(),
								entry.path("LockIndex").asLong(), entry.path("Flags").asLong(), value, null));
			}
			// As after a real restore, indexes go back to the snapshot's.
			this.index = restored;
			this.kvIndex = restored;
			notifyAll();
			return SimResponse.ok();
		}
		return notAllowed(r);
	}

	// ---------------------------------------------------------------- ACL

	private ObjectNode token(String accessor, String secret, String description) {
		ObjectNode token = JSON.createObjectNode();
		token.put("AccessorID", accessor);
		token.put("SecretID", secret);
		token.put("Description", description);
		token.putArray("Policies");
		token.put("Local", false);
		token.put("CreateTime", OffsetDateTime.now().toString());
		token.put("Hash", Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
		long at = next();
		stamp(token, at, at);
		this.aclIndex = at;
		return token;
	}

	/** Whether the secret belongs to a known token (new or legacy). */
	synchronized boolean knownToken(String secret) {
		for (ObjectNode token : this.tokens.values()) {
			if (token.get("SecretID").asString().equals(secret)) {
				return true;
			}
		}
		return this.legacyAcls.containsKey(secret);
	}

	private @Nullable ObjectNode tokenBySecret(@Nullable String secret) {
		if (secret == null) {
			return null;
		}
		for (ObjectNode token : this.tokens.values()) {
			if (token.get("SecretID").asString().equals(secret)) {
				return token;
			}
		}
		return null;
	}

	private SimResponse acl(SimRequest r) throws InterruptedException {
		String what = r.segment(1);
		if (Set.of("create", "update", "destroy", "info", "clone", "list").contains(what)) {
			return legacyAcl(r, what);
		}
		if (!this.settings.aclEnabled()) {
			return SimResponse.text(401, "ACL support disabled");
		}
		String id = r.segment(2);
		switch (what) {
			case "bootstrap": {
				if (!method(r, "PUT")) {
					return notAllowed(r);
				}
				if (this.bootstrapped) {
					return SimResponse.text(403,
							"Permission denied: ACL bootstrap no longer allowed (reset index: " + this.aclIndex + ")");
				}
				JsonNode body = (r.body.length > 0) ? JSON.readTree(r.body) : JSON.createObjectNode();
				String secret = body.path("BootstrapSecret").asString(UUID.randomUUID().toString());
				ObjectNode token = token(UUID.randomUUID().toString(), secret, "Bootstrap Token (Global Management)");
				token.putArray("Policies")
					.addObject()
					.put("ID", "00000000-0000-0000-0000-000000000001")
					.put("Name", "global-management");
				this.tokens.put(token.get("AccessorID").asString(), token);
				this.bootstrapped = true;
				notifyAll();
				return SimResponse.json(token.deepCopy());
			}
			case "replication":
				return SimResponse.json(JSON.createObjectNode()
					.put("Enabled", false)
					.put("Running", false)
					.put("SourceDatacenter", "")
					.put("ReplicationType", "")
					.put("ReplicatedIndex", 0)
					.put("ReplicatedRoleIndex", 0)
					.put("ReplicatedTokenIndex", 0)
					.put("LastSuccess", "0001-01-01T00:00:00Z")
					.put("LastError", "0001-01-01T00:00:00Z")
					.put("LastErrorMessage", ""));
			case "token":
				return aclToken(r, id);
			case "tokens":
				return blocking(r, () -> {
					ArrayNode list = JSON.createArrayNode();
					String policy = r.param("policy");
					this.tokens.values().forEach((t) -> {
						if (policy == null || t.path("Policies").toString().contains(policy)) {
							ObjectNode copy = t.deepCopy();
							copy.put("SecretID", "<hidden>");
							list.add(copy);
						}
					});
					return SimResponse.read(list, this.aclIndex);
				});
			case "policy":
				return aclObject(r, this.policies, "policy", r.rest(2));
			case "policies":
				return blocking(r, () -> {
					ArrayNode list = JSON.createArrayNode();
					this.policies.values().forEach((p) -> list.add(p.deepCopy().without("Rules")));
					return SimResponse.read(list, this.aclIndex);
				});
			case "role":
				return aclObject(r, this.roles, "role", r.rest(2));
			case "roles":
				return blocking(r, () -> {
					ArrayNode list = JSON.createArrayNode();
					this.roles.values().forEach((p) -> list.add(p.deepCopy()));
					return SimResponse.read(list, this.aclIndex);
				});
			case "login":
				return method(r, "POST") ? SimResponse.text(403, "ACL not found: auth method not found (simulated)")
						: notAllowed(r);
			case "logout": {
				if (!method(r, "POST")) {
					return notAllowed(r);
				}
				ObjectNode token = tokenBySecret(r.token);
				if (token == null || !token.hasNonNull("AuthMethod")) {
					return SimResponse.text(403, "Permission denied: token wasn't created via login");
				}
				this.tokens.remove(token.get("AccessorID").asString());
				return SimResponse.ok();
			}
			default:
				return SimResponse.text(404, "404 page not found");
		}
	}

	private SimResponse aclToken(SimRequest r, String id) throws InterruptedException {
		if (id.isEmpty()) {
			if (!method(r, "PUT")) {
				return notAllowed(r);
			}
			JsonNode body = JSON.readTree(r.body);
			String accessor = body.path("AccessorID").asString("");
			ObjectNode token = token(accessor.isEmpty() ? UUID.randomUUID().toString() : accessor,
					body.path("SecretID").asString(UUID.randomUUID().toString()),
					body.path("Description").asString(""));
			copyLinks(body, token);
			this.tokens.put(token.get("AccessorID").asString(), token);
			notifyAll();
			return SimResponse.json(token.deepCopy());
		}
		if (id.equals("self")) {
			ObjectNode token = tokenBySecret(r.token);
			return (token == null) ? SimResponse.text(403, "ACL not found")
					: SimResponse.read(token.deepCopy(), this.aclIndex);
		}
		boolean clone = r.segment(3).equals("clone");
		switch (r.method) {
			case "GET":
				return blocking(r, () -> {
					ObjectNode token = this.tokens.get(id);
					return (token == null) ? SimResponse.text(404, "ACL not found").withIndex(this.aclIndex)
							: SimResponse.read(token.deepCopy(), this.aclIndex);
				});
			case "PUT": {
				ObjectNode existing = this.tokens.get(id);
				if (existing == null) {
					return SimResponse.text(400, "Cannot find token " + id);
				}
				JsonNode body = (r.body.length > 0) ? JSON.readTree(r.body) : JSON.createObjectNode();
				if (clone) {
					ObjectNode copy = token(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
							body.path("Description").asString(existing.path("Description").asString("")));
					copy.set("Policies", existing.get("Policies").deepCopy());
					if (existing.has("Roles")) {
						copy.set("Roles", existing.get("Roles").deepCopy());
					}
					this.tokens.put(copy.get("AccessorID").asString(), copy);
					notifyAll();
					return SimResponse.json(copy.deepCopy());
				}
				long at = next();
				existing.put("Description",
						body.path("Description").asString(existing.path("Description").asString("")));
				copyLinks(body, existing);
				existing.put("ModifyIndex", at);
				this.aclIndex = at;
				notifyAll();
				return SimResponse.json(existing.deepCopy());
			}
			case "DELETE":
				this.tokens.remove(id);
				this.aclIndex = next();
				notifyAll();
				return bool(true);
			default:
				return notAllowed(r);
		}
	}

	private void copyLinks(JsonNode body, ObjectNode target) {
		for (String field : List.of("Policies", "Roles", "ServiceIdentities", "NodeIdentities")) {
			if (body.hasNonNull(field)) {
				ArrayNode links = JSON.createArrayNode();
				for (JsonNode link : body.get(field)) {
					ObjectNode copy = (ObjectNode) link.deepCopy();
					if ((field.equals("Policies") || field.equals("Roles")) && !copy.hasNonNull("ID")) {
						Map<String, ObjectNode> source = field.equals("Policies") ? this.policies : this.roles;
						source.values()
							.stream()
							.filter((p) -> p.get("Name").asString().equals(copy.path("Name").asString("")))
							.findFirst()
							.ifPresent((p) -> copy.put("ID", p.get("ID").asString()));
					}
					links.add(copy);
				}
				target.set(field, links);
			}
		}
		if (body.has("Local")) {
			target.put("Local", body.get("Local").asBoolean(false));
		}
	}

	private SimResponse aclObject(SimRequest r, Map<String, ObjectNode> store, String kind, String idPath)
			throws InterruptedException {
		if (idPath.isEmpty()) {
			if (!method(r, "PUT")) {
				return notAllowed(r);
			}
			JsonNode body = JSON.readTree(r.body);
			String name = (body != null) ? body.path("Name").asString("") : "";
			if (name.isEmpty()) {
				return bad("Invalid " + kind + ": no name set");
			}
			for (ObjectNode existing : store.values()) {
				if (existing.get("Name").asString().equals(name)) {
					return bad("Invalid " + kind + ": A " + kind + " with name \"" + name + "\" already exists");
				}
			}
			ObjectNode created = ((ObjectNode) body).deepCopy();
			created.put("ID", UUID.randomUUID().toString());
			created.put("Hash", Integer.toHexString(created.toString().hashCode()));
			long at = next();
			stamp(created, at, at);
			store.put(created.get("ID").asString(), created);
			this.aclIndex = at;
			notifyAll();
			return SimResponse.json(created.deepCopy());
		}
		if (idPath.startsWith("name/")) {
			String name = idPath.substring(5);
			return blocking(r,
					() -> store.values()
						.stream()
						.filter((p) -> p.get("Name").asString().equals(name))
						.findFirst()
						.map((p) -> SimResponse.read(p.deepCopy(), this.aclIndex))
						.orElse(SimResponse.text(404, "ACL not found").withIndex(this.aclIndex)));
		}
		switch (r.method) {
			case "GET":
				return blocking(r, () -> {
					ObjectNode found = store.get(idPath);
					return (found == null) ? SimResponse.text(404, "ACL not found").withIndex(this.aclIndex)
							: SimResponse.read(found.deepCopy(), this.aclIndex);
				});
			case "PUT": {
				ObjectNode existing = store.get(idPath);
				if (existing == null) {
					return bad("Cannot find " + kind + " " + idPath);
				}
				ObjectNode updated = ((ObjectNode) JSON.readTree(r.body)).deepCopy();
				updated.put("ID", idPath);
				long at = next();
				stamp(updated, existing.get("CreateIndex").asLong(), at);
				store.put(idPath, updated);
				this.aclIndex = at;
				notifyAll();
				return SimResponse.json(updated.deepCopy());
			}
			case "DELETE":
				store.remove(idPath);
				this.aclIndex = next();
				notifyAll();
				return bool(true);
			default:
				return notAllowed(r);
		}
	}

	private SimResponse legacyAcl(SimRequest r, String what) throws InterruptedException {
		if (!this.settings.legacyAcl()) {
			return SimResponse.text(404, "404 page not found");
		}
		String id = r.segment(2);
		switch (what) {
			case "create", "update": {
				JsonNode body = JSON.readTree(r.body);
				String aclId = body.path("ID").asString("");
				if (what.equals("update") && !this.legacyAcls.containsKey(aclId)) {
					return bad("ACL ID must be set");
				}
				if (aclId.isEmpty()) {
					aclId = UUID.randomUUID().toString();
				}
				ObjectNode acl = JSON.createObjectNode();
				acl.put("ID", aclId);
				acl.put("Name", body.path("Name").asString(""));
				acl.put("Type", body.path("Type").asString("client"));
				acl.put("Rules", body.path("Rules").asString(""));
				long at = next();
				ObjectNode existing = this.legacyAcls.get(aclId);
				stamp(acl, (existing != null) ? existing.get("CreateIndex").asLong() : at, at);
				this.legacyAcls.put(aclId, acl);
				this.aclIndex = at;
				notifyAll();
				return SimResponse.json(JSON.createObjectNode().put("ID", aclId));
			}
			case "destroy":
				this.legacyAcls.remove(id);
				this.aclIndex = next();
				notifyAll();
				return bool(true);
			case "clone": {
				ObjectNode existing = this.legacyAcls.get(id);
				if (existing == null) {
					return SimResponse.text(403, "ACL not found");
				}
				ObjectNode copy = existing.deepCopy();
				String newId = UUID.randomUUID().toString();
				copy.put("ID", newId);
				long at = next();
				stamp(copy, at, at);
				this.legacyAcls.put(newId, copy);
				this.aclIndex = at;
				notifyAll();
				return SimResponse.json(JSON.createObjectNode().put("ID", newId));
			}
			case "info":
				return blocking(r, () -> {
					ArrayNode list = JSON.createArrayNode();
					ObjectNode found = this.legacyAcls.get(id);
					if (found != null) {
						list.add(found.deepCopy());
					}
					return SimResponse.read(list, this.aclIndex);
				});
			default:
				return blocking(r, () -> {
					ArrayNode list = JSON.createArrayNode();
					this.legacyAcls.values().forEach((a) -> list.add(a.deepCopy()));
					return SimResponse.read(list, this.aclIndex);
				});
		}
	}

	// ---------------------------------------------------------------- prepared queries

	private SimResponse query(SimRequest r) {
		String id = r.segment(1);
		if (id.isEmpty()) {
			if (method(r, "POST")) {
				JsonNode body = JSON.readTree(r.body);
				if (body == null || body.path("Service").path("Service").asString("").isEmpty()) {
					return bad("Must provide a Service name to query");
				}
				ObjectNode query = ((ObjectNode) body).deepCopy();
				String newId = UUID.randomUUID().toString();
				query.put("ID", newId);
				long at = next();
				query.putObject("RaftIndex").put("CreateIndex", at).put("ModifyIndex", at);
				stamp(query, at, at);
				this.queries.put(newId, query);
				return SimResponse.json(JSON.createObjectNode().put("ID", newId));
			}
			if (method(r, "GET")) {
				ArrayNode list = JSON.createArrayNode();
				this.queries.values().forEach((q) -> list.add(q.deepCopy()));
				return SimResponse.read(list, this.index);
			}
			return notAllowed(r);
		}
		String action = r.segment(2);
		ObjectNode query = findQuery(id);
		if (query == null) {
			return SimResponse.text(404, "Query not found");
		}
		if (action.equals("execute")) {
			String service = query.path("Service").path("Service").asString();
			boolean onlyPassing = query.path("Service").path("OnlyPassing").asBoolean(false);
			ArrayNode nodes = JSON.createArrayNode();
			for (JsonNode entry : serviceHealth(service, false, List.of(), r, false)) {
				boolean keep = true;
				for (JsonNode check : entry.get("Checks")) {
					String status = check.get("Status").asString();
					keep &= status.equals("passing") || (!onlyPassing && status.equals("warning"));
				}
				if (keep) {
					nodes.add(entry);
				}
			}
			int limit = (r.param("limit") != null) ? Integer.parseInt(r.param("limit")) : 0;
			while (limit > 0 && nodes.size() > limit) {
				nodes.remove(nodes.size() - 1);
			}
			ObjectNode result = JSON.createObjectNode();
			result.put("Service", service);
			result.set("Nodes", nodes);
			result.set("DNS", query.path("DNS").isObject() ? query.get("DNS").deepCopy()
					: JSON.createObjectNode().put("TTL", ""));
			result.put("Datacenter", this.settings.datacenter());
			result.put("Failovers", 0);
			return cached(r, SimResponse.json(result));
		}
		if (action.equals("explain")) {
			return SimResponse.json(JSON.createObjectNode().set("Query", query.deepCopy()));
		}
		switch (r.method) {
			case "GET":
				return SimResponse.read(JSON.createArrayNode().add(query.deepCopy()), this.index);
			case "PUT": {
				ObjectNode updated = ((ObjectNode) JSON.readTree(r.body)).deepCopy();
				updated.put("ID", query.get("ID").asString());
				long at = next();
				updated.putObject("RaftIndex")
					.put("CreateIndex", query.get("CreateIndex").asLong())
					.put("ModifyIndex", at);
				stamp(updated, query.get("CreateIndex").asLong(), at);
				this.queries.put(query.get("ID").asString(), updated);
				return SimResponse.ok();
			}
			case "DELETE":
				this.queries.remove(query.get("ID").asString());
				return SimResponse.ok();
			default:
				return notAllowed(r);
		}
	}

	private @Nullable ObjectNode findQuery(String idOrName) {
		ObjectNode byId = this.queries.get(idOrName);
		if (byId != null) {
			return byId;
		}
		return this.queries.values()
			.stream()
			.filter((q) -> q.path("Name").asString("").equals(idOrName))
			.findFirst()
			.orElse(null);
	}

	// ---------------------------------------------------------------- coordinates

	private ObjectNode coordinate(String node) {
		ObjectNode stored = this.coordinates.get(node);
		if (stored != null) {
			return stored.deepCopy();
		}
		ObjectNode coordinate = JSON.createObjectNode();
		coordinate.put("Node", node);
		coordinate.put("Segment", "");
		coordinate.putObject("Coord")
			.put("Adjustment", 0.0)
			.put("Error", 1.5)
			.put("Height", 0.0)
			.putArray("Vec")
			.add(0.0)
			.add(0.0)
			.add(0.0)
			.add(0.0)
			.add(0.0)
			.add(0.0)
			.add(0.0)
			.add(0.0);
		return coordinate;
	}

	private SimResponse coordinate(SimRequest r) throws InterruptedException {
		switch (r.segment(1)) {
			case "datacenters": {
				ObjectNode dc = JSON.createObjectNode();
				dc.put("Datacenter", this.settings.datacenter());
				dc.put("AreaID", "WAN");
				ObjectNode server = coordinate(agentNode() + "." + this.settings.datacenter());
				dc.putArray("Coordinates").add(server);
				return SimResponse.json(JSON.createArrayNode().add(dc));
			}
			case "nodes":
				return blocking(r, () -> {
					ArrayNode list = JSON.createArrayNode();
					this.nodes.keySet().forEach((n) -> list.add(coordinate(n)));
					return SimResponse.read(list, this.coordinateIndex);
				});
			case "node":
				return blocking(r, () -> {
					String node = r.rest(2);
					ArrayNode list = JSON.createArrayNode();
					if (this.nodes.containsKey(node)) {
						list.add(coordinate(node));
					}
					return list.isEmpty() ? SimResponse.text(404, "").withIndex(this.coordinateIndex)
							: SimResponse.read(list, this.coordinateIndex);
				});
			case "update": {
				if (!method(r, "PUT")) {
					return notAllowed(r);
				}
				JsonNode body = JSON.readTree(r.body);
				String node = (body != null) ? body.path("Node").asString("") : "";
				if (node.isEmpty() || !body.path("Coord").isObject()) {
					return bad("Missing Node or Coord");
				}
				ObjectNode stored = JSON.createObjectNode();
				stored.put("Node", node);
				stored.put("Segment", body.path("Segment").asString(""));
				stored.set("Coord", body.get("Coord").deepCopy());
				this.coordinates.put(node, stored);
				this.coordinateIndex = next();
				notifyAll();
				return SimResponse.ok();
			}
			default:
				return SimResponse.text(404, "404 page not found");
		}
	}

	// ---------------------------------------------------------------- test helpers

	synchronized long kvIndexOf(String key) {
		Kv entry = this.kv.get(key);
		return (entry != null) ? entry.modifyIndex() : 0;
	}

	synchronized int sessionCount() {
		return this.sessions.size();
	}

	synchronized boolean hasAgentService(String id) {
		return services(agentNode()).containsKey(id);
	}

	synchronized void registerExternalNode(String node, String address) {
		long at = next();
		ObjectNode json = JSON.createObjectNode();
		json.put("ID", UUID.randomUUID().toString());
		json.put("Node", node);
		json.put("Address", address);
		json.put("Datacenter", this.settings.datacenter());
		json.putObject("TaggedAddresses");
		json.putObject("Meta");
		stamp(json, at, at);
		this.nodes.put(node, json);
		ObjectNode serf = check(node, "serfHealth", "Serf Health Status", "passing", "", "");
		stamp(serf, at, at);
		checks(node).put("serfHealth", serf);
		this.catalogIndex = at;
		notifyAll();
	}

}
