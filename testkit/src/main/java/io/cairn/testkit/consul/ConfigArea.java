package io.cairn.testkit.consul;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/config}: central configuration entries of every kind Consul 1.17 knows,
 * applied with optional CAS, read by kind and name or listed by kind (blocking on the
 * config index), deleted with optional CAS. Entries are stored as given (no kind-specific
 * schema is checked) except for the rules every kind has: a known kind, a name, the fixed
 * names of {@code proxy-defaults} and {@code mesh}, and allow or deny for intention
 * sources. Intentions ({@link ConnectArea}) are {@code service-intentions} entries here,
 * as in Consul 1.9 and later.
 */
final class ConfigArea {

	static final String SERVICE_INTENTIONS = "service-intentions";

	private static final Set<String> KINDS = Set.of("service-defaults", "proxy-defaults", "service-router",
			"service-splitter", "service-resolver", "ingress-gateway", "terminating-gateway", SERVICE_INTENTIONS,
			"mesh", "exported-services", "api-gateway", "bound-api-gateway", "http-route", "tcp-route",
			"inline-certificate", "file-system-certificate", "jwt-provider", "sameness-group",
			"control-plane-request-limit");

	private static final Map<String, String> FIXED_NAMES = Map.of("proxy-defaults", "global", "mesh", "mesh");

	private final RaftLog raft;

	private final Map<String, TreeMap<String, ObjectNode>> entries = new LinkedHashMap<>();

	private long configIndex;

	ConfigArea(RaftLog raft) {
		this.raft = raft;
	}

	void reset(long start) {
		this.entries.clear();
		this.configIndex = start;
	}

	long index() {
		return this.configIndex;
	}

	/** {@code GET /v1/config/:kind}: the entries of a kind. */
	ApiResponse list(ApiRequest r, String kind) throws InterruptedException {
		return KINDS.contains(kind) ? this.raft.blocking(r, () -> list(kind)) : unknownKind(kind);
	}

	/** {@code GET /v1/config/:kind/:name}. */
	ApiResponse read(ApiRequest r, String kind, String name) throws InterruptedException {
		return KINDS.contains(kind) ? this.raft.blocking(r, () -> read(kind, name)) : unknownKind(kind);
	}

	private static ApiResponse unknownKind(String kind) {
		return ApiResponse.bad("invalid config entry kind: " + kind);
	}

	private ApiResponse list(String kind) {
		ArrayNode list = JSON.createArrayNode();
		this.entries.getOrDefault(kind, new TreeMap<>()).values().forEach((e) -> list.add(e.deepCopy()));
		return ApiResponse.read(list, this.configIndex);
	}

	private ApiResponse read(String kind, String name) {
		ObjectNode entry = entry(kind, name);
		return (entry != null) ? ApiResponse.read(entry.deepCopy(), this.configIndex)
				: ApiResponse.text(404, "Config entry not found for \"" + kind + "\" / \"" + name + "\"")
					.withIndex(this.configIndex);
	}

	/** {@code PUT /v1/config}: store the body's entry, with an optional CAS. */
	ApiResponse apply(ApiRequest r) {
		JsonNode body = ConsulJson.body(r);
		if (!body.isObject()) {
			return ApiResponse.bad("Request decode failed: expected a config entry object");
		}
		String kind = body.path("Kind").asString("");
		String name = body.path("Name").asString("");
		String invalid = invalid(kind, name, body);
		if (invalid != null) {
			return ApiResponse.bad(invalid);
		}
		String cas = r.param("cas");
		if (cas != null) {
			ObjectNode existing = entry(kind, name);
			long index = Long.parseUnsignedLong(cas);
			if ((index == 0) ? existing != null : existing == null || modifyIndex(existing) != index) {
				return ApiResponse.bool(false);
			}
		}
		put((ObjectNode) body);
		return ApiResponse.bool(true);
	}

	/** Why an entry cannot be stored, or {@code null}. */
	static @Nullable String invalid(String kind, String name, JsonNode body) {
		if (!KINDS.contains(kind)) {
			return "invalid config entry kind: " + kind;
		}
		if (name.isEmpty()) {
			return "Name is required";
		}
		String fixed = FIXED_NAMES.get(kind);
		if (fixed != null && !fixed.equals(name)) {
			return "invalid name (\"" + name + "\"), only \"" + fixed + "\" is supported";
		}
		if (kind.equals(SERVICE_INTENTIONS)) {
			for (JsonNode source : body.path("Sources")) {
				if (source.path("Name").asString("").isEmpty()) {
					return "Sources[].Name is required";
				}
				String action = source.path("Action").asString("");
				if (!source.hasNonNull("Permissions") && !action.equals("allow") && !action.equals("deny")) {
					return "Sources[" + source.path("Name").asString() + "].Action must be set to 'allow' or 'deny'";
				}
			}
		}
		return null;
	}

	// ---------------------------------------------------------------- for other areas

	@Nullable ObjectNode entry(String kind, String name) {
		Map<String, ObjectNode> byName = this.entries.get(kind);
		return (byName != null) ? byName.get(name) : null;
	}

	Collection<ObjectNode> entries(String kind) {
		return this.entries.getOrDefault(kind, new TreeMap<>()).values();
	}

	/** Store an entry at a new index (keeping its creation index when it existed). */
	void put(ObjectNode entry) {
		String kind = entry.get("Kind").asString();
		String name = entry.get("Name").asString();
		ObjectNode existing = entry(kind, name);
		long at = this.raft.next();
		ObjectNode stored = entry.deepCopy();
		ConsulJson.stamp(stored, (existing != null) ? existing.get("CreateIndex").asLong() : at, at);
		if (kind.equals(SERVICE_INTENTIONS)) {
			for (JsonNode source : stored.path("Sources")) {
				ObjectNode normalized = (ObjectNode) source;
				normalized.put("Precedence", ConnectArea.precedence(source.path("Name").asString(), name));
				if (!normalized.hasNonNull("Type")) {
					normalized.put("Type", "consul");
				}
			}
		}
		this.entries.computeIfAbsent(kind, (k) -> new TreeMap<>()).put(name, stored);
		this.configIndex = at;
		this.raft.changed();
	}

	void remove(String kind, String name) {
		Map<String, ObjectNode> byName = this.entries.get(kind);
		if (byName != null && byName.remove(name) != null) {
			this.configIndex = this.raft.next();
			this.raft.changed();
		}
	}

	/** {@code DELETE /v1/config/:kind/:name}, with an optional CAS. */
	ApiResponse delete(ApiRequest r, String kind, String name) {
		if (!KINDS.contains(kind)) {
			return unknownKind(kind);
		}
		String cas = r.param("cas");
		if (cas != null) {
			ObjectNode existing = entry(kind, name);
			if (existing == null || modifyIndex(existing) != Long.parseUnsignedLong(cas)) {
				return ApiResponse.bool(false);
			}
			remove(kind, name);
			return ApiResponse.bool(true);
		}
		remove(kind, name);
		return ApiResponse.json(JSON.createObjectNode());
	}

	private static long modifyIndex(ObjectNode entry) {
		return entry.get("ModifyIndex").asLong();
	}

}
