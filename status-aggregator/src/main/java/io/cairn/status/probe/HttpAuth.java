package io.cairn.status.probe;

import org.jspecify.annotations.Nullable;

/**
 * How an HTTP check authenticates: basic or bearer, with its secret given by
 * <em>name</em> ({@code cairn.status.secrets.<name>}), never by value, so the check
 * document, the database, answers and logs hold only the name.
 *
 * @param scheme basic or bearer
 * @param username the basic user name, or null for bearer
 * @param secret the name of the secret (the basic password or the bearer token)
 */
public record HttpAuth(Scheme scheme, @Nullable String username, String secret) {

	/**
	 * The HTTP authentication schemes a check may use.
	 */
	public enum Scheme {

		/** {@code Authorization: Basic base64(username:secret)}. */
		BASIC,

		/** {@code Authorization: Bearer secret}. */
		BEARER

	}

}
