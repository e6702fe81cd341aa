package io.cairn.status.poll;

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

	public HttpCheckRequest {
		headers = Map.copyOf(headers);
	}

}
