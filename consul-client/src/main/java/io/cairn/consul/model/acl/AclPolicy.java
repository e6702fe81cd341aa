package io.cairn.consul.model.acl;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * An ACL policy.
 *
 * @param id the ID ({@code null} when creating)
 * @param name the name
 * @param description a description
 * @param rules the rules (HCL or JSON)
 * @param datacenters where it applies, {@code null} for everywhere
 * @param hash its hash
 * @param createIndex the creation index
 * @param modifyIndex the last modification index
 */
public record AclPolicy(@JsonProperty("ID") @Nullable String id, String name, @Nullable String description,
		@Nullable String rules, @Nullable List<String> datacenters, @Nullable String hash, long createIndex,
		long modifyIndex) {

	/**
	 * A new policy.
	 * @param name the name
	 * @param rules the rules
	 * @return the policy to create
	 */
	public static AclPolicy of(String name, String rules) {
		return new AclPolicy(null, name, null, rules, null, null, 0, 0);
	}

}
