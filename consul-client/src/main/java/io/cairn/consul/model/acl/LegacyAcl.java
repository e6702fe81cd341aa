package io.cairn.consul.model.acl;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A legacy ACL token (Consul before 1.11 only; the servers of 1.11+ no longer have these
 * endpoints).
 *
 * @param id the token ID (also its secret)
 * @param name the name
 * @param type {@code client} or {@code management}
 * @param rules the rules
 * @param createIndex the creation index
 * @param modifyIndex the last modification index
 */
public record LegacyAcl(@JsonProperty("ID") @Nullable String id, @Nullable String name, @Nullable String type,
		@Nullable String rules, long createIndex, long modifyIndex) {

	/**
	 * A new client token.
	 * @param name the name
	 * @param rules the rules
	 * @return the token to create
	 */
	public static LegacyAcl client(String name, String rules) {
		return new LegacyAcl(null, name, "client", rules, 0, 0);
	}

}
