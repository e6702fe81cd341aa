package io.cairn.testkit.consul;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.cairn.duration.GoDuration;

import static io.cairn.testkit.consul.SimJson.JSON;

/**
 * ACL auth methods ({@code /v1/acl/auth-method}, by name) and their binding rules
 * ({@code /v1/acl/binding-rule}, by ID), as the Consul API documents them: a method's
 * name and type are required and immutable, a rule names an existing method, a bind type
 * and a bind name; deleting a method deletes its rules and the tokens its logins made.
 * Logins themselves are not simulated.
 */
final class AclAuthMethods {

	private static final Set<String> TYPES = Set.of("kubernetes", "jwt", "oidc", "aws-iam");

	private static final Set<String> LOCALITIES = Set.of("", "local", "global");

	private static final Set<String> BIND_TYPES = Set.of("service", "node", "role", "policy", "templated-policy");

	private final RaftLog raft;

	private final AclArea acl;

	private final Map<String, ObjectNode> methods = new LinkedHashMap<>();

	private final Map<String, ObjectNode> rules = new LinkedHashMap<>();

	AclAuthMethods(RaftLog raft, AclArea acl) {
		this.raft = raft;
		this.acl = acl;
	}

	void reset() {
		this.methods.clear();
		this.rules.clear();
	}

	SimResponse handle(SimRequest r, String what) throws InterruptedException {
		String id = r.rest(2);
		return switch (what) {
			case "auth-method" -> id.isEmpty() ? createMethod(r) : method(r, id);
			case "auth-methods" -> this.acl.list(r, this.methods, (m) -> m.deepCopy().without("Config"));
			case "binding-rule" -> id.isEmpty() ? createRule(r) : rule(r, id);
			default -> {
				String method = r.param("authmethod");
				Map<String, ObjectNode> selected = new LinkedHashMap<>(this.rules);
				if (method != null && !method.isEmpty()) {
					selected.values().removeIf((rule) -> !rule.path("AuthMethod").asString("").equals(method));
				}
				yield this.acl.list(r, selected, ObjectNode::deepCopy);
			}
		};
	}

	// ---------------------------------------------------------------- auth methods

	private SimResponse createMethod(SimRequest r) {
		if (!r.method.equals("PUT")) {
			return SimResponse.notAllowed(r);
		}
		JsonNode body = SimJson.body(r);
		String name = body.path("Name").asString("");
		if (this.methods.containsKey(name)) {
			return SimResponse.bad("Invalid Auth Method: existing auth method with name \"" + name + "\"");
		}
		SimResponse invalid = invalidMethod(body, name);
		if (invalid != null) {
			return invalid;
		}
		ObjectNode created = ((ObjectNode) body).deepCopy();
		long at = this.acl.write();
		SimJson.stamp(created, at, at);
		this.methods.put(name, created);
		return SimResponse.json(created.deepCopy());
	}

	private static @org.jspecify.annotations.Nullable SimResponse invalidMethod(JsonNode body, String name) {
		if (!body.isObject()) {
			return SimResponse.bad("Request decode failed: expected an auth method object");
		}
		if (name.isEmpty()) {
			return SimResponse.bad("Invalid Auth Method: no Name is set");
		}
		if (!name.matches("[A-Za-z0-9_-]+")) {
			return SimResponse
				.bad("Invalid Auth Method: Name can only contain alphanumeric characters, dashes and underscores");
		}
		String type = body.path("Type").asString("");
		if (!TYPES.contains(type)) {
			return SimResponse.bad("Invalid Auth Method: Type should be one of: " + TYPES);
		}
		if (!LOCALITIES.contains(body.path("TokenLocality").asString(""))) {
			return SimResponse.bad("Invalid Auth Method: TokenLocality should be one of 'local' or 'global'");
		}
		String ttl = body.path("MaxTokenTTL").asString("");
		if (!ttl.isEmpty()) {
			try {
				GoDuration.parse(ttl);
			}
			catch (IllegalArgumentException ex) {
				return SimResponse.badDuration(ttl);
			}
		}
		return null;
	}

	private SimResponse method(SimRequest r, String name) throws InterruptedException {
		return switch (r.method) {
			case "GET" -> this.acl.read(r, () -> this.methods.get(name));
			case "PUT" -> updateMethod(r, name);
			case "DELETE" -> {
				if (this.methods.remove(name) != null) {
					this.rules.values().removeIf((rule) -> rule.path("AuthMethod").asString("").equals(name));
					this.acl.removeTokensOf(name);
				}
				this.acl.write();
				yield SimResponse.bool(true);
			}
			default -> SimResponse.notAllowed(r);
		};
	}

	private SimResponse updateMethod(SimRequest r, String name) {
		ObjectNode existing = this.methods.get(name);
		if (existing == null) {
			return SimResponse.bad("Cannot find auth method to update: \"" + name + "\"");
		}
		JsonNode body = SimJson.body(r);
		String bodyName = body.path("Name").asString("");
		if (!bodyName.isEmpty() && !bodyName.equals(name)) {
			return SimResponse.bad("Auth Method name in URL and payload do not match");
		}
		ObjectNode updated = body.isObject() ? ((ObjectNode) body).deepCopy() : JSON.createObjectNode();
		updated.put("Name", name);
		if (!updated.hasNonNull("Type")) {
			updated.put("Type", existing.get("Type").asString());
		}
		if (!updated.get("Type").asString().equals(existing.get("Type").asString())) {
			return SimResponse.bad("Invalid Auth Method: cannot change Type");
		}
		SimResponse invalid = invalidMethod(updated, name);
		if (invalid != null) {
			return invalid;
		}
		long at = this.acl.write();
		SimJson.stamp(updated, existing.get("CreateIndex").asLong(), at);
		this.methods.put(name, updated);
		return SimResponse.json(updated.deepCopy());
	}

	// ---------------------------------------------------------------- binding rules

	private SimResponse createRule(SimRequest r) {
		if (!r.method.equals("PUT")) {
			return SimResponse.notAllowed(r);
		}
		JsonNode body = SimJson.body(r);
		if (body.hasNonNull("ID") && !body.get("ID").asString().isEmpty()) {
			return SimResponse.bad("Cannot specify an ID when creating a binding rule");
		}
		SimResponse invalid = invalidRule(body);
		if (invalid != null) {
			return invalid;
		}
		ObjectNode created = ((ObjectNode) body).deepCopy();
		created.put("ID", UUID.randomUUID().toString());
		long at = this.acl.write();
		SimJson.stamp(created, at, at);
		this.rules.put(created.get("ID").asString(), created);
		return SimResponse.json(created.deepCopy());
	}

	private @org.jspecify.annotations.Nullable SimResponse invalidRule(JsonNode body) {
		if (!body.isObject()) {
			return SimResponse.bad("Request decode failed: expected a binding rule object");
		}
		String method = body.path("AuthMethod").asString("");
		if (method.isEmpty()) {
			return SimResponse.bad("Invalid Binding Rule: no AuthMethod is set");
		}
		if (!this.methods.containsKey(method)) {
			return SimResponse.bad("Invalid Binding Rule: unknown AuthMethod \"" + method + "\"");
		}
		if (!BIND_TYPES.contains(body.path("BindType").asString(""))) {
			return SimResponse.bad("Invalid Binding Rule: unknown BindType \"" + body.path("BindType").asString("")
					+ "\", should be one of " + BIND_TYPES);
		}
		if (body.path("BindName").asString("").isEmpty()) {
			return SimResponse.bad("Invalid Binding Rule: no BindName is set");
		}
		return null;
	}

	private SimResponse rule(SimRequest r, String id) throws InterruptedException {
		return switch (r.method) {
			case "GET" -> this.acl.read(r, () -> this.rules.get(id));
			case "PUT" -> updateRule(r, id);
			case "DELETE" -> {
				this.rules.remove(id);
				this.acl.write();
				yield SimResponse.bool(true);
			}
			default -> SimResponse.notAllowed(r);
		};
	}

	private SimResponse updateRule(SimRequest r, String id) {
		ObjectNode existing = this.rules.get(id);
		if (existing == null) {
			return SimResponse.bad("Cannot find binding rule to update: \"" + id + "\"");
		}
		JsonNode body = SimJson.body(r);
		ObjectNode updated = body.isObject() ? ((ObjectNode) body).deepCopy() : JSON.createObjectNode();
		updated.put("ID", id);
		if (!updated.hasNonNull("AuthMethod")) {
			updated.put("AuthMethod", existing.get("AuthMethod").asString());
		}
		if (!updated.get("AuthMethod").asString().equals(existing.get("AuthMethod").asString())) {
			return SimResponse.bad("Invalid Binding Rule: cannot change AuthMethod");
		}
		SimResponse invalid = invalidRule(updated);
		if (invalid != null) {
			return invalid;
		}
		long at = this.acl.write();
		SimJson.stamp(updated, existing.get("CreateIndex").asLong(), at);
		this.rules.put(id, updated);
		return SimResponse.json(updated.deepCopy());
	}

}
