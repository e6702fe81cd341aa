package io.cairn.consul.model.acl;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * An ACL auth method ({@code /acl/auth-method}, Consul 1.5+): how logins of one kind
 * ({@code kubernetes}, {@code jwt}, {@code oidc}, {@code aws-iam}) are checked. The name
 * and type cannot change.
 *
 * @param name the name (letters, digits, {@code -} and {@code _})
 * @param type the type
 * @param displayName a name for UIs, or {@code null}
 * @param description a description
 * @param maxTokenTtl the longest life of a token it makes (a Go duration), or
 * {@code null}
 * @param tokenLocality {@code local} or {@code global} tokens
 * @param config the type's settings by Consul's names ({@code Host}, {@code CACert},
 * {@code JWKSURL}...); the list read leaves them out
 * @param createIndex the creation index
 * @param modifyIndex the last modification index
 */
public record AclAuthMethod(String name, String type, @Nullable String displayName, @Nullable String description,
		@JsonProperty("MaxTokenTTL") @Nullable String maxTokenTtl, @Nullable String tokenLocality,
		@Nullable Map<String, Object> config, long createIndex, long modifyIndex) {

	/**
	 * A new auth method.
	 * @param name the name
	 * @param type the type
	 * @param config the type's settings
	 * @return the auth method to create
	 */
	public static AclAuthMethod of(String name, String type, Map<String, Object> config) {
		return new AclAuthMethod(name, type, null, null, null, null, config, 0, 0);
	}

	/**
	 * This auth method with another description.
	 * @param description the description
	 * @return a changed copy
	 */
	public AclAuthMethod withDescription(String description) {
		return new AclAuthMethod(this.name, this.type, this.displayName, description, this.maxTokenTtl,
				this.tokenLocality, this.config, this.createIndex, this.modifyIndex);
	}

}
