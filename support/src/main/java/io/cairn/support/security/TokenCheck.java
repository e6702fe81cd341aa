package io.cairn.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.jspecify.annotations.Nullable;

/**
 * Compares a presented token with the configured one in constant time.
 */
public final class TokenCheck {

	private final byte @Nullable [] expected;

	/**
	 * Create a check for the configured properties.
	 * @param properties the security properties
	 */
	public TokenCheck(CairnSecurityProperties properties) {
		String token = properties.token();
		this.expected = (properties.tokenRequired() && token != null) ? token.getBytes(StandardCharsets.UTF_8) : null;
	}

	/**
	 * Whether writes need a token at all.
	 * @return true when a token is configured
	 */
	public boolean required() {
		return this.expected != null;
	}

	/**
	 * Whether the presented token is acceptable.
	 * @param presented the token the client sent, or null
	 * @return true when no token is required or the token matches
	 */
	public boolean accepts(@Nullable String presented) {
		if (this.expected == null) {
			return true;
		}
		if (presented == null) {
			return false;
		}
		return MessageDigest.isEqual(this.expected, presented.getBytes(StandardCharsets.UTF_8));
	}

}
