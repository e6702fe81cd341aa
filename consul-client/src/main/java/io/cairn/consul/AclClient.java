package io.cairn.consul;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Paths;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;
import io.cairn.consul.model.acl.AclAuthMethod;
import io.cairn.consul.model.acl.AclBindingRule;
import io.cairn.consul.model.acl.AclPolicy;
import io.cairn.consul.model.acl.AclReplication;
import io.cairn.consul.model.acl.AclRole;
import io.cairn.consul.model.acl.AclTemplatedPolicy;
import io.cairn.consul.model.acl.AclToken;
import io.cairn.consul.model.acl.LegacyAcl;

/**
 * The ACL system ({@code /v1/acl}): bootstrap, replication status, tokens, policies,
 * roles, auth methods and binding rules, templated policies, login/logout, and the legacy
 * token API of Consul before 1.11 (the {@code legacy...} methods).
 */
public final class AclClient {

	private static final ObjectReader TOKEN = Json.reader(AclToken.class);

	private static final ObjectReader TOKENS = Json.reader(new TypeReference<List<AclToken>>() {
	});

	private static final ObjectReader POLICY = Json.reader(AclPolicy.class);

	private static final ObjectReader POLICIES = Json.reader(new TypeReference<List<AclPolicy>>() {
	});

	private static final ObjectReader ROLE = Json.reader(AclRole.class);

	private static final ObjectReader ROLES = Json.reader(new TypeReference<List<AclRole>>() {
	});

	private static final ObjectReader REPLICATION = Json.reader(AclReplication.class);

	private static final ObjectReader LEGACY = Json.reader(new TypeReference<List<LegacyAcl>>() {
	});

	private static final ObjectReader AUTH_METHOD = Json.reader(AclAuthMethod.class);

	private static final ObjectReader AUTH_METHODS = Json.reader(new TypeReference<List<AclAuthMethod>>() {
	});

	private static final ObjectReader BINDING_RULE = Json.reader(AclBindingRule.class);

	private static final ObjectReader BINDING_RULES = Json.reader(new TypeReference<List<AclBindingRule>>() {
	});

	private static final ObjectReader TEMPLATED_POLICY = Json.reader(AclTemplatedPolicy.class);

	private static final ObjectReader TEMPLATED_POLICIES = Json
		.reader(new TypeReference<Map<String, AclTemplatedPolicy>>() {
		});

	private static final ObjectReader ID = Json.reader(new TypeReference<Map<String, String>>() {
	});

	private final Transport transport;

	AclClient(Transport transport) {
		this.transport = transport;
	}

	private <T> T write(Request request, @Nullable Object body, ObjectReader reader) {
		if (body != null) {
			request.body(Json.write(body), "application/json");
		}
		return this.transport.execute(request, Decoders.<T>json(reader)).value();
	}

	/**
	 * Bootstrap the ACL system, creating the first management token. A 403
	 * ({@link ConsulAclException}) means it was bootstrapped already.
	 * @param bootstrapSecret the secret to give the token, or {@code null} to let Consul
	 * pick
	 * @return the management token
	 */
	public AclToken bootstrap(@Nullable String bootstrapSecret) {
		return write(Request.put("/v1/acl/bootstrap", "acl/bootstrap"),
				(bootstrapSecret != null) ? Map.of("BootstrapSecret", bootstrapSecret) : null, TOKEN);
	}

	/**
	 * ACL replication status of a datacenter.
	 * @param options per-request options (datacenter)
	 * @return the status
	 */
	public ConsulResponse<AclReplication> replication(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/acl/replication", "acl/replication")
			.noConsistency()
			.notFoundIsEmpty(false)
			.options(options), Decoders.json(REPLICATION));
	}

	/**
	 * Create a token.
	 * @param token the token (leave IDs {@code null} to let Consul generate them)
	 * @return the created token
	 */
	public AclToken createToken(AclToken token) {
		return write(Request.put("/v1/acl/token", "acl/token"), token, TOKEN);
	}

	/**
	 * Read a token.
	 * @param accessorId the accessor ID
	 * @param expanded include the contents of its policies and roles
	 * @param options per-request options
	 * @return the token, empty when unknown
	 */
	public ConsulResponse<Optional<AclToken>> readToken(String accessorId, boolean expanded, QueryOptions options) {
		return this.transport.execute(Request.get("/v1/acl/token/{id}", "acl/token/" + Paths.segment(accessorId))
			.flag("expanded", expanded)
			.options(options), Decoders.optional(TOKEN));
	}

	/**
	 * The token of the request itself (the client's token or {@link QueryOptions#token}).
	 * @param options per-request options
	 * @return the token
	 */
	public ConsulResponse<AclToken> readSelfToken(QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/acl/token/self", "acl/token/self").notFoundIsEmpty(false).options(options),
				Decoders.json(TOKEN));
	}

	/**
	 * Update a token.
	 * @param token the token with its accessor ID
	 * @return the updated token
	 */
	public AclToken updateToken(AclToken token) {
		String accessorId = require(token.accessorId(), "accessor ID");
		return write(Request.put("/v1/acl/token/{id}", "acl/token/" + Paths.segment(accessorId)), token, TOKEN);
	}

	/**
	 * Clone a token (same policies and roles, new IDs).
	 * @param accessorId the accessor ID of the token to clone
	 * @param description the clone's description, or {@code null}
	 * @return the clone
	 */
	public AclToken cloneToken(String accessorId, @Nullable String description) {
		return write(Request.put("/v1/acl/token/{id}/clone", "acl/token/" + Paths.segment(accessorId) + "/clone"),
				(description != null) ? Map.of("Description", description) : Map.of(), TOKEN);
	}

	/**
	 * Delete a token.
	 * @param accessorId the accessor ID
	 * @return {@code true} when deleted
	 */
	public boolean deleteToken(String accessorId) {
		return this.transport
			.execute(Request.delete("/v1/acl/token/{id}", "acl/token/" + Paths.segment(accessorId)), Decoders.bool())
			.value();
	}

	/**
	 * List tokens, optionally only those linked to a policy, role, service or auth
	 * method.
	 * @param policy a policy ID, or {@code null}
	 * @param role a role ID, or {@code null}
	 * @param serviceName a service identity, or {@code null}
	 * @param authMethod an auth method, or {@code null}
	 * @param options per-request options
	 * @return the tokens (secrets redacted)
	 */
	public ConsulResponse<List<AclToken>> listTokens(@Nullable String policy, @Nullable String role,
			@Nullable String serviceName, @Nullable String authMethod, QueryOptions options) {
		return this.transport.execute(Request.get("/v1/acl/tokens", "acl/tokens")
			.param("policy", policy)
			.param("role", role)
			.param("servicename", serviceName)
			.param("authmethod", authMethod)
			.options(options), Decoders.list(TOKENS));
	}

	/**
	 * Create a policy.
	 * @param policy the policy
	 * @return the created policy
	 */
	public AclPolicy createPolicy(AclPolicy policy) {
		return write(Request.put("/v1/acl/policy", "acl/policy"), policy, POLICY);
	}

	/**
	 * Read a policy.
	 * @param id the policy ID
	 * @param options per-request options
	 * @return the policy, empty when unknown
	 */
	public ConsulResponse<Optional<AclPolicy>> readPolicy(String id, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/acl/policy/{id}", "acl/policy/" + Paths.segment(id)).options(options),
				Decoders.optional(POLICY));
	}

	/**
	 * Read a policy by name.
	 * @param name the policy name
	 * @param options per-request options
	 * @return the policy, empty when unknown
	 */
	public ConsulResponse<Optional<AclPolicy>> readPolicyByName(String name, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/acl/policy/name/{name}", "acl/policy/name/" + Paths.segment(name)).options(options),
				Decoders.optional(POLICY));
	}

	/**
	 * Update a policy.
	 * @param policy the policy with its ID
	 * @return the updated policy
	 */
	public AclPolicy updatePolicy(AclPolicy policy) {
		String id = require(policy.id(), "policy ID");
		return write(Request.put("/v1/acl/policy/{id}", "acl/policy/" + Paths.segment(id)), policy, POLICY);
	}

	/**
	 * Delete a policy.
	 * @param id the policy ID
	 * @return {@code true} when deleted
	 */
	public boolean deletePolicy(String id) {
		return this.transport
			.execute(Request.delete("/v1/acl/policy/{id}", "acl/policy/" + Paths.segment(id)), Decoders.bool())
			.value();
	}

	/**
	 * List policies.
	 * @param options per-request options
	 * @return the policies (without rules)
	 */
	public ConsulResponse<List<AclPolicy>> listPolicies(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/acl/policies", "acl/policies").options(options),
				Decoders.list(POLICIES));
	}

	/**
	 * Create a role.
	 * @param role the role
	 * @return the created role
	 */
	public AclRole createRole(AclRole role) {
		return write(Request.put("/v1/acl/role", "acl/role"), role, ROLE);
	}

	/**
	 * Read a role.
	 * @param id the role ID
	 * @param options per-request options
	 * @return the role, empty when unknown
	 */
	public ConsulResponse<Optional<AclRole>> readRole(String id, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/acl/role/{id}", "acl/role/" + Paths.segment(id)).options(options),
				Decoders.optional(ROLE));
	}

	/**
	 * Read a role by name.
	 * @param name the role name
	 * @param options per-request options
	 * @return the role, empty when unknown
	 */
	public ConsulResponse<Optional<AclRole>> readRoleByName(String name, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/acl/role/name/{name}", "acl/role/name/" + Paths.segment(name)).options(options),
				Decoders.optional(ROLE));
	}

	/**
	 * Update a role.
	 * @param role the role with its ID
	 * @return the updated role
	 */
	public AclRole updateRole(AclRole role) {
		String id = require(role.id(), "role ID");
		return write(Request.put("/v1/acl/role/{id}", "acl/role/" + Paths.segment(id)), role, ROLE);
	}

	/**
	 * Delete a role.
	 * @param id the role ID
	 * @return {@code true} when deleted
	 */
	public boolean deleteRole(String id) {
		return this.transport
			.execute(Request.delete("/v1/acl/role/{id}", "acl/role/" + Paths.segment(id)), Decoders.bool())
			.value();
	}

	/**
	 * List roles.
	 * @param options per-request options
	 * @return the roles
	 */
	public ConsulResponse<List<AclRole>> listRoles(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/acl/roles", "acl/roles").options(options), Decoders.list(ROLES));
	}

	/**
	 * Create an auth method (Consul 1.5+).
	 * @param method the auth method
	 * @return the created auth method
	 */
	public AclAuthMethod createAuthMethod(AclAuthMethod method) {
		return write(Request.put("/v1/acl/auth-method", "acl/auth-method"), method, AUTH_METHOD);
	}

	/**
	 * Read an auth method.
	 * @param name its name
	 * @param options per-request options
	 * @return the auth method, empty when unknown
	 */
	public ConsulResponse<Optional<AclAuthMethod>> readAuthMethod(String name, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/acl/auth-method/{name}", "acl/auth-method/" + Paths.segment(name)).options(options),
				Decoders.optional(AUTH_METHOD));
	}

	/**
	 * Update an auth method (its name and type cannot change).
	 * @param method the auth method
	 * @return the updated auth method
	 */
	public AclAuthMethod updateAuthMethod(AclAuthMethod method) {
		return write(Request.put("/v1/acl/auth-method/{name}", "acl/auth-method/" + Paths.segment(method.name())),
				method, AUTH_METHOD);
	}

	/**
	 * Delete an auth method, with its binding rules and the tokens its logins made.
	 * @param name its name
	 * @return {@code true} when deleted
	 */
	public boolean deleteAuthMethod(String name) {
		return this.transport
			.execute(Request.delete("/v1/acl/auth-method/{name}", "acl/auth-method/" + Paths.segment(name)),
					Decoders.bool())
			.value();
	}

	/**
	 * List the auth methods (without their {@code Config}).
	 * @param options per-request options
	 * @return the auth methods
	 */
	public ConsulResponse<List<AclAuthMethod>> listAuthMethods(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/acl/auth-methods", "acl/auth-methods").options(options),
				Decoders.list(AUTH_METHODS));
	}

	/**
	 * Create a binding rule (Consul 1.5+).
	 * @param rule the rule (its auth method must exist)
	 * @return the created rule, with its ID
	 */
	public AclBindingRule createBindingRule(AclBindingRule rule) {
		return write(Request.put("/v1/acl/binding-rule", "acl/binding-rule"), rule, BINDING_RULE);
	}

	/**
	 * Read a binding rule.
	 * @param id its ID
	 * @param options per-request options
	 * @return the rule, empty when unknown
	 */
	public ConsulResponse<Optional<AclBindingRule>> readBindingRule(String id, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/acl/binding-rule/{id}", "acl/binding-rule/" + Paths.segment(id)).options(options),
				Decoders.optional(BINDING_RULE));
	}

	/**
	 * Update a binding rule (its auth method cannot change).
	 * @param rule the rule with its ID
	 * @return the updated rule
	 */
	public AclBindingRule updateBindingRule(AclBindingRule rule) {
		String id = require(rule.id(), "binding rule ID");
		return write(Request.put("/v1/acl/binding-rule/{id}", "acl/binding-rule/" + Paths.segment(id)), rule,
				BINDING_RULE);
	}

	/**
	 * Delete a binding rule.
	 * @param id its ID
	 * @return {@code true} when deleted
	 */
	public boolean deleteBindingRule(String id) {
		return this.transport
			.execute(Request.delete("/v1/acl/binding-rule/{id}", "acl/binding-rule/" + Paths.segment(id)),
					Decoders.bool())
			.value();
	}

	/**
	 * List binding rules.
	 * @param authMethod only this auth method's, or {@code null} for all
	 * @param options per-request options
	 * @return the rules
	 */
	public ConsulResponse<List<AclBindingRule>> listBindingRules(@Nullable String authMethod, QueryOptions options) {
		return this.transport.execute(Request.get("/v1/acl/binding-rules", "acl/binding-rules")
			.param("authmethod", authMethod)
			.options(options), Decoders.list(BINDING_RULES));
	}

	/**
	 * The built-in templated policies (Consul 1.17+).
	 * @param options per-request options
	 * @return the templated policies by name
	 */
	public ConsulResponse<Map<String, AclTemplatedPolicy>> listTemplatedPolicies(QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/acl/templated-policies", "acl/templated-policies").noConsistency().options(options),
				Decoders.map(TEMPLATED_POLICIES));
	}

	/**
	 * Read a templated policy.
	 * @param name its name, for example {@code builtin/service}
	 * @param options per-request options
	 * @return the templated policy, empty when unknown
	 */
	public ConsulResponse<Optional<AclTemplatedPolicy>> readTemplatedPolicy(String name, QueryOptions options) {
		return this.transport.execute(Request
			.get("/v1/acl/templated-policy/name/{name}",
					"acl/templated-policy/name/" + Paths.key(require(name, "name")))
			.noConsistency()
			.options(options), Decoders.optional(TEMPLATED_POLICY));
	}

	/**
	 * The policy a templated policy renders with its variables.
	 * @param name the templated policy, for example {@code builtin/service}
	 * @param serviceOrNodeName the {@code Name} variable, or {@code null} for templates
	 * without variables
	 * @return the rendered (synthetic) policy
	 */
	public AclPolicy previewTemplatedPolicy(String name, @Nullable String serviceOrNodeName) {
		return write(
				Request.post("/v1/acl/templated-policy/preview/{name}",
						"acl/templated-policy/preview/" + Paths.key(require(name, "name"))),
				(serviceOrNodeName != null) ? Map.of("Name", serviceOrNodeName) : Map.of(), POLICY);
	}

	/**
	 * Exchange an auth method's bearer token for a Consul token.
	 * @param authMethod the auth method
	 * @param bearerToken the bearer token (for example a Kubernetes service account JWT)
	 * @return the new token
	 */
	public AclToken login(String authMethod, String bearerToken) {
		return write(Request.post("/v1/acl/login", "acl/login"),
				Map.of("AuthMethod", authMethod, "BearerToken", bearerToken), TOKEN);
	}

	/**
	 * Destroy the token of the request, created by {@link #login}.
	 * @param options per-request options (the token to destroy)
	 */
	public void logout(QueryOptions options) {
		this.transport.execute(Request.post("/v1/acl/logout", "acl/logout").options(options), Decoders.ignore());
	}

	/**
	 * Legacy (before Consul 1.11): create a token.
	 * @param acl the token
	 * @return the new token's ID
	 */
	public String legacyCreate(LegacyAcl acl) {
		return legacyId(write(Request.put("/v1/acl/create", "acl/create"), acl, ID));
	}

	/**
	 * Legacy (before Consul 1.11): update a token.
	 * @param acl the token with its ID
	 * @return the token's ID
	 */
	public String legacyUpdate(LegacyAcl acl) {
		require(acl.id(), "legacy ACL ID");
		return legacyId(write(Request.put("/v1/acl/update", "acl/update"), acl, ID));
	}

	/**
	 * Legacy (before Consul 1.11): destroy a token.
	 * @param id the token ID
	 * @return {@code true} when destroyed
	 */
	public boolean legacyDestroy(String id) {
		return this.transport
			.execute(Request.put("/v1/acl/destroy/{id}", "acl/destroy/" + Paths.segment(id)), Decoders.bool())
			.value();
	}

	/**
	 * Legacy (before Consul 1.11): read a token.
	 * @param id the token ID
	 * @param options per-request options
	 * @return the token, empty when unknown
	 */
	public ConsulResponse<Optional<LegacyAcl>> legacyInfo(String id, QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/acl/info/{id}", "acl/info/" + Paths.segment(id)).options(options),
				Decoders.first(LEGACY));
	}

	/**
	 * Legacy (before Consul 1.11): clone a token.
	 * @param id the token ID
	 * @return the clone's ID
	 */
	public String legacyClone(String id) {
		return legacyId(write(Request.put("/v1/acl/clone/{id}", "acl/clone/" + Paths.segment(id)), null, ID));
	}

	/**
	 * Legacy (before Consul 1.11): list tokens.
	 * @param options per-request options
	 * @return the tokens
	 */
	public ConsulResponse<List<LegacyAcl>> legacyList(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/acl/list", "acl/list").options(options), Decoders.list(LEGACY));
	}

	private static String legacyId(Map<String, String> answer) {
		String id = answer.get("ID");
		if (id == null) {
			throw new ConsulDecodeException(200, new byte[0], "/v1/acl", new IllegalArgumentException("no ID"));
		}
		return id;
	}

	private static String require(@Nullable String value, String what) {
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException("The " + what + " is required");
		}
		return value;
	}

}
