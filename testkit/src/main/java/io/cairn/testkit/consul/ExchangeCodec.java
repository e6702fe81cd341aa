package io.cairn.testkit.consul;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulator on the JDK's {@code HttpServer}: reads an exchange into an
 * {@link ApiRequest} (Go's path and query decoding, the token from the header, a bearer
 * or the query) and writes an {@link ApiResponse} with Consul's headers
 * ({@code X-Consul-Index}, {@code X-Consul-KnownLeader}...), applying the wire faults
 * (truncated bodies, connections cut short, forced indexes, fields of future versions).
 */
final class ExchangeCodec {

	private final ConsulSimulator.Settings settings;

	private final ConsulFaults faults;

	ExchangeCodec(ConsulSimulator.Settings settings, ConsulFaults faults) {
		this.settings = settings;
		this.faults = faults;
	}

	void write(HttpExchange exchange, ApiRequest request, ApiResponse response) throws IOException {
		ApiResponse.Stream stream = response.stream;
		if (stream != null) {
			stream.writeTo(exchange);
			return;
		}
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", response.contentType);
		headers.put("X-Consul-Default-Acl-Policy", this.settings.aclEnabled() ? "deny" : "allow");
		if (response.readMeta) {
			Long forced = this.faults.takeForcedIndex(request.path);
			long index = (forced != null) ? forced : (response.index != null) ? response.index : 0;
			headers.put("X-Consul-Index", Long.toUnsignedString(index));
			boolean leader = !this.faults.noLeader;
			headers.put("X-Consul-KnownLeader", Boolean.toString(leader));
			headers.put("X-Consul-LastContact", leader ? "0" : "30000");
			headers.put("X-Consul-Effective-Consistency", request.query.containsKey("stale") ? "stale"
					: request.query.containsKey("consistent") ? "consistent" : "leader");
			headers.put("X-Consul-Query-Backend", "blocking-query");
		}
		headers.putAll(response.headers);
		byte[] body;
		if (response.json != null) {
			JsonNode json = response.json;
			if (this.faults.extraFields) {
				json = withExtraFields(json, request.path);
			}
			body = ConsulJson.JSON.writeValueAsBytes(json);
		}
		else {
			body = (response.raw != null) ? response.raw : new byte[0];
		}
		headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
		ConsulFaults.Truncation truncation = this.faults.takeTruncation(request.path);
		if (truncation != null && truncation.lieAboutLength()) {
			// The server closes the connection after half the body (closing a short
			// fixed-length body does): the client is left short of the announced length.
			exchange.sendResponseHeaders(response.status, body.length + 100L);
			exchange.getResponseBody().write(body, 0, body.length / 2);
			exchange.getResponseBody().flush();
			return;
		}
		if (truncation != null) {
			body = Arrays.copyOf(body, Math.max(1, body.length / 2));
		}
		if (request.method.equals("HEAD") || body.length == 0) {
			exchange.sendResponseHeaders(response.status, -1);
			return;
		}
		exchange.sendResponseHeaders(response.status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static JsonNode withExtraFields(JsonNode json, String path) {
		JsonNode copy = json.deepCopy();
		boolean dataKeyedMap = path.equals("/v1/agent/services") || path.equals("/v1/agent/checks")
				|| path.equals("/v1/catalog/services");
		if (copy.isArray()) {
			for (JsonNode item : copy) {
				addExtras(item);
			}
		}
		else if (copy.isObject() && !dataKeyedMap) {
			addExtras(copy);
		}
		return copy;
	}

	private static void addExtras(JsonNode node) {
		if (node instanceof ObjectNode object) {
			for (String nested : List.of("Node", "Service")) {
				if (object.get(nested) instanceof ObjectNode inner) {
					inner.put("SimulatorFutureField", "ignore me");
				}
			}
			object.put("SimulatorFutureField", "ignore me");
			object.putObject("SimulatorFutureObject")
				.putArray("Nested")
				.add(1)
				.add("two")
				.addObject()
				.put("Deep", true);
		}
	}

	ApiRequest read(HttpExchange exchange, byte[] body) {
		URI uri = exchange.getRequestURI();
		String rawPath = uri.getRawPath();
		List<String> segments = new ArrayList<>();
		String path = decode(rawPath, false);
		if (rawPath.startsWith("/v1/")) {
			for (String segment : rawPath.substring(4).split("/", -1)) {
				segments.add(decode(segment, false));
			}
			// A trailing slash is kept as an empty last segment (part of a KV key).
		}
		Map<String, List<String>> query = new LinkedHashMap<>();
		String rawQuery = uri.getRawQuery();
		if (rawQuery != null && !rawQuery.isEmpty()) {
			for (String pair : rawQuery.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int equals = pair.indexOf('=');
				String name = decode((equals >= 0) ? pair.substring(0, equals) : pair, true);
				String value = (equals >= 0) ? decode(pair.substring(equals + 1), true) : "";
				query.computeIfAbsent(name, (k) -> new ArrayList<>()).add(value);
			}
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		String token = first(headers.get("x-consul-token"));
		String authorization = first(headers.get("authorization"));
		if (token == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			token = authorization.substring(7).strip();
		}
		if (token == null && query.containsKey("token")) {
			token = query.get("token").get(0);
		}
		for (Map.Entry<String, List<String>> entry : query.entrySet()) {
			entry.setValue(Collections.unmodifiableList(entry.getValue()));
		}
		return new ApiRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT), path, segments,
				Collections.unmodifiableMap(query), token, Collections.unmodifiableMap(headers), body);
	}

	private static @Nullable String first(@Nullable List<String> values) {
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	private static String decode(String value, boolean plusIsSpace) {
		String prepared = plusIsSpace ? value : value.replace("+", "%2B");
		return URLDecoder.decode(prepared, StandardCharsets.UTF_8);
	}

}
