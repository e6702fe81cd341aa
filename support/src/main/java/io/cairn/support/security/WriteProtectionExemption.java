package io.cairn.support.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A write request that authenticates in its own way (JSON-RPC's {@code X-Api-Token}, a
 * callback's query parameter) and is therefore left alone by {@link BearerTokenFilter}.
 */
@FunctionalInterface
public interface WriteProtectionExemption {

	/**
	 * Whether the request is exempt from the bearer-token check.
	 * @param request the request
	 * @return true when the endpoint checks the token itself
	 */
	boolean isExempt(HttpServletRequest request);

}
