package io.cairn.support.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A write request that carries its token in another form (JSON-RPC's {@code X-Api-Token},
 * a callback's query parameter) and is therefore left alone by {@link BearerTokenFilter}.
 * The endpoint must apply {@link WritePolicy#decide} itself.
 */
@FunctionalInterface
public interface WriteProtectionExemption {

	/**
	 * Whether the request is exempt from the bearer-token check.
	 * @param request the request
	 * @return true when the endpoint applies the write policy itself
	 */
	boolean isExempt(HttpServletRequest request);

}
