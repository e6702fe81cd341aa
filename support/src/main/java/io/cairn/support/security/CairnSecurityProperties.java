package io.cairn.support.security;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shared secret that guards writes.
 *
 * @param token when set, every write request must carry it (as
 * {@code Authorization: Bearer <token>} unless the endpoint documents another form);
 * reads stay open. Unset means writes are open, as in the tools Cairn replaces.
 */
@ConfigurationProperties("cairn.security")
public record CairnSecurityProperties(@Nullable String token) {

	/**
	 * Whether a token is configured.
	 * @return true when writes need the token
	 */
	public boolean tokenRequired() {
		return this.token != null && !this.token.isBlank();
	}

}
