package io.cairn.testkit.consul;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A parsed request: path segments after {@code /v1/}, query, token, body, blocking
 * settings.
 */
final class ApiRequest {

	final String method;

	final String path;

	final List<String> segments;

	final Map<String, List<String>> query;

	final @Nullable String token;

	final Map<String, List<String>> headers;

	final byte[] body;

	ApiRequest(String method, String path, List<String> segments, Map<String, List<String>> query,
			@Nullable String token, Map<String, List<String>> headers, byte[] body) {
		this.method = method;
		this.path = path;
		this.segments = segments;
		this.query = query;
		this.token = token;
		this.headers = headers;
		this.body = body;
	}

	@Nullable String param(String name) {
		List<String> values = this.query.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	List<String> params(String name) {
		List<String> values = this.query.get(name);
		return (values != null) ? values : List.of();
	}

	boolean flag(String name) {
		String value = param(name);
		return value != null && !"false".equalsIgnoreCase(value) && !"0".equals(value);
	}

	boolean has(String name) {
		return this.query.containsKey(name);
	}

	@Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	String segment(int index) {
		return (index < this.segments.size()) ? this.segments.get(index) : "";
	}

	long minIndex() {
		String index = param("index");
		return (index == null || index.isEmpty()) ? 0 : Long.parseUnsignedLong(index);
	}

	boolean blocking() {
		return (param("index") != null && minIndex() > 0) || param("hash") != null;
	}

}
