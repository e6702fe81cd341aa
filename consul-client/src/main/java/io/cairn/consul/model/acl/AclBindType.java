package io.cairn.consul.model.acl;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a binding rule gives the token of a login.
 */
public enum AclBindType {

	/** A service identity named by the bind name. */
	@JsonProperty("service")
	SERVICE,

	/** A node identity named by the bind name. */
	@JsonProperty("node")
	NODE,

	/** The role named by the bind name. */
	@JsonProperty("role")
	ROLE,

	/** The policy named by the bind name (Consul 1.15+). */
	@JsonProperty("policy")
	POLICY,

	/** The templated policy named by the bind name, with the rule's bind vars (1.17+). */
	@JsonProperty("templated-policy")
	TEMPLATED_POLICY,

	/** A bind type this client does not know (a newer Consul). */
	@JsonEnumDefaultValue
	UNKNOWN

}
