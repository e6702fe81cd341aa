package io.cairn.testkit.consul;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/acl}: bootstrap, replication status, tokens, policies and roles, login and
 * logout, with one ACL index; its parts are the legacy API ({@link AclLegacy}), auth
 * methods and binding rules ({@link AclAuthMethods}) and templated policies
 * ({@link AclTemplatedPolicies}). Rules are stored, not evaluated: any known token may do
 * anything.
 */
final class AclArea {

	static final String GLOBAL_MANAGEMENT_ID = "00000000-0000-0000-0000-000000000001";

	private final RaftLog raft;

	private final ConsulSimulator.Settings settings;

	private final Map<String, ObjectNode> tokens = new LinkedHashMap<>();

	private final Map<String, ObjectNode> policies = new LinkedHashMap<>();

	private final Map<String, ObjectNode> roles = new LinkedHashMap<>();

	final AclLegacy legacy;

	final AclAuthMethods authMethods;

	final AclTemplatedPolicies templatedPolicies = new AclTemplatedPolicies();

	private boolean bootstrapped;

	private long aclIndex;

	AclArea(RaftLog raft, ConsulSimulator.Settings settings) {
		this.raft = raft;
		this.settings = settings;
		this.legacy = new AclLegacy(raft, this);
		this.authMethods = new AclAuthMethods(this);
	}

	/** Forget every token; with an initial management token, create it and its policy. */
	void reset(long start) {
		this.tokens.clear();
		this.policies.clear();
		this.roles.clear();
		this.legacy.reset();
		this.authMethods.reset();
		this.aclIndex = start;
		this.bootstrapped = false;
		if (this.settings.managementToken() != null) {
			ObjectNode management = token(UUID.randomUUID().toString(), this.settings.managementToken(),
					"Initial Management Token");
			linkGlobalManagement(management);
			this.tokens.put(management.get("AccessorID").asString(), management);
			ObjectNode globalManagement = JSON.createObjectNode();
			globalManagement.put("ID", GLOBAL_MANAGEMENT_ID);
			globalManagement.put("Name", "global-management");
			globalManagement.put("Description", "Builtin Policy that grants unlimited access");
			globalManagement.put("Rules", "acl = \"write\"");
			ConsulJson.stamp(globalManagement, start, start);
			this.policies.put(GLOBAL_MANAGEMENT_ID, globalManagement);
			this.bootstrapped = true;
		}
	}

	/** The ACL index: every ACL write moves it, and ACL reads block on it. */
	long index() {
		return this.aclIndex;
	}

	/** An ACL write at a new index. */
	long write() {
		this.aclIndex = this.raft.next();
		this.raft.changed();
		return this.aclIndex;
	}

	/** Whether the secret belongs to a known token (new or legacy). */
	boolean knownToken(String secret) {
		return tokenBySecret(secret) != null || this.legacy.knows(secret);
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

	/** Remove the tokens an auth method's logins created. */
	void removeTokensOf(String authMethod) {
		this.tokens.values().removeIf((t) -> authMethod.equals(t.path("AuthMethod").asString("")));
	}

	/** {@code PUT /v1/acl/bootstrap}: the first management token, once. */
	ApiResponse bootstrap(ApiRequest r) {
		if (this.bootstrapped) {
			return ApiResponse.text(403,
					"Permission denied: ACL bootstrap no longer allowed (reset index: " + this.aclIndex + ")");
		}
		JsonNode body = ConsulJson.body(r);
		String secret = body.path("BootstrapSecret").asString(UUID.randomUUID().toString());
		ObjectNode token = token(UUID.randomUUID().toString(), secret, "Bootstrap Token (Global Management)");
		linkGlobalManagement(token);
		this.tokens.put(token.get("AccessorID").asString(), token);
		this.bootstrapped = true;
		this.raft.changed();
		return ApiResponse.json(token.deepCopy());
	}

	private static void linkGlobalManagement(ObjectNode token) {
		token.putArray("Policies").addObject().put("ID", GLOBAL_MANAGEMENT_ID).put("Name", "global-management");
	}

	/** {@code GET /v1/acl/replication}: off, there is one datacenter. */
	ApiResponse replication() {
		return ApiResponse.json(JSON.createObjectNode()
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
	}

	/** {@code POST /v1/acl/login}: refused, logins are not simulated. */
	ApiResponse login() {
		return ApiResponse.text(403, "ACL not found: auth method not found (simulated)");
	}

	/** {@code POST /v1/acl/logout}: the request's token goes, if a login made it. */
	ApiResponse logout(ApiRequest r) {
		ObjectNode token = tokenBySecret(r.token);
		if (token == null || !token.hasNonNull("AuthMethod")) {
			return ApiResponse.text(403, "Permission denied: token wasn't created via login");
		}
		this.tokens.remove(token.get("AccessorID").asString());
		return ApiResponse.ok();
	}

	/** A list read of one store, blocking on the ACL index. */
	ApiResponse list(ApiRequest r, Map<String, ObjectNode> store, Function<ObjectNode, ObjectNode> view)
			throws InterruptedException {
		return this.raft.blocking(r, () -> {
			ArrayNode list = JSON.createArrayNode();
			store.values().forEach((item) -> list.add(view.apply(item)));
			return ApiResponse.read(list, this.aclIndex);
		});
	}

	/**
	 * A single read, blocking on the ACL index; 404 {@code ACL not found} when absent.
	 */
	ApiResponse read(ApiRequest r, Supplier<@Nullable ObjectNode> find) throws InterruptedException {
		return this.raft.blocking(r, () -> {
			ObjectNode found = find.get();
			return (found == null) ? ApiResponse.text(404, "ACL not found").withIndex(this.aclIndex)
					: ApiResponse.read(found.deepCopy(), this.aclIndex);
		});
	}

	// ---------------------------------------------------------------- tokens

	private ObjectNode token(String accessor, String secret, String description) {
		ObjectNode token = JSON.createObjectNode();
		token.put("AccessorID", accessor);
		token.put("SecretID", secret);
		token.put("Description", description);
		token.putArray("Policies");
		token.put("Local", false);
		token.put("CreateTime", OffsetDateTime.now().toString());
		token.put("Hash", Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
		long at = this.raft.next();
		ConsulJson.stamp(token, at, at);
		this.aclIndex = at;
		return token;
	}

	/** {@code GET /v1/acl/tokens}, of one {@code ?policy} or all, secrets hidden. */
	ApiResponse listTokens(ApiRequest r) throws InterruptedException {
		String policy = r.param("policy");
		return this.raft.blocking(r, () -> {
			ArrayNode list = JSON.createArrayNode();
			this.tokens.values().forEach((t) -> {
				if (policy == null || t.path("Policies").toString().contains(policy)) {
					ObjectNode copy = t.deepCopy();
					copy.put("SecretID", "<hidden>");
					list.add(copy);
				}
			});
			return ApiResponse.read(list, this.aclIndex);
		});
	}

	/** {@code GET /v1/acl/token/self}: the request's own token. */
	ApiResponse tokenSelf(ApiRequest r) {
		ObjectNode token = tokenBySecret(r.token);
		return (token == null) ? ApiResponse.text(403, "ACL not found")
				: ApiResponse.read(token.deepCopy(), this.aclIndex);
	}

	/** {@code GET /v1/acl/token/:accessor}. */
	ApiResponse readToken(ApiRequest r, String id) throws InterruptedException {
		return read(r, () -> this.tokens.get(id));
	}

	/** {@code DELETE /v1/acl/token/:accessor}. */
	ApiResponse deleteToken(String id) {
		this.tokens.remove(id);
		write();
		return ApiResponse.bool(true);
	}

	/** {@code PUT /v1/acl/token}. */
	ApiResponse createToken(ApiRequest r) {
		JsonNode body = JSON.readTree(r.body);
		String accessor = body.path("AccessorID").asString("");
		ObjectNode token = token(accessor.isEmpty() ? UUID.randomUUID().toString() : accessor,
				body.path("SecretID").asString(UUID.randomUUID().toString()), body.path("Description").asString(""));
		copyLinks(body, token);
		this.tokens.put(token.get("AccessorID").asString(), token);
		this.raft.changed();
		return ApiResponse.json(token.deepCopy());
	}

	/** {@code PUT /v1/acl/token/:accessor/clone}: a new token with the same links. */
	ApiResponse cloneToken(ApiRequest r, String id) {
		ObjectNode existing = this.tokens.get(id);
		if (existing == null) {
			return ApiResponse.text(400, "Cannot find token " + id);
		}
		JsonNode body = ConsulJson.body(r);
		ObjectNode copy = token(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
				body.path("Description").asString(existing.path("Description").asString("")));
		copy.set("Policies", existing.get("Policies").deepCopy());
		if (existing.has("Roles")) {
			copy.set("Roles", existing.get("Roles").deepCopy());
		}
		this.tokens.put(copy.get("AccessorID").asString(), copy);
		this.raft.changed();
		return ApiResponse.json(copy.deepCopy());
	}

	/** {@code PUT /v1/acl/token/:accessor}. */
	ApiResponse updateToken(ApiRequest r, String id) {
		ObjectNode existing = this.tokens.get(id);
		if (existing == null) {
			return ApiResponse.text(400, "Cannot find token " + id);
		}
		JsonNode body = ConsulJson.body(r);
		existing.put("Description", body.path("Description").asString(existing.path("Description").asString("")));
		copyLinks(body, existing);
		existing.put("ModifyIndex", write());
		return ApiResponse.json(existing.deepCopy());
	}

	/** Copy a token's policy and role links, naming them by ID as Consul does. */
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

	// ---------------------------------------------------------------- policies and roles

	/** {@code PUT /v1/acl/policy}. */
	ApiResponse createPolicy(ApiRequest r) {
		return createObject(r, this.policies, "policy");
	}

	/** {@code GET /v1/acl/policy/name/:name}. */
	ApiResponse policyByName(ApiRequest r, String name) throws InterruptedException {
		return readByName(r, this.policies, name);
	}

	/** {@code GET /v1/acl/policy/:id}. */
	ApiResponse readPolicy(ApiRequest r, String id) throws InterruptedException {
		return read(r, () -> this.policies.get(id));
	}

	/** {@code PUT /v1/acl/policy/:id}. */
	ApiResponse updatePolicy(ApiRequest r, String id) {
		return updateObject(r, this.policies, "policy", id);
	}

	/** {@code DELETE /v1/acl/policy/:id}. */
	ApiResponse deletePolicy(String id) {
		return deleteObject(this.policies, id);
	}

	/** {@code GET /v1/acl/policies}, without their rules. */
	ApiResponse listPolicies(ApiRequest r) throws InterruptedException {
		return list(r, this.policies, (p) -> p.deepCopy().without("Rules"));
	}

	/** {@code PUT /v1/acl/role}. */
	ApiResponse createRole(ApiRequest r) {
		return createObject(r, this.roles, "role");
	}

	/** {@code GET /v1/acl/role/name/:name}. */
	ApiResponse roleByName(ApiRequest r, String name) throws InterruptedException {
		return readByName(r, this.roles, name);
	}

	/** {@code GET /v1/acl/role/:id}. */
	ApiResponse readRole(ApiRequest r, String id) throws InterruptedException {
		return read(r, () -> this.roles.get(id));
	}

	/** {@code PUT /v1/acl/role/:id}. */
	ApiResponse updateRole(ApiRequest r, String id) {
		return updateObject(r, this.roles, "role", id);
	}

	/** {@code DELETE /v1/acl/role/:id}. */
	ApiResponse deleteRole(String id) {
		return deleteObject(this.roles, id);
	}

	/** {@code GET /v1/acl/roles}. */
	ApiResponse listRoles(ApiRequest r) throws InterruptedException {
		return list(r, this.roles, ObjectNode::deepCopy);
	}

	private ApiResponse readByName(ApiRequest r, Map<String, ObjectNode> store, String name)
			throws InterruptedException {
		return read(r,
				() -> store.values()
					.stream()
					.filter((p) -> p.get("Name").asString().equals(name))
					.findFirst()
					.orElse(null));
	}

	private ApiResponse deleteObject(Map<String, ObjectNode> store, String id) {
		store.remove(id);
		write();
		return ApiResponse.bool(true);
	}

	private ApiResponse createObject(ApiRequest r, Map<String, ObjectNode> store, String kind) {
		JsonNode body = JSON.readTree(r.body);
		String name = (body != null) ? body.path("Name").asString("") : "";
		if (name.isEmpty()) {
			return ApiResponse.bad("Invalid " + kind + ": no name set");
		}
		for (ObjectNode existing : store.values()) {
			if (existing.get("Name").asString().equals(name)) {
				return ApiResponse
					.bad("Invalid " + kind + ": A " + kind + " with name \"" + name + "\" already exists");
			}
		}
		ObjectNode created = ((ObjectNode) body).deepCopy();
		created.put("ID", UUID.randomUUID().toString());
		created.put("Hash", Integer.toHexString(created.toString().hashCode()));
		long at = write();
		ConsulJson.stamp(created, at, at);
		store.put(created.get("ID").asString(), created);
		return ApiResponse.json(created.deepCopy());
	}

	private ApiResponse updateObject(ApiRequest r, Map<String, ObjectNode> store, String kind, String id) {
		ObjectNode existing = store.get(id);
		if (existing == null) {
			return ApiResponse.bad("Cannot find " + kind + " " + id);
		}
		ObjectNode updated = ((ObjectNode) JSON.readTree(r.body)).deepCopy();
		updated.put("ID", id);
		long at = write();
		ConsulJson.stamp(updated, existing.get("CreateIndex").asLong(), at);
		store.put(id, updated);
		return ApiResponse.json(updated.deepCopy());
	}

}
