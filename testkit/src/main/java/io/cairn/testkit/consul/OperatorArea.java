package io.cairn.testkit.consul;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.cairn.duration.GoDuration;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/operator}: the Raft configuration and peer removal, leadership transfer,
 * autopilot (configuration with CAS, health, state) of the single server, the gossip
 * keyring (list, install, use, remove, one key to begin with) and usage counts from the
 * catalog.
 */
final class OperatorArea {

	private static final String INITIAL_KEY = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";

	private static final Set<String> CONNECT_KINDS = Set.of("connect-proxy", "mesh-gateway", "terminating-gateway",
			"ingress-gateway", "api-gateway");

	private final RaftLog raft;

	private final ConsulSimulator.Settings settings;

	private final ConsulFaults faults;

	private final CatalogArea catalog;

	private final Set<String> keys = new LinkedHashSet<>();

	private String primaryKey = INITIAL_KEY;

	private ObjectNode autopilot = JSON.createObjectNode();

	private long startedMillis;

	OperatorArea(RaftLog raft, ConsulSimulator.Settings settings, ConsulFaults faults, CatalogArea catalog) {
		this.raft = raft;
		this.settings = settings;
		this.faults = faults;
		this.catalog = catalog;
	}

	void reset(long start) {
		this.keys.clear();
		this.keys.add(INITIAL_KEY);
		this.primaryKey = INITIAL_KEY;
		this.autopilot = JSON.createObjectNode()
			.put("CleanupDeadServers", true)
			.put("LastContactThreshold", "200ms")
			.put("MaxTrailingLogs", 250)
			.put("MinQuorum", 0)
			.put("ServerStabilizationTime", "10s")
			.put("RedundancyZoneTag", "")
			.put("DisableUpgradeMigration", false)
			.put("UpgradeVersionTag", "");
		ConsulJson.stamp(this.autopilot, start, start);
		this.startedMillis = System.currentTimeMillis();
	}

	private String serverAddress() {
		return this.settings.address() + ":8300";
	}

	// ---------------------------------------------------------------- raft

	/** {@code GET /v1/operator/raft/configuration}: the one server. */
	ApiResponse raftConfiguration() {
		ObjectNode answer = JSON.createObjectNode();
		answer.putArray("Servers")
			.addObject()
			.put("ID", this.settings.nodeId())
			.put("Node", this.settings.nodeName())
			.put("Address", serverAddress())
			.put("Leader", !this.faults.noLeader)
			.put("ProtocolVersion", "3")
			.put("Voter", true);
		answer.put("Index", this.raft.index());
		return ApiResponse.json(answer);
	}

	/** {@code POST /v1/operator/raft/transfer-leader}: done, to itself. */
	ApiResponse transferLeader() {
		return ApiResponse.json(JSON.createObjectNode().put("Success", true));
	}

	/**
	 * {@code DELETE /v1/operator/raft/peer}: refused, the one server cannot go and there
	 * is no other.
	 */
	ApiResponse removePeer(ApiRequest r) {
		String id = r.param("id");
		String address = r.param("address");
		if ((id == null || id.isEmpty()) && (address == null || address.isEmpty())) {
			return ApiResponse
				.bad("Must specify either ?id with the server's ID or ?address with IP:port of peer to remove");
		}
		if ((id != null && id.equals(this.settings.nodeId())) || serverAddress().equals(address)) {
			return ApiResponse.text(500, "cannot remove the leader of a single-server cluster (simulated)");
		}
		return ApiResponse.text(500,
				"address \"" + ((address != null) ? address : id) + "\" was not found in the Raft configuration");
	}

	// ---------------------------------------------------------------- autopilot

	/** {@code GET /v1/operator/autopilot/configuration}. */
	ApiResponse autopilotConfiguration() {
		return ApiResponse.json(this.autopilot.deepCopy());
	}

	/** {@code GET /v1/operator/autopilot/health}. */
	ApiResponse autopilotHealth() {
		return ApiResponse.json(health());
	}

	/** {@code GET /v1/operator/autopilot/state}. */
	ApiResponse autopilotState() {
		return ApiResponse.json(state());
	}

	/** {@code PUT /v1/operator/autopilot/configuration}, with an optional CAS. */
	ApiResponse updateAutopilot(ApiRequest r) {
		JsonNode body = ConsulJson.body(r);
		if (!body.isObject()) {
			return ApiResponse.bad("Request decode failed: expected an autopilot configuration object");
		}
		for (String field : new String[] { "LastContactThreshold", "ServerStabilizationTime" }) {
			if (body.hasNonNull(field)) {
				try {
					GoDuration.parse(body.get(field).asString());
				}
				catch (IllegalArgumentException ex) {
					return ApiResponse.badDuration(body.get(field).asString());
				}
			}
		}
		String cas = r.param("cas");
		if (cas != null && Long.parseUnsignedLong(cas) != this.autopilot.get("ModifyIndex").asLong()) {
			return ApiResponse.bool(false);
		}
		long created = this.autopilot.get("CreateIndex").asLong();
		ObjectNode updated = ((ObjectNode) body).deepCopy();
		ConsulJson.stamp(updated, created, this.raft.next());
		this.autopilot = updated;
		this.raft.changed();
		return ApiResponse.bool(true);
	}

	private String lastContact() {
		return this.faults.noLeader ? "30s" : "0s";
	}

	private ObjectNode health() {
		boolean healthy = !this.faults.noLeader;
		ObjectNode health = JSON.createObjectNode();
		health.put("Healthy", healthy);
		health.put("FailureTolerance", 0);
		health.putArray("Servers")
			.addObject()
			.put("ID", this.settings.nodeId())
			.put("Name", this.settings.nodeName())
			.put("Address", serverAddress())
			.put("SerfStatus", "alive")
			.put("Version", this.settings.version())
			.put("Leader", healthy)
			.put("LastContact", lastContact())
			.put("LastTerm", 2)
			.put("LastIndex", this.raft.index())
			.put("Healthy", healthy)
			.put("Voter", true)
			.put("StableSince", Instant.ofEpochMilli(this.startedMillis).toString());
		return health;
	}

	private ObjectNode state() {
		boolean healthy = !this.faults.noLeader;
		String id = this.settings.nodeId();
		ObjectNode state = JSON.createObjectNode();
		state.put("Healthy", healthy);
		state.put("FailureTolerance", 0);
		state.put("OptimisticFailureTolerance", 0);
		ObjectNode server = state.putObject("Servers").putObject(id);
		server.put("ID", id)
			.put("Name", this.settings.nodeName())
			.put("Address", serverAddress())
			.put("NodeStatus", "alive")
			.put("Version", this.settings.version())
			.put("LastContact", lastContact())
			.put("LastTerm", 2)
			.put("LastIndex", this.raft.index())
			.put("Healthy", healthy)
			.put("StableSince", Instant.ofEpochMilli(this.startedMillis).toString())
			.put("ReadReplica", false)
			.put("Status", healthy ? "leader" : "voter")
			.put("NodeType", "voter");
		server.putObject("Meta").put("consul-network-segment", "");
		state.put("Leader", healthy ? id : "");
		state.putArray("Voters").add(id);
		return state;
	}

	// ---------------------------------------------------------------- keyring

	/** {@code POST /v1/operator/keyring}: install a key. */
	ApiResponse installKey(ApiRequest r) {
		return withKey(r, (key) -> {
			this.keys.add(key);
			return ApiResponse.ok();
		});
	}

	/** {@code PUT /v1/operator/keyring}: make an installed key the primary one. */
	ApiResponse useKey(ApiRequest r) {
		return withKey(r, (key) -> {
			if (!this.keys.contains(key)) {
				return ApiResponse.text(500, "1 error occurred:\n\t* Requested key is not in the keyring\n\n");
			}
			this.primaryKey = key;
			return ApiResponse.ok();
		});
	}

	/** {@code DELETE /v1/operator/keyring}: remove a key but the primary one. */
	ApiResponse removeKey(ApiRequest r) {
		return withKey(r, (key) -> {
			if (key.equals(this.primaryKey)) {
				return ApiResponse.text(500, "1 error occurred:\n\t* Removing the primary key is not allowed\n\n");
			}
			if (!this.keys.remove(key)) {
				return ApiResponse.text(500, "1 error occurred:\n\t* Requested key is not in the keyring\n\n");
			}
			return ApiResponse.ok();
		});
	}

	/** The answer for the body's {@code Key}, or 400 when it is no gossip key. */
	private static ApiResponse withKey(ApiRequest r, Function<String, ApiResponse> answer) {
		String key = ConsulJson.body(r).path("Key").asString("");
		ApiResponse invalid = invalidKey(key);
		return (invalid != null) ? invalid : answer.apply(key);
	}

	/** A gossip key is the base64 of 16, 24 or 32 bytes (AES-128, -192, -256). */
	private static @Nullable ApiResponse invalidKey(String key) {
		byte[] decoded;
		try {
			decoded = Base64.getDecoder().decode(key);
		}
		catch (IllegalArgumentException ex) {
			return ApiResponse.bad("Invalid key: " + ex.getMessage());
		}
		if (decoded.length != 16 && decoded.length != 24 && decoded.length != 32) {
			return ApiResponse.bad("Invalid key: key size must be 16, 24 or 32 bytes");
		}
		return null;
	}

	/** {@code GET /v1/operator/keyring}: the WAN and LAN rings. */
	ApiResponse listKeys(ApiRequest r) {
		String relay = r.param("relay-factor");
		if (relay != null) {
			int factor;
			try {
				factor = Integer.parseInt(relay);
			}
			catch (NumberFormatException ex) {
				return ApiResponse.bad("Error parsing relay factor: " + ex.getMessage());
			}
			if (factor < 0 || factor > 5) {
				return ApiResponse.bad("Relay factor must be in range: [0, 5]");
			}
		}
		ArrayNode rings = JSON.createArrayNode();
		if (!r.flag("local-only")) {
			rings.add(ring(true));
		}
		rings.add(ring(false));
		return ApiResponse.json(rings);
	}

	private ObjectNode ring(boolean wan) {
		ObjectNode ring = JSON.createObjectNode();
		ring.put("WAN", wan);
		ring.put("Datacenter", this.settings.datacenter());
		ring.put("Segment", "");
		ObjectNode installed = ring.putObject("Keys");
		this.keys.forEach((key) -> installed.put(key, 1));
		ring.putObject("PrimaryKeys").put(this.primaryKey, 1);
		ring.put("NumNodes", 1);
		return ring;
	}

	// ---------------------------------------------------------------- usage

	/** {@code GET /v1/operator/usage}: counts from the catalog. */
	ApiResponse usage(ApiRequest r) throws InterruptedException {
		return this.raft.blocking(r, this::usage);
	}

	private ApiResponse usage() {
		Set<String> names = new LinkedHashSet<>();
		int instances = 0;
		int billable = 0;
		ObjectNode connect = JSON.createObjectNode();
		for (String kind : new String[] { "api-gateway", "connect-native", "connect-proxy", "ingress-gateway",
				"mesh-gateway", "terminating-gateway" }) {
			connect.put(kind, 0);
		}
		for (Map<String, ObjectNode> byId : this.catalog.allServices().values()) {
			for (ObjectNode service : byId.values()) {
				String name = service.get("Service").asString();
				String kind = service.path("Kind").asString("");
				names.add(name);
				instances++;
				if (CONNECT_KINDS.contains(kind)) {
					connect.put(kind, connect.get(kind).asInt() + 1);
				}
				else if (service.path("Connect").path("Native").asBoolean(false)) {
					connect.put("connect-native", connect.get("connect-native").asInt() + 1);
				}
				if (!name.equals("consul") && !CONNECT_KINDS.contains(kind)) {
					billable++;
				}
			}
		}
		ObjectNode answer = JSON.createObjectNode();
		ObjectNode dc = answer.putObject("Usage").putObject(this.settings.datacenter());
		dc.put("Services", names.size());
		dc.put("ServiceInstances", instances);
		dc.set("ConnectServiceInstances", connect);
		dc.put("BillableServiceInstances", billable);
		dc.put("Nodes", this.catalog.nodeNames().size());
		long index = this.catalog.index();
		answer.put("Index", index);
		answer.put("LastContact", 0);
		answer.put("KnownLeader", !this.faults.noLeader);
		answer.put("ConsistencyLevel", "leader");
		answer.put("NotModified", false);
		answer.put("Backend", 0);
		answer.put("ResultsFilteredByACLs", false);
		return ApiResponse.read(answer, index);
	}

}
