package io.cairn.testkit.consul;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * The legacy ACL endpoints of Consul before 1.11 ({@code /v1/acl/create}, {@code update},
 * {@code destroy}, {@code info}, {@code clone}, {@code list}), routed only when the
 * simulator is built with {@code legacyAcl(true)}; they share the ACL index.
 */
final class AclLegacy {

	private final RaftLog raft;

	private final AclArea acl;

	private final Map<String, ObjectNode> acls = new LinkedHashMap<>();

	AclLegacy(RaftLog raft, AclArea acl) {
		this.raft = raft;
		this.acl = acl;
	}

	void reset() {
		this.acls.clear();
	}

	boolean knows(String secret) {
		return this.acls.containsKey(secret);
	}

	/** {@code PUT /v1/acl/create}. */
	ApiResponse create(ApiRequest r) {
		return createOrUpdate(r, false);
	}

	/** {@code PUT /v1/acl/update}. */
	ApiResponse update(ApiRequest r) {
		return createOrUpdate(r, true);
	}

	/** {@code PUT /v1/acl/destroy/:id}. */
	ApiResponse destroy(String id) {
		this.acls.remove(id);
		this.acl.write();
		return ApiResponse.bool(true);
	}

	/** {@code GET /v1/acl/info/:id}. */
	ApiResponse info(ApiRequest r, String id) throws InterruptedException {
		return this.raft.blocking(r, () -> {
			ArrayNode list = JSON.createArrayNode();
			ObjectNode found = this.acls.get(id);
			if (found != null) {
				list.add(found.deepCopy());
			}
			return ApiResponse.read(list, this.acl.index());
		});
	}

	/** {@code GET /v1/acl/list}. */
	ApiResponse list(ApiRequest r) throws InterruptedException {
		return this.raft.blocking(r, () -> {
			ArrayNode list = JSON.createArrayNode();
			this.acls.values().forEach((a) -> list.add(a.deepCopy()));
			return ApiResponse.read(list, this.acl.index());
		});
	}

	private ApiResponse createOrUpdate(ApiRequest r, boolean update) {
		JsonNode body = JSON.readTree(r.body);
		String aclId = body.path("ID").asString("");
		if (update && !this.acls.containsKey(aclId)) {
			return ApiResponse.bad("ACL ID must be set");
		}
		if (aclId.isEmpty()) {
			aclId = UUID.randomUUID().toString();
		}
		ObjectNode stored = JSON.createObjectNode();
		stored.put("ID", aclId);
		stored.put("Name", body.path("Name").asString(""));
		stored.put("Type", body.path("Type").asString("client"));
		stored.put("Rules", body.path("Rules").asString(""));
		ObjectNode existing = this.acls.get(aclId);
		long at = this.acl.write();
		ConsulJson.stamp(stored, (existing != null) ? existing.get("CreateIndex").asLong() : at, at);
		this.acls.put(aclId, stored);
		return ApiResponse.json(JSON.createObjectNode().put("ID", aclId));
	}

	/** {@code PUT /v1/acl/clone/:id}. */
	ApiResponse cloneAcl(String id) {
		ObjectNode existing = this.acls.get(id);
		if (existing == null) {
			return ApiResponse.text(403, "ACL not found");
		}
		ObjectNode copy = existing.deepCopy();
		String newId = UUID.randomUUID().toString();
		copy.put("ID", newId);
		long at = this.acl.write();
		ConsulJson.stamp(copy, at, at);
		this.acls.put(newId, copy);
		return ApiResponse.json(JSON.createObjectNode().put("ID", newId));
	}

}
