package io.cairn.support.security;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires {@code Authorization: Bearer <cairn.security.token>} on every write (POST,
 * PUT, PATCH, DELETE) when a token is configured. Reads stay open. Rejections are RFC
 * 9457 Problem Details with status 401 and a {@code WWW-Authenticate} challenge.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private static final String BEARER = "Bearer ";

	private final TokenCheck tokenCheck;

	private final List<WriteProtectionExemption> exemptions;

	/**
	 * Create the filter.
	 * @param tokenCheck the configured token
	 * @param exemptions requests that authenticate in their own way
	 */
	public BearerTokenFilter(TokenCheck tokenCheck, List<WriteProtectionExemption> exemptions) {
		this.tokenCheck = tokenCheck;
		this.exemptions = List.copyOf(exemptions);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.tokenCheck.required() || SAFE_METHODS.contains(request.getMethod())
				|| this.exemptions.stream().anyMatch((exemption) -> exemption.isExempt(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (this.tokenCheck.accepts(presented)) {
			chain.doFilter(request, response);
			return;
		}
		String detail = (presented != null) ? "The bearer token is not valid."
				: "This write needs an Authorization: Bearer <token> header (cairn.security.token is set).";
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cairn\"");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"" + detail
					+ "\",\"instance\":\"" + jsonEscape(request.getRequestURI()) + "\"}");
	}

	private static @Nullable String bearerToken(@Nullable String header) {
		if (header == null || header.length() <= BEARER.length()
				|| !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		return header.substring(BEARER.length()).trim();
	}

	private static String jsonEscape(String value) {
		StringBuilder escaped = new StringBuilder(value.length());
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				escaped.append('\\').append(c);
			}
			else if (c < 0x20) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
