package io.cairn.support.security;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import io.cairn.support.web.ProblemResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses state-changing requests that a browser sends on behalf of another site: a page
 * an operator happens to open must not be able to add checks, forge events or force a
 * sync through the operator's browser, token or not. A browser marks such requests with
 * {@code Sec-Fetch-Site: cross-site} and with an {@code Origin} other than the app's own;
 * either gets a 403 Problem Details. Clients that are not browsers (curl, servreg,
 * Megaphone and Consular clients, Marathon's callbacks) send neither header and pass.
 */
public class CrossSiteRequestFilter extends OncePerRequestFilter {

	private static final String SEC_FETCH_SITE = "Sec-Fetch-Site";

	private final Set<String> allowedOrigins;

	/**
	 * Create the filter.
	 * @param allowedOrigins other origins trusted to send writes, such as
	 * {@code https://ops.example.com}
	 */
	public CrossSiteRequestFilter(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins.stream()
			.map(CrossSiteRequestFilter::normalise)
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return BearerTokenFilter.SAFE_METHODS.contains(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String refusal = refusal(request);
		if (refusal == null) {
			chain.doFilter(request, response);
			return;
		}
		ProblemResponses.write(request, response, 403, refusal);
	}

	private @Nullable String refusal(HttpServletRequest request) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null && this.allowedOrigins.contains(normalise(origin))) {
			return null;
		}
		String site = request.getHeader(SEC_FETCH_SITE);
		if (site != null && site.trim().equalsIgnoreCase("cross-site")) {
			return "A browser sent this write from another site (Sec-Fetch-Site: cross-site); writes are "
					+ "accepted only from this app's own pages or origins listed in cairn.security.allowed-origins.";
		}
		if (origin != null && (origin.trim().equalsIgnoreCase("null") || isOtherOrigin(request))) {
			return "A browser sent this write from another origin; writes are accepted only from this app's own "
					+ "pages or origins listed in cairn.security.allowed-origins.";
		}
		return null;
	}

	private static boolean isOtherOrigin(HttpServletRequest request) {
		try {
			return CorsUtils.isCorsRequest(request);
		}
		catch (IllegalArgumentException ex) {
			// An Origin that is not a URI is not this app's own.
			return true;
		}
	}

	private static String normalise(String origin) {
		String trimmed = origin.trim().toLowerCase(Locale.ROOT);
		return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
	}

}
