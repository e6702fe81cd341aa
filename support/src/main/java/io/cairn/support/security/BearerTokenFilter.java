package io.cairn.support.security;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import io.cairn.support.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the {@link WritePolicy} to every write (POST, PUT, PATCH, DELETE) that carries
 * its token as {@code Authorization: Bearer <token>}. Reads stay open. Refusals are RFC
 * 9457 Problem Details: 401 with a {@code WWW-Authenticate} challenge when a token is
 * missing or wrong, 403 when no token is set and the write came from another host.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

	static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private static final String BEARER = "Bearer ";

	private final WritePolicy policy;

	private final List<WriteProtectionExemption> exemptions;

	/**
	 * Create the filter.
	 * @param policy who may write
	 * @param exemptions requests that carry their token in another form and apply the
	 * policy themselves
	 */
	public BearerTokenFilter(WritePolicy policy, List<WriteProtectionExemption> exemptions) {
		this.policy = policy;
		this.exemptions = List.copyOf(exemptions);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return SAFE_METHODS.contains(request.getMethod())
				|| this.exemptions.stream().anyMatch((exemption) -> exemption.isExempt(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		WritePolicy.Decision decision = this.policy.decide(request,
				bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION)));
		if (decision.allowed()) {
			chain.doFilter(request, response);
			return;
		}
		if (decision.status() == 401) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cairn\"");
		}
		ProblemResponses.write(request, response, decision.status(), decision.detail());
	}

	/**
	 * The token of an {@code Authorization: Bearer} header.
	 * @param header the header value, or null
	 * @return the token, or null when the header is absent or of another scheme
	 */
	public static @Nullable String bearerToken(@Nullable String header) {
		if (header == null || header.length() <= BEARER.length()
				|| !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		return header.substring(BEARER.length()).trim();
	}

}
