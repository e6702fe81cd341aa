package io.cairn.consul.model.acl;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A link to a policy or role, by ID and/or name.
 *
 * @param id the ID
 * @param name the name
 */
public record AclLink(@JsonProperty("ID") @Nullable String id, @Nullable String name) {

	/**
	 * A link by name.
	 * @param name the policy or role name
	 * @return the link
	 */
	public static AclLink named(String name) {
		return new AclLink(null, name);
	}

}
