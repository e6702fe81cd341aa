package io.cairn.testkit.consul;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A request the simulator received, for tests that check what a client sent.
 *
 * @param method the HTTP method
 * @param path the decoded path, for example {@code /v1/kv/config/app}
 * @param query the decoded query parameters (a bare flag has an empty value)
 * @param token the ACL token sent (header, bearer or query), or {@code null}
 * @param headers the request headers, names in lower case
 * @param body the body
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> query, @Nullable String token,
		Map<String, List<String>> headers, byte[] body) {

	/**
	 * The first value of a query parameter.
	 * @param name the parameter
	 * @return the value, {@code null} when absent (empty for a bare flag)
	 */
	public @Nullable String param(String name) {
		List<String> values = this.query.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * The first value of a header.
	 * @param name the header name, any case
	 * @return the value, {@code null} when absent
	 */
	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
