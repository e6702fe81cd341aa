package io.cairn.status.poll;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an HTTP check sends: Megaphone's checks send a plain GET; checks with a method,
 * headers or a body send those.
 *
 * @param method the HTTP method
 * @param headers request headers (secrets already resolved; never shown)
 * @param body the request body, or null
 */
public record HttpCheckRequest(String method, Map<String, String> headers, byte @Nullable [] body) {

	/** Megaphone's request: GET, {@code Accept: application/json}. */
	public static final HttpCheckRequest MEGAPHONE = new HttpCheckRequest("GET", Map.of("Accept", "application/json"),
			null);

	/** The header that carries a check's credentials. */
	public static final String AUTHORIZATION = "Authorization";

	public HttpCheckRequest {
		headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
	}

	/**
	 * This request without its credentials: what a redirect to another origin is sent (as
	 * browsers and curl do), so a target cannot bounce a check's secret elsewhere.
	 * @return the request without {@code Authorization}
	 */
	public HttpCheckRequest withoutCredentials() {
		Map<String, String> kept = new LinkedHashMap<>(this.headers);
		kept.keySet().removeIf(AUTHORIZATION::equalsIgnoreCase);
		return new HttpCheckRequest(this.method, kept, this.body);
	}

}
