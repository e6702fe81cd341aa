package io.cairn.consul.model.acl;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * An ACL binding rule ({@code /acl/binding-rule}, Consul 1.5+): which identities an auth
 * method's logins get.
 *
 * @param id the ID ({@code null} when creating)
 * @param description a description
 * @param authMethod the auth method's name (cannot change)
 * @param selector the filter expression over the login's verified claims, empty for every
 * login
 * @param bindType what the token gets
 * @param bindName the name of what it gets; may use {@code ${var}} interpolation
 * @param bindVars the variables of a {@link AclBindType#TEMPLATED_POLICY}, or
 * {@code null}
 * @param createIndex the creation index
 * @param modifyIndex the last modification index
 */
public record AclBindingRule(@JsonProperty("ID") @Nullable String id, @Nullable String description, String authMethod,
		@Nullable String selector, AclBindType bindType, String bindName, @Nullable Map<String, Object> bindVars,
		long createIndex, long modifyIndex) {

	/**
	 * A new binding rule.
	 * @param authMethod the auth method's name
	 * @param selector the selector, or {@code null} for every login
	 * @param bindType what the token gets
	 * @param bindName the name of what it gets
	 * @return the binding rule to create
	 */
	public static AclBindingRule of(String authMethod, @Nullable String selector, AclBindType bindType,
			String bindName) {
		return new AclBindingRule(null, null, authMethod, selector, bindType, bindName, null, 0, 0);
	}

}
