package io.cairn.consul.model.acl;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * An ACL role: a named set of policies and identities.
 *
 * @param id the ID ({@code null} when creating)
 * @param name the name
 * @param description a description
 * @param policies linked policies
 * @param serviceIdentities service identities
 * @param nodeIdentities node identities
 * @param hash its hash
 * @param createIndex the creation index
 * @param modifyIndex the last modification index
 */
public record AclRole(@JsonProperty("ID") @Nullable String id, String name, @Nullable String description,
		@Nullable List<AclLink> policies, @Nullable List<ServiceIdentity> serviceIdentities,
		@Nullable List<NodeIdentity> nodeIdentities, @Nullable String hash, long createIndex, long modifyIndex) {

	/**
	 * A new role.
	 * @param name the name
	 * @param policies the policies
	 * @return the role to create
	 */
	public static AclRole of(String name, AclLink... policies) {
		return new AclRole(null, name, null, List.of(policies), null, null, null, 0, 0);
	}

}
