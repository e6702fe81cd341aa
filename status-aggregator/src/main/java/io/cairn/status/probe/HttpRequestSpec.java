package io.cairn.status.probe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an HTTP check sends beyond Megaphone's plain GET: validated by
 * {@link ProbeRequests}, stored with the check's {@link Probe}.
 *
 * @param method the HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS)
 * @param headers request headers, in the order given (no hop-by-hop headers, no
 * {@code Host}, no {@code Authorization}: credentials go in {@code auth})
 * @param body the request body, or null
 * @param auth how the check authenticates, or null
 */
public record HttpRequestSpec(String method, Map<String, String> headers, @Nullable String body,
		@Nullable HttpAuth auth) {

	public HttpRequestSpec {
		headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
	}

}
