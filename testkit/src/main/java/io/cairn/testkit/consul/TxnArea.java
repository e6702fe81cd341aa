package io.cairn.testkit.consul;

import java.util.Base64;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/txn}: up to 64 KV, node, service and check operations applied as one Raft
 * entry. Every operation runs on the live state; when one fails the KV store, the catalog
 * (saved only when an operation touches it, so that a KV transaction costs what its
 * operations cost) and the indexes are put back, and Consul's 409 lists the errors.
 */
final class TxnArea {

	private static final int MAX_OPERATIONS = 64;

	private final RaftLog raft;

	private final KvArea kv;

	private final CatalogArea catalog;

	TxnArea(RaftLog raft, KvArea kv, CatalogArea catalog) {
		this.raft = raft;
		this.kv = kv;
		this.catalog = catalog;
	}

	/** {@code PUT /v1/txn}: apply the operations, all or none. */
	ApiResponse execute(ApiRequest r) {
		JsonNode ops;
		try {
			ops = JSON.readTree(r.body);
		}
		catch (RuntimeException ex) {
			return ApiResponse.bad("Failed to parse body: " + ex.getMessage());
		}
		if (ops == null || !ops.isArray()) {
			return ApiResponse.bad("Failed to parse body: expected a JSON array of operations");
		}
		if (ops.size() > MAX_OPERATIONS) {
			return ApiResponse.text(413,
					"Transaction contains too many operations (" + ops.size() + " > " + MAX_OPERATIONS + ")");
		}
		boolean touchesCatalog = false;
		for (JsonNode op : ops) {
			touchesCatalog |= op.has("Node") || op.has("Service") || op.has("Check");
		}
		KvArea.Saved savedKv = this.kv.save();
		CatalogArea.Saved savedCatalog = touchesCatalog ? this.catalog.save() : null;
		long savedIndex = this.raft.index();
		ArrayNode results = JSON.createArrayNode();
		ArrayNode errors = JSON.createArrayNode();
		for (int i = 0; i < ops.size(); i++) {
			String error = apply(ops.get(i), results);
			if (error != null) {
				errors.addObject().put("OpIndex", i).put("What", error);
			}
		}
		ObjectNode answer = JSON.createObjectNode();
		if (!errors.isEmpty()) {
			this.kv.restore(savedKv);
			if (savedCatalog != null) {
				this.catalog.restore(savedCatalog);
			}
			this.raft.restore(savedIndex);
			answer.putNull("Results");
			answer.set("Errors", errors);
			return ApiResponse.json(409, answer);
		}
		this.raft.changed();
		answer.set("Results", results);
		answer.putNull("Errors");
		return ApiResponse.json(answer).header("X-Consul-KnownLeader", "true").header("X-Consul-LastContact", "0");
	}

	private @Nullable String apply(JsonNode op, ArrayNode results) {
		try {
			if (op.has("KV")) {
				return kv(op.get("KV"), results);
			}
			if (op.has("Node")) {
				return node(op.get("Node"), results);
			}
			if (op.has("Service")) {
				JsonNode service = op.get("Service");
				return catalogItem(CatalogItem.SERVICE, service.path("Node").asString(""), service.path("Verb"),
						service.path("Service"), results);
			}
			if (op.has("Check")) {
				JsonNode check = op.get("Check");
				return catalogItem(CatalogItem.CHECK, check.path("Check").path("Node").asString(""), check.path("Verb"),
						check.path("Check"), results);
			}
			return "unknown operation type";
		}
		catch (RuntimeException ex) {
			return "invalid operation: " + ex.getMessage();
		}
	}

	// ---------------------------------------------------------------- KV verbs

	private @Nullable String kv(JsonNode op, ArrayNode results) {
		String verb = op.path("Verb").asString("");
		String key = op.path("Key").asString("");
		byte[] value = op.hasNonNull("Value") ? Base64.getDecoder().decode(op.get("Value").asString()) : new byte[0];
		long flags = op.path("Flags").asLong(0);
		long index = op.path("Index").asLong(0);
		String session = op.path("Session").asString("");
		KvArea.Kv existing = this.kv.get(key);
		return switch (verb) {
			case "set" -> kvResult(results, key, this.kv.set(key, value, flags), false);
			case "cas" ->
				KvArea.casMatches(existing, index) ? kvResult(results, key, this.kv.set(key, value, flags), false)
						: "failed to set key \"" + key + "\", index is stale";
			case "lock" -> written(this.kv.lock(key, value, flags, session), results, key);
			case "unlock" -> written(this.kv.unlock(key, value, flags, session), results, key);
			case "get" ->
				(existing == null) ? "key \"" + key + "\" doesn't exist" : kvResult(results, key, existing, true);
			// As Consul does: a missing key adds no result (nor does check-not-exists).
			case "get-or-empty" -> (existing == null) ? null : kvResult(results, key, existing, true);
			case "get-tree" -> getTree(results, key);
			case "check-index" -> checkIndex(results, key, existing, index);
			case "check-session" -> checkSession(results, key, existing, session);
			case "check-not-exists" -> (existing != null) ? "key \"" + key + "\" exists" : null;
			case "delete" -> {
				this.kv.remove(key);
				yield null;
			}
			case "delete-tree" -> {
				this.kv.deleteTree(key);
				yield null;
			}
			case "delete-cas" -> deleteCas(key, existing, index);
			default -> "unknown KV verb \"" + verb + "\"";
		};
	}

	private @Nullable String kvResult(ArrayNode results, String key, KvArea.Kv entry, boolean withValue) {
		results.addObject().set("KV", this.kv.json(key, entry, withValue));
		return null;
	}

	/** The result of a lock or unlock: the key as written, or why it was not. */
	private @Nullable String written(@Nullable String error, ArrayNode results, String key) {
		KvArea.Kv entry = this.kv.get(key);
		return (error != null || entry == null) ? error : kvResult(results, key, entry, false);
	}

	private @Nullable String getTree(ArrayNode results, String prefix) {
		for (Map.Entry<String, KvArea.Kv> entry : this.kv.tree(prefix).entrySet()) {
			kvResult(results, entry.getKey(), entry.getValue(), true);
		}
		return null;
	}

	private @Nullable String checkIndex(ArrayNode results, String key, KvArea.@Nullable Kv existing, long index) {
		if (existing == null) {
			return "key \"" + key + "\" doesn't exist";
		}
		if (existing.modifyIndex() != index) {
			return "current modify index " + existing.modifyIndex() + " != " + index;
		}
		return kvResult(results, key, existing, false);
	}

	private @Nullable String checkSession(ArrayNode results, String key, KvArea.@Nullable Kv existing, String session) {
		String holder = (existing != null && existing.session() != null) ? existing.session() : "";
		if (existing == null || !holder.equals(session)) {
			return "failed session check for key \"" + key + "\", current session \"" + holder + "\" != \"" + session
					+ "\"";
		}
		return kvResult(results, key, existing, false);
	}

	private @Nullable String deleteCas(String key, KvArea.@Nullable Kv existing, long index) {
		if (existing == null || existing.modifyIndex() != index) {
			return "failed to delete key \"" + key + "\", index is stale";
		}
		this.kv.remove(key);
		return null;
	}

	// ---------------------------------------------------------------- catalog verbs

	private @Nullable String node(JsonNode op, ArrayNode results) {
		String verb = op.path("Verb").asString("");
		JsonNode node = op.path("Node");
		String name = node.path("Node").asString("");
		ObjectNode existing = this.catalog.node(name);
		long index = node.path("ModifyIndex").asLong(0);
		switch (verb) {
			case "set", "cas" -> {
				if (verb.equals("cas") && ((existing == null) ? index != 0 : modifyIndex(existing) != index)) {
					return "failed to set node \"" + name + "\", index is stale";
				}
				long at = this.raft.next();
				ObjectNode stored = ((ObjectNode) node).deepCopy();
				ConsulJson.stamp(stored, (existing != null) ? existing.get("CreateIndex").asLong() : at, at);
				this.catalog.putNode(name, stored);
				this.catalog.changedAt(at);
				results.addObject().set("Node", stored.deepCopy());
				return null;
			}
			case "get" -> {
				if (existing == null) {
					return "node \"" + name + "\" doesn't exist";
				}
				results.addObject().set("Node", existing.deepCopy());
				return null;
			}
			case "delete", "delete-cas" -> {
				if (existing == null || (verb.equals("delete-cas") && modifyIndex(existing) != index)) {
					return verb.equals("delete") ? null : "failed to delete node \"" + name + "\", index is stale";
				}
				this.catalog.removeNode(name);
				return null;
			}
			default -> {
				return "unknown Node verb \"" + verb + "\"";
			}
		}
	}

	/** A node's service or check: the two have the same verbs. */
	private enum CatalogItem {

		SERVICE("service", "Service", "ID"), CHECK("check", "Check", "CheckID");

		final String noun;

		final String resultField;

		final String idField;

		CatalogItem(String noun, String resultField, String idField) {
			this.noun = noun;
			this.resultField = resultField;
			this.idField = idField;
		}

	}

	private Map<String, ObjectNode> items(CatalogItem item, String node) {
		return (item == CatalogItem.SERVICE) ? this.catalog.services(node) : this.catalog.checks(node);
	}

	private @Nullable String catalogItem(CatalogItem item, String node, JsonNode verbNode, JsonNode body,
			ArrayNode results) {
		String verb = verbNode.asString("");
		String id = body.path(item.idField).asString("");
		if (!this.catalog.hasNode(node)) {
			return "node \"" + node + "\" doesn't exist";
		}
		ObjectNode existing = items(item, node).get(id);
		long index = body.path("ModifyIndex").asLong(0);
		String what = item.noun + " \"" + id + "\"";
		switch (verb) {
			case "set", "cas" -> {
				if (verb.equals("cas") && (existing == null || modifyIndex(existing) != index)) {
					return "failed to set " + what + ", index is stale";
				}
				long at = this.raft.next();
				ObjectNode stored = ((ObjectNode) body).deepCopy();
				ConsulJson.stamp(stored, (existing != null) ? existing.get("CreateIndex").asLong() : at, at);
				items(item, node).put(id, stored);
				this.catalog.changedAt(at);
				results.addObject().set(item.resultField, stored.deepCopy());
				return null;
			}
			case "get" -> {
				if (existing == null) {
					return what + " doesn't exist";
				}
				results.addObject().set(item.resultField, existing.deepCopy());
				return null;
			}
			case "delete", "delete-cas" -> {
				if (existing == null) {
					return verb.equals("delete") ? null : what + " doesn't exist";
				}
				if (verb.equals("delete-cas") && modifyIndex(existing) != index) {
					return "failed to delete " + what + ", index is stale";
				}
				items(item, node).remove(id);
				this.catalog.changedAt(this.raft.next());
				return null;
			}
			default -> {
				return "unknown " + item.resultField + " verb \"" + verb + "\"";
			}
		}
	}

	private static long modifyIndex(ObjectNode stored) {
		return stored.get("ModifyIndex").asLong();
	}

}
