package io.cairn.registry.abuse;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.registry.RegistryTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public endpoint (JSON-RPC {@code /api}, with single calls, batches and
 * notifications, and {@code /v1/*}) gets malformed, truncated, oversized, wrong-typed,
 * out-of-range and unicode-edge input. The answer is always a 4xx (REST) or a JSON-RPC
 * error other than -32603 (JSON-RPC), never a 5xx, and nothing is written.
 */
class RegistryFuzzTests extends RegistryTestSupport {

	private static final Set<String> WRITE_EVENTS = Set.of("REGISTERED", "MOVED", "UPDATED", "REVIVED", "DEREGISTERED");

	/** Values of every JSON type and edge, for parameters that expect something else. */
	private static final List<String> WRONG_VALUES = List.of("null", "true", "false", "0", "-1", "1.5", "1e400",
			"-1e400", "99999999999999999999999", "9223372036854775808", "\"\"", "\" \"", "[]", "[1]", "{}", "{\"a\":1}",
			"\"8080\"", "\"" + "x".repeat(100_000) + "\"");

	/** Text that no service name, pattern, tag, version or label key may hold. */
	private static final List<String> BAD_NAMES = List.of("", "a\\u0000b", "a\\nb", "pay\\u202Ements",
			"pay\\u200Bments", "\\ufeffx", "a\\ud800", "\\udc00a", "a\\uffffb", "x\\u2029y", "\\u0085",
			"x".repeat(300));

	/** Text that is no host. */
	private static final List<String> BAD_HOSTS = List.of("", " ", "bad host name", "-lead", "a..b", "10.0.0.256",
			"::zz", "[::1", "x".repeat(64) + ".example", "a\\u0000b", "pay\\u202Ements", "a\\ud800", "h_st");

	private final Random random = new Random(20261205L);

	private final List<String> failures = new ArrayList<>();

	private long startIndex;

	@BeforeEach
	void rememberIndex() throws Exception {
		this.startIndex = json.readTree(get("/v1/info").body()).get("index").asLong();
	}

	@AfterEach
	void nothingWasWritten() throws Exception {
		// With an index, /v1/events is a watch: wait=1ms answers at once when nothing was
		// written.
		JsonNode events = json.readTree(get("/v1/events?limit=1000&wait=1ms&index=" + this.startIndex).body())
			.get("events");
		for (JsonNode event : events) {
			if (WRITE_EVENTS.contains(event.get("type").asString())) {
				this.failures.add("a fuzz request wrote " + event);
			}
		}
		assertThat(this.failures).isEmpty();
	}

	@Test
	void jsonRpcMalformedTruncatedAndOversizedBodies() throws Exception {
		String valid = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"fuzz\",\"10.99.0.1\",80],\"id\":1}";
		List<String> bodies = new ArrayList<>(List.of("", " ", "{", "[", "]", "}", "null", "true", "1", "\"x\"", "[]",
				"[[]]", "[1,2,3]", "[null]", "{}", "{\"jsonrpc\":\"2.0\"}", "{\"jsonrpc\":\"1.0\",\"method\":\"ping\"}",
				"{\"jsonrpc\":2.0,\"method\":\"ping\"}", "{\"jsonrpc\":\"2.0\",\"method\":1}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":\"x\"}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":1,\"id\":1}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":{}}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":[]}", "{\"jsonrpc\":\"2.0\",\"method\":\"\",\"id\":1}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":1}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"__proto__\",\"id\":1}",
				"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"a\",\"b\",1,{},5],\"id\":1}",
				"[" + "[".repeat(5000) + "]".repeat(5000) + "]",
				"{\"a\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5001), "\"" + "\\u0000".repeat(1000) + "\"",
				"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[],\"id\":1," + "\"jsonrpc\":\"2.0\"}"));
		for (int cut = 1; cut < valid.length(); cut += 3) {
			bodies.add(valid.substring(0, cut));
		}
		for (int i = 0; i < 20; i++) {
			byte[] noise = new byte[this.random.nextInt(200) + 1];
			this.random.nextBytes(noise);
			bodies.add(new String(noise, StandardCharsets.ISO_8859_1));
		}
		for (String body : bodies) {
			rpcMustRefuse(body, "application/json");
		}
		rpcMustRefuse(valid.replace("fuzz", "x".repeat(1_100_000)), "application/json");
		rpcMustRefuse("[" + (valid + ",").repeat(101) + valid + "]", "application/json");
		for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/jsonx",
				"multipart/form-data; boundary=x", "")) {
			rpcMustRefuse(valid, type);
		}
		HttpResponse<byte[]> invalidUtf8 = this.http.send(HttpRequest.newBuilder(uri("/api"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] { '[', '"', (byte) 0xC3, (byte) 0x28, '"', ']' }))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		check("invalid UTF-8", invalidUtf8.statusCode(), new String(invalidUtf8.body(), StandardCharsets.UTF_8), false);
	}

	@Test
	void jsonRpcWrongTypedOutOfRangeAndUnicodeEdgeParameters() throws Exception {
		List<String> calls = new ArrayList<>();
		for (String value : WRONG_VALUES) {
			if (!value.equals("\" \"") && !value.equals("\"8080\"")) {
				calls.add("\"ping\",\"params\":[" + value + ",\"10.99.0.2\",80]");
			}
			if (!value.equals("\"8080\"")) {
				calls.add("\"ping\",\"params\":[\"fuzz-typed\"," + value + ",80]");
			}
			if (!value.matches("\\d{1,5}")) {
				calls.add("\"ping\",\"params\":[\"fuzz-typed\",\"10.99.0.2\"," + value + "]");
			}
			calls.add("\"ping\",\"params\":{\"name\":\"fuzz-typed\",\"url\":" + value + "}");
			if (!value.equals("null") && !value.equals("{}")) {
				calls.add("\"ping\",\"params\":[\"fuzz-typed\",\"10.99.0.2\",80," + value + "]");
			}
			calls.add(
					"\"ping\",\"params\":{\"name\":\"fuzz-typed\",\"host\":\"10.99.0.2\",\"port\":80,\"meta\":{\"tags\":"
							+ value + ",\"version\":[]}}");
			calls.add("\"locate_service\",\"params\":[" + value + "]");
			calls.add("\"locate_service\",\"params\":{\"name\":" + value + ",\"other\":1}");
			calls.add("\"get_service_specs\",\"params\":[" + value + "]");
		}
		for (String port : List.of("0", "-1", "65536", "70000", "2147483648", "-9223372036854775808", "1e5", "80.0")) {
			calls.add("\"ping\",\"params\":[\"fuzz-range\",\"10.99.0.3\"," + port + "]");
			calls.add("\"ping\",\"params\":[\"fuzz-range\",\"http://10.99.0.3:" + port + "/\"]");
		}
		for (String text : BAD_NAMES) {
			calls.add("\"ping\",\"params\":[\"" + text + "\",\"10.99.0.4\",80]");
			calls.add("\"ping\",\"params\":{\"name\":\"fuzz-text\",\"host\":\"10.99.0.4\",\"port\":80,"
					+ "\"meta\":{\"version\":\"" + text + "\"}}");
			calls.add("\"ping\",\"params\":{\"name\":\"fuzz-text\",\"host\":\"10.99.0.4\",\"port\":80,"
					+ "\"meta\":{\"tags\":[\"" + text + "\"]}}");
			calls.add("\"ping\",\"params\":{\"name\":\"fuzz-text\",\"host\":\"10.99.0.4\",\"port\":80,"
					+ "\"meta\":{\"labels\":{\"" + text + "\":\"v\"}}}");
			if (!text.startsWith("x")) {
				calls.add("\"locate_service\",\"params\":[\"" + text + "\"]");
			}
		}
		for (String host : BAD_HOSTS) {
			calls.add("\"ping\",\"params\":[\"fuzz-text\",\"" + host + "\",80]");
			calls.add("\"ping\",\"params\":[\"fuzz-text\",\"http://" + host + "/\"]");
		}
		for (String url : List.of("ftp://x/", "file:///etc/passwd", "javascript:alert(1)", "//x/", "http:/x",
				"http://x:99999/", "http://x:-1/", "h".repeat(3000))) {
			calls.add("\"ping\",\"params\":[\"fuzz-url\",\"" + url + "\"]");
		}
		calls.add("\"ping\",\"params\":{\"name\":\"fuzz-meta\",\"host\":\"10.99.0.5\",\"port\":80,\"meta\":{\"tags\":"
				+ "[" + "\"t\",".repeat(40) + "\"t\"]}}");
		calls.add(
				"\"ping\",\"params\":{\"name\":\"fuzz-meta\",\"host\":\"10.99.0.5\",\"port\":80,\"meta\":{\"nope\":1}}");
		calls.add("\"locate_service\",\"params\":[\"" + "*".repeat(600) + "\"]");
		for (String call : calls) {
			String single = "{\"jsonrpc\":\"2.0\",\"method\":" + call + ",\"id\":7}";
			rpcMustRefuse(single, "application/json");
			// The same as a notification: acknowledged, and still nothing written.
			HttpResponse<String> notification = postJson("/api", "{\"jsonrpc\":\"2.0\",\"method\":" + call + "}");
			check(call + " (notification)", notification.statusCode(), notification.body(), false);
		}
		for (int from = 0; from < calls.size(); from += 50) {
			StringBuilder batch = new StringBuilder("[");
			for (String call : calls.subList(from, Math.min(calls.size(), from + 50))) {
				batch.append((batch.length() > 1) ? "," : "")
					.append("{\"jsonrpc\":\"2.0\",\"method\":")
					.append(call)
					.append((this.random.nextBoolean()) ? ",\"id\":" + this.random.nextInt(1000) : "")
					.append("}");
			}
			HttpResponse<String> answer = postJson("/api", batch.append("]").toString());
			check("batch from " + from, answer.statusCode(), answer.body(), false);
			JsonNode answers = json.readTree(answer.body());
			for (JsonNode each : answers) {
				if (each.has("error") && !each.get("error").isNull()
						&& each.get("error").get("code").asInt() == -32603) {
					this.failures.add("batch from " + from + ": " + each);
				}
				if (each.has("result") && each.get("result").isBoolean()) {
					this.failures.add("batch from " + from + " wrote: " + each);
				}
			}
		}
	}

	@Test
	void restReadsWithBadParameters() throws Exception {
		List<String> index = List.of("index=-1", "index=abc", "index=1.5", "index=99999999999999999999", "index=%00");
		List<String> all = List.of("all=maybe", "all=2");
		List<String> wait = List.of("wait=abc", "wait=-5s", "wait=1e9s", "wait=5x", "wait=%E2%80%AE1s",
				"wait=" + "1".repeat(5000) + "x", "index=1&wait=" + "9".repeat(40));
		List<String> pattern = List.of("pattern=", "pattern=" + "a".repeat(600), "pattern=a%00b", "pattern=%E2%80%AEx",
				"pattern=a%EF%BF%BF", "pattern=a%E2%80%A8");
		List<String> service = List.of("service=", "service=a%00", "service=%E2%80%8Bx", "service=" + "s".repeat(300));
		List<String> limit = List.of("limit=0", "limit=-1", "limit=abc", "limit=1e3", "limit=99999999999");
		List<String> cursor = List.of("cursor=-1", "cursor=abc", "cursor=99999999999999999999", "cursor=%F0%9F%92%A9");
		List<String> refused = new ArrayList<>();
		for (String base : List.of("/v1/services", "/v1/instances", "/v1/events", "/v1/services/x/instances")) {
			List<String> params = new ArrayList<>(index);
			params.addAll(wait);
			if (!base.equals("/v1/events")) {
				params.addAll(all);
			}
			if (base.equals("/v1/services") || base.equals("/v1/instances")) {
				params.addAll(pattern);
			}
			if (base.equals("/v1/instances") || base.equals("/v1/events")) {
				params.addAll(service);
			}
			if (!base.equals("/v1/services")) {
				params.addAll(limit);
			}
			if (base.endsWith("/instances")) {
				params.addAll(cursor);
				params.add("limit=10001");
			}
			if (base.equals("/v1/events")) {
				params.add("limit=1001");
			}
			params.forEach((param) -> refused.add(base + "?" + param));
		}
		refused.add("/v1/instances?pattern=a&service=b");
		for (String name : List.of("%00", "a%0Ab", "%E2%80%AEx", "%EF%BB%BFx", "%ED%A0%80", "%C3%28", "%2F",
				"x".repeat(300), "y".repeat(9000))) {
			refused.add("/v1/services/" + name + "/instances");
		}
		refused.add("/v1/" + "z".repeat(10_000));
		for (String path : refused) {
			HttpResponse<String> response = get(path);
			check("GET " + path.substring(0, Math.min(path.length(), 160)), response.statusCode(), response.body(),
					true);
		}
		// Odd but harmless: any answer but a 5xx.
		for (String path : List.of("/v1/services?pattern=%ED%A0%80", "/v1/instances?all=", "/v1/services/%25/instances",
				"/v1/services/../instances", "/v1/services/%2E%2E/instances", "/v1/info?index=-1",
				"/v1/instances?limit=10000&cursor=0", "/v1/events?index=9223372036854775807&wait=1ms")) {
			HttpResponse<String> response = get(path);
			if (response.statusCode() >= 500 || response.body().contains("Exception")) {
				this.failures.add("GET " + path + " -> " + response.statusCode() + " " + response.body());
			}
		}
	}

	@Test
	void restWritesWithBadBodiesAndParameters() throws Exception {
		String valid = "{\"name\":\"fuzz-rest\",\"host\":\"10.99.1.1\",\"port\":80}";
		List<String> bodies = new ArrayList<>(
				List.of("", "{", "[]", "null", "1", "\"x\"", "{}", "{\"name\":\"fuzz-rest\"}",
						"{\"name\":\"fuzz-rest\",\"host\":\"10.99.1.1\"}", "{\"name\":\"fuzz-rest\",\"port\":80}",
						"{\"name\":\"fuzz-rest\",\"url\":\"http://10.99.1.1/\",\"port\":80}",
						"{\"name\":\"fuzz-rest\",\"host\":\"10.99.1.1\",\"port\":80,\"unknown\":1}",
						"{\"name\":\"fuzz-rest\",\"host\":\"10.99.1.1\",\"port\":80,\"labels\":{\"k\":1}}",
						"{\"name\":\"fuzz-rest\",\"host\":\"10.99.1.1\",\"port\":80,\"labels\":{\"k\":{}}}",
						"{\"name\":\"fuzz-rest\",\"host\":\"10.99.1.1\",\"port\":80,\"tags\":[[]]}",
						"[" + "[".repeat(5000) + "]".repeat(5000) + "]"));
		for (int cut = 1; cut < valid.length(); cut += 4) {
			bodies.add(valid.substring(0, cut));
		}
		for (String field : List.of("name", "host", "port", "url", "tags", "version", "labels")) {
			for (String value : WRONG_VALUES) {
				// Values of the right type that the rules accept are no fuzz.
				boolean accepted = value.equals("null") || (field.equals("port") && value.matches("\\d{1,5}"))
						|| (field.equals("name") && (value.equals("\" \"") || value.equals("\"8080\"")))
						|| (field.equals("host") && value.equals("\"8080\""))
						|| (field.equals("tags") && value.equals("[]"))
						|| (field.equals("labels") && value.equals("{}"))
						|| (field.equals("version") && (value.equals("\" \"") || value.equals("\"8080\"")));
				if (accepted) {
					continue;
				}
				bodies.add(valid.replaceFirst("}$", "").replaceAll(",?\"" + field + "\":[^,}]*", "") + ",\"" + field
						+ "\":" + value + "}");
			}
		}
		for (String text : BAD_NAMES) {
			bodies.add("{\"name\":\"" + text + "\",\"host\":\"10.99.1.2\",\"port\":80}");
			bodies.add("{\"name\":\"fuzz-rest\",\"host\":\"10.99.1.2\",\"port\":80,\"version\":\"" + text + "\"}");
			bodies.add("{\"name\":\"fuzz-rest\",\"host\":\"10.99.1.2\",\"port\":80,\"tags\":[\"" + text + "\"]}");
			bodies
				.add("{\"name\":\"fuzz-rest\",\"host\":\"10.99.1.2\",\"port\":80,\"labels\":{\"" + text + "\":\"v\"}}");
		}
		for (String host : BAD_HOSTS) {
			bodies.add("{\"name\":\"fuzz-rest\",\"host\":\"" + host + "\",\"port\":80}");
			bodies.add("{\"name\":\"fuzz-rest\",\"url\":\"http://" + host + "/\"}");
		}
		for (String port : List.of("0", "-1", "65536", "2147483648", "1e5", "80.5")) {
			bodies.add("{\"name\":\"fuzz-rest\",\"host\":\"10.99.1.3\",\"port\":" + port + "}");
		}
		bodies.add("{\"name\":\"fuzz-rest\",\"host\":\"10.99.1.4\",\"port\":80,\"tags\":[" + "\"t\",".repeat(32)
				+ "\"t\"]}");
		bodies
			.add("{\"name\":\"fuzz-rest\",\"host\":\"10.99.1.4\",\"port\":80,\"version\":\"" + "v".repeat(129) + "\"}");
		bodies.add("{\"name\":\"fuzz-rest\",\"host\":\"10.99.1.4\",\"port\":80,\"labels\":{\"k\":\"" + "v".repeat(2049)
				+ "\"}}");
		bodies.add(valid.replace("fuzz-rest", "x".repeat(1_100_000)));
		for (String body : bodies) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/instances"))
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(body))
				.build());
			check("PUT " + body.substring(0, Math.min(120, body.length())), response.statusCode(), response.body(),
					true);
		}
		for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/instances"))
				.header("Content-Type", type)
				.PUT(HttpRequest.BodyPublishers.ofString(valid))
				.build());
			check("PUT as " + type, response.statusCode(), response.body(), true);
		}
		List<String> deletes = new ArrayList<>(List.of("", "service=fuzz-rest", "service=fuzz-rest&host=10.99.1.1",
				"service=fuzz-rest&host=10.99.1.1&port=abc", "service=fuzz-rest&host=10.99.1.1&port=99999999999",
				"service=fuzz-rest&host=10.99.1.1&port=0", "service=fuzz-rest&host=10.99.1.1&port=1.5",
				"service=fuzz-rest&host=bad%20host&port=80", "service=%00&host=10.99.1.1&port=80",
				"service=%E2%80%AEx&host=10.99.1.1&port=80", "service=&host=10.99.1.1&port=80",
				"service=fuzz-never-registered&host=10.99.1.1&port=80"));
		for (String query : deletes) {
			HttpResponse<String> response = send(
					HttpRequest.newBuilder(uri("/v1/instances?" + query)).DELETE().build());
			check("DELETE ?" + query, response.statusCode(), response.body(), true);
		}
		for (String method : List.of("POST", "PATCH")) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/instances"))
				.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(valid))
				.build());
			check(method + " /v1/instances", response.statusCode(), response.body(), true);
		}
		HttpResponse<String> deleteServices = send(HttpRequest.newBuilder(uri("/v1/services")).DELETE().build());
		check("DELETE /v1/services", deleteServices.statusCode(), deleteServices.body(), true);
	}

	/**
	 * Every request gets an answer within a minute, or that is a failure of its own.
	 */
	@Override
	protected HttpResponse<String> send(HttpRequest request) throws java.io.IOException, InterruptedException {
		HttpRequest bounded = HttpRequest.newBuilder(request, (name, value) -> true)
			.timeout(java.time.Duration.ofSeconds(60))
			.build();
		try {
			return super.send(bounded);
		}
		catch (java.net.http.HttpTimeoutException ex) {
			throw new AssertionError(
					"no answer within 60 s to " + request.method() + " "
							+ request.uri().toString().substring(0, Math.min(160, request.uri().toString().length())),
					ex);
		}
	}

	private void rpcMustRefuse(String body, String contentType) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api"))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (!contentType.isEmpty()) {
			request.header("Content-Type", contentType);
		}
		HttpResponse<String> response = send(request.build());
		check(body.substring(0, Math.min(120, body.length())), response.statusCode(), response.body(), false);
	}

	/**
	 * The verdict on one answer: REST must answer 4xx; JSON-RPC 200 with an error other
	 * than -32603 (or 4xx for a body it cannot take); neither a stack trace.
	 */
	private void check(String input, int status, String body, boolean rest) {
		if (status >= 500) {
			this.failures.add(input + " -> " + status + " " + body);
			return;
		}
		if (body.contains("Exception") || body.contains("at io.cairn") || body.contains("at org.springframework")) {
			this.failures.add(input + " -> a stack trace or exception name: " + body);
			return;
		}
		if (rest) {
			if (status < 400) {
				this.failures.add(input + " -> " + status + " (expected a 4xx) " + body);
			}
			return;
		}
		if (status != 200) {
			if (status < 400) {
				this.failures.add(input + " -> " + status + " " + body);
			}
			return;
		}
		JsonNode answer;
		try {
			answer = json.readTree(body);
		}
		catch (RuntimeException ex) {
			this.failures.add(input + " -> not JSON: " + body);
			return;
		}
		List<JsonNode> each = new ArrayList<>();
		if (answer.isArray()) {
			answer.forEach(each::add);
		}
		else {
			each.add(answer);
		}
		for (JsonNode one : each) {
			JsonNode error = one.get("error");
			JsonNode result = one.get("result");
			if (error != null && !error.isNull()) {
				if (error.get("code").asInt() == -32603) {
					this.failures.add(input + " -> -32603 " + one);
				}
			}
			else if (result == null || result.isBoolean()) {
				this.failures.add(input + " -> no error: " + one);
			}
		}
	}

}
