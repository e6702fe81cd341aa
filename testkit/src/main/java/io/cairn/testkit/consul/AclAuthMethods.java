package io.cairn.testkit.consul;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.cairn.duration.GoDuration;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * ACL auth methods ({@code /v1/acl/auth-method}, by name) and their binding rules
 * ({@code /v1/acl/binding-rule}, by ID), as the Consul API documents them: a method's
 * name and type are required and immutable, a rule names an existing method, a bind type
 * and a bind name; deleting a method deletes its rules and the tokens its logins made.
 * Logins themselves are not simulated.
 */
final class AclAuthMethods {

	// Lists: their order is the error messages', the same on every run (a Set.of's is
	// not).
	private static final List<String> TYPES = List.of("kubernetes", "jwt", "oidc", "aws-iam");

	private static final Set<String> LOCALITIES = Set.of("", "local", "global");

	private static final List<String> BIND_TYPES = List.of("service", "node", "role", "policy", "templated-policy");

	private final AclArea acl;

	private final Map<String, ObjectNode> methods = new LinkedHashMap<>();

	private final Map<String, ObjectNode> rules = new LinkedHashMap<>();

	AclAuthMethods(AclArea acl) {
		this.acl = acl;
	}

	void reset() {
		this.methods.clear();
		this.rules.clear();
	}

	// ---------------------------------------------------------------- auth methods

	/** {@code GET /v1/acl/auth-methods}, without their configurations. */
	ApiResponse listMethods(ApiRequest r) throws InterruptedException {
		return this.acl.list(r, this.methods, (m) -> m.deepCopy().without("Config"));
	}

	/** {@code PUT /v1/acl/auth-method}. */
	ApiResponse createMethod(ApiRequest r) {
		JsonNode body = ConsulJson.body(r);
		String name = body.path("Name").asString("");
		if (this.methods.containsKey(name)) {
			return ApiResponse.bad("Invalid Auth Method: existing auth method with name \"" + name + "\"");
		}
		ApiResponse invalid = invalidMethod(body, name);
		if (invalid != null) {
			return invalid;
		}
		ObjectNode created = ((ObjectNode) body).deepCopy();
		long at = this.acl.write();
		ConsulJson.stamp(created, at, at);
		this.methods.put(name, created);
		return ApiResponse.json(created.deepCopy());
	}

	private static @Nullable ApiResponse invalidMethod(JsonNode body, String name) {
		if (!body.isObject()) {
			return ApiResponse.bad("Request decode failed: expected an auth method object");
		}
		if (name.isEmpty()) {
			return ApiResponse.bad("Invalid Auth Method: no Name is set");
		}
		if (!name.matches("[A-Za-z0-9_-]+")) {
			return ApiResponse
				.bad("Invalid Auth Method: Name can only contain alphanumeric characters, dashes and underscores");
		}
		String type = body.path("Type").asString("");
		if (!TYPES.contains(type)) {
			return ApiResponse.bad("Invalid Auth Method: Type should be one of: " + TYPES);
		}
		if (!LOCALITIES.contains(body.path("TokenLocality").asString(""))) {
			return ApiResponse.bad("Invalid Auth Method: TokenLocality should be one of 'local' or 'global'");
		}
		String ttl = body.path("MaxTokenTTL").asString("");
		if (!ttl.isEmpty()) {
			try {
				GoDuration.parse(ttl);
			}
			catch (IllegalArgumentException ex) {
				return ApiResponse.badDuration(ttl);
			}
		}
		return null;
	}

	/** {@code GET /v1/acl/auth-method/:name}. */
	ApiResponse readMethod(ApiRequest r, String name) throws InterruptedException {
		return this.acl.read(r, () -> this.methods.get(name));
	}

	/**
	 * {@code DELETE /v1/acl/auth-method/:name}, with its rules and its logins' tokens.
	 */
	ApiResponse deleteMethod(String name) {
		if (this.methods.remove(name) != null) {
			this.rules.values().removeIf((rule) -> rule.path("AuthMethod").asString("").equals(name));
			this.acl.removeTokensOf(name);
		}
		this.acl.write();
		return ApiResponse.bool(true);
	}

	/** {@code PUT /v1/acl/auth-method/:name}: its name and type stay. */
	ApiResponse updateMethod(ApiRequest r, String name) {
		ObjectNode existing = this.methods.get(name);
		if (existing == null) {
			return ApiResponse.bad("Cannot find auth method to update: \"" + name + "\"");
		}
		JsonNode body = ConsulJson.body(r);
		String bodyName = body.path("Name").asString("");
		if (!bodyName.isEmpty() && !bodyName.equals(name)) {
			return ApiResponse.bad("Auth Method name in URL and payload do not match");
		}
		ObjectNode updated = body.isObject() ? ((ObjectNode) body).deepCopy() : JSON.createObjectNode();
		updated.put("Name", name);
		if (!updated.hasNonNull("Type")) {
			updated.put("Type", existing.get("Type").asString());
		}
		if (!updated.get("Type").asString().equals(existing.get("Type").asString())) {
			return ApiResponse.bad("Invalid Auth Method: cannot change Type");
		}
		ApiResponse invalid = invalidMethod(updated, name);
		if (invalid != null) {
			return invalid;
		}
		long at = this.acl.write();
		ConsulJson.stamp(updated, existing.get("CreateIndex").asLong(), at);
		this.methods.put(name, updated);
		return ApiResponse.json(updated.deepCopy());
	}

	// ---------------------------------------------------------------- binding rules

	/** {@code GET /v1/acl/binding-rules}, of one {@code ?authmethod} or all. */
	ApiResponse listRules(ApiRequest r) throws InterruptedException {
		String method = r.param("authmethod");
		Map<String, ObjectNode> selected = new LinkedHashMap<>(this.rules);
		if (method != null && !method.isEmpty()) {
			selected.values().removeIf((rule) -> !rule.path("AuthMethod").asString("").equals(method));
		}
		return this.acl.list(r, selected, ObjectNode::deepCopy);
	}

	/** {@code PUT /v1/acl/binding-rule}. */
	ApiResponse createRule(ApiRequest r) {
		JsonNode body = ConsulJson.body(r);
		if (body.hasNonNull("ID") && !body.get("ID").asString().isEmpty()) {
			return ApiResponse.bad("Cannot specify an ID when creating a binding rule");
		}
		ApiResponse invalid = invalidRule(body);
		if (invalid != null) {
			return invalid;
		}
		ObjectNode created = ((ObjectNode) body).deepCopy();
		created.put("ID", UUID.randomUUID().toString());
		long at = this.acl.write();
		ConsulJson.stamp(created, at, at);
		this.rules.put(created.get("ID").asString(), created);
		return ApiResponse.json(created.deepCopy());
	}

	private @Nullable ApiResponse invalidRule(JsonNode body) {
		if (!body.isObject()) {
			return ApiResponse.bad("Request decode failed: expected a binding rule object");
		}
		String method = body.path("AuthMethod").asString("");
		if (method.isEmpty()) {
			return ApiResponse.bad("Invalid Binding Rule: no AuthMethod is set");
		}
		if (!this.methods.containsKey(method)) {
			return ApiResponse.bad("Invalid Binding Rule: unknown AuthMethod \"" + method + "\"");
		}
		if (!BIND_TYPES.contains(body.path("BindType").asString(""))) {
			return ApiResponse.bad("Invalid Binding Rule: unknown BindType \"" + body.path("BindType").asString("")
					+ "\", should be one of " + BIND_TYPES);
		}
		if (body.path("BindName").asString("").isEmpty()) {
			return ApiResponse.bad("Invalid Binding Rule: no BindName is set");
		}
		return null;
	}

	/** {@code GET /v1/acl/binding-rule/:id}. */
	ApiResponse readRule(ApiRequest r, String id) throws InterruptedException {
		return this.acl.read(r, () -> this.rules.get(id));
	}

	/** {@code DELETE /v1/acl/binding-rule/:id}. */
	ApiResponse deleteRule(String id) {
		this.rules.remove(id);
		this.acl.write();
		return ApiResponse.bool(true);
	}

	/** {@code PUT /v1/acl/binding-rule/:id}: its auth method stays. */
	ApiResponse updateRule(ApiRequest r, String id) {
		ObjectNode existing = this.rules.get(id);
		if (existing == null) {
			return ApiResponse.bad("Cannot find binding rule to update: \"" + id + "\"");
		}
		JsonNode body = ConsulJson.body(r);
		ObjectNode updated = body.isObject() ? ((ObjectNode) body).deepCopy() : JSON.createObjectNode();
		updated.put("ID", id);
		if (!updated.hasNonNull("AuthMethod")) {
			updated.put("AuthMethod", existing.get("AuthMethod").asString());
		}
		if (!updated.get("AuthMethod").asString().equals(existing.get("AuthMethod").asString())) {
			return ApiResponse.bad("Invalid Binding Rule: cannot change AuthMethod");
		}
		ApiResponse invalid = invalidRule(updated);
		if (invalid != null) {
			return invalid;
		}
		long at = this.acl.write();
		ConsulJson.stamp(updated, existing.get("CreateIndex").asLong(), at);
		this.rules.put(id, updated);
		return ApiResponse.json(updated.deepCopy());
	}

}
