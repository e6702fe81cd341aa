package io.cairn.registry.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.cairn.support.security.BearerTokenFilter;
import io.cairn.support.web.ProblemResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates REST instance writes ({@code PUT}/{@code DELETE /v1/instances}) before
 * their body is read: a request that may write nothing gets 401 (with a
 * {@code WWW-Authenticate} challenge) or 403 Problem Details, in the same form as the
 * shared bearer-token filter; otherwise its {@link WriteGrant} is left in a request
 * attribute for the controller, which checks the service name against it.
 */
public class InstanceWriteFilter extends OncePerRequestFilter {

	private final WriteAccess access;

	private final WriteRefusals refusals;

	/**
	 * Create the filter.
	 * @param access who may write what
	 * @param refusals where refusals are counted
	 */
	public InstanceWriteFilter(WriteAccess access, WriteRefusals refusals) {
		this.access = access;
		this.refusals = refusals;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !RegistryWriteExemption.isInstanceWrite(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		WriteGrant grant = this.access.grant(request,
				BearerTokenFilter.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION)));
		if (grant.refused()) {
			this.refusals.refused(grant);
			if (grant.refusalStatus() == 401) {
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cairn\"");
			}
			ProblemResponses.write(request, response, grant.refusalStatus(), grant.refusal());
			return;
		}
		request.setAttribute(WriteGrant.ATTRIBUTE, grant);
		chain.doFilter(request, response);
	}

}
