package io.cairn.consul.model.acl;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * An ACL token, as written and as read. Leave fields {@code null} to let Consul choose.
 *
 * @param accessorId the public ID
 * @param secretId the secret (redacted as {@code <hidden>} for readers without
 * {@code acl:write})
 * @param description a description
 * @param policies linked policies
 * @param roles linked roles
 * @param serviceIdentities service identities
 * @param nodeIdentities node identities
 * @param local whether the token stays in its datacenter
 * @param expirationTime when it expires (RFC 3339)
 * @param expirationTtl a Go duration that sets the expiration time on creation
 * @param authMethod the auth method that created it
 * @param createTime when it was created
 * @param hash its hash
 * @param createIndex the creation index
 * @param modifyIndex the last modification index
 */
public record AclToken(@JsonProperty("AccessorID") @Nullable String accessorId,
		@JsonProperty("SecretID") @Nullable String secretId, @Nullable String description,
		@Nullable List<AclLink> policies, @Nullable List<AclLink> roles,
		@Nullable List<ServiceIdentity> serviceIdentities, @Nullable List<NodeIdentity> nodeIdentities,
		@Nullable Boolean local, @Nullable String expirationTime,
		@JsonProperty("ExpirationTTL") @Nullable String expirationTtl, @Nullable String authMethod,
		@Nullable String createTime, @Nullable String hash, long createIndex, long modifyIndex) {

	/**
	 * A new token with a description and policies.
	 * @param description the description
	 * @param policies the policies
	 * @return the token to create
	 */
	public static AclToken of(String description, AclLink... policies) {
		return new AclToken(null, null, description, List.of(policies), null, null, null, null, null, null, null, null,
				null, 0, 0);
	}

}
