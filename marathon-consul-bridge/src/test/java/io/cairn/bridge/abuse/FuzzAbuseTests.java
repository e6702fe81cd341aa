package io.cairn.bridge.abuse;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.bridge.Await;
import io.cairn.testkit.consul.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public endpoint of the bridge fed malformed, truncated, oversized, wrong-typed,
 * out-of-range and unicode-edge input: never a 5xx, a 4xx with Problem Details where the
 * input is refused, and nothing written to Consul or Marathon. The world holds no app, so
 * that any write would be one the input caused. Callbacks are on and the token is sent,
 * so that the input reaches the code behind the checks.
 */
class FuzzAbuseTests {

	private static final String TOKEN = "fuzz-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static AbuseWorld world;

	@BeforeAll
	static void start() {
		world = AbuseWorld.start(Map.of("cairn.bridge.events.callback.enabled", "true", "cairn.security.token", TOKEN));
	}

	@AfterAll
	static void stop() {
		world.close();
	}

	private record Case(String what, String method, String path, String contentType, byte[] body, boolean refused) {

		static Case refused(String what, String method, String path, String contentType, String body) {
			return new Case(what, method, path, contentType, body.getBytes(StandardCharsets.UTF_8), true);
		}

		static Case any(String what, String method, String path, String contentType, String body) {
			return new Case(what, method, path, contentType, body.getBytes(StandardCharsets.UTF_8), false);
		}

	}

	private static List<Case> events() {
		String events = "/events?token=" + TOKEN;
		String json = "application/json";
		String valid = "{\"eventType\":\"status_update_event\",\"appId\":\"/fuzz\",\"taskId\":\"fuzz.1\","
				+ "\"taskStatus\":\"TASK_RUNNING\",\"host\":\"agent-a\",\"ports\":[31000]}";
		List<Case> cases = new ArrayList<>();
		// Malformed and not objects.
		for (String body : List.of("", " ", "{", "}", "{\"eventType\":", "{\"a\":1,}", "{'a':1}", "[1,2]", "\"x\"",
				"123", "null", "true", "{}{}", "{\"eventType\":\"x\"} trailing", "\u0000", "{\"a\":\"\\x\"}",
				"{\"a\":01}", "{\"a\":NaN}")) {
			cases.add(Case.refused("malformed " + body, "POST", events, json, body));
		}
		// Truncated at every tenth character.
		for (int cut = 1; cut < valid.length(); cut += 10) {
			cases.add(Case.refused("truncated at " + cut, "POST", events, json, valid.substring(0, cut)));
		}
		// Oversized: over the event limit, over the request limit, deep, long.
		cases.add(Case.any("600 KB", "POST", events, json,
				"{\"eventType\":\"api_post_event\",\"pad\":\"" + "x".repeat(600_000) + "\"}"));
		cases.add(Case.any("2 MB", "POST", events, json,
				"{\"eventType\":\"api_post_event\",\"pad\":\"" + "x".repeat(2_000_000) + "\"}"));
		cases.add(Case.refused("deep", "POST", events, json, "[".repeat(100_000)));
		cases.add(Case.any("deep object", "POST", events, json, "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000)));
		cases.add(Case.any("long appId", "POST", events, json, valid.replace("/fuzz", "/" + "a".repeat(400_000))));
		cases.add(Case.any("long taskId", "POST", events, json, valid.replace("fuzz.1", "f".repeat(400_000))));
		cases.add(Case.any("many fields", "POST", events, json,
				"{\"eventType\":\"x\"" + ",\"f\":1".repeat(50_000) + "}"));
		// Wrong types.
		for (String[] swap : new String[][] { { "\"/fuzz\"", "123" }, { "\"fuzz.1\"", "[]" },
				{ "\"TASK_RUNNING\"", "{}" }, { "\"status_update_event\"", "5" }, { "\"agent-a\"", "true" },
				{ "[31000]", "\"ports\"" } }) {
			cases.add(Case.any("wrong type " + swap[1], "POST", events, json, valid.replace(swap[0], swap[1])));
		}
		cases.add(Case.any("alive as text", "POST", events, json,
				"{\"eventType\":\"health_status_changed_event\",\"appId\":\"/fuzz\",\"taskId\":\"fuzz.1\","
						+ "\"alive\":\"yes\"}"));
		// Out of range.
		for (String number : List.of("1e999", "-1", "99999999999999999999999999", "-0", "1" + "0".repeat(5000))) {
			cases.add(Case.any("number " + number.length(), "POST", events, json,
					valid.replace("[31000]", "[" + number + "]")));
		}
		cases.add(Case.any("state 1000 long", "POST", events, json,
				valid.replace("TASK_RUNNING", "TASK_" + "X".repeat(1000))));
		// Unicode edges, injection attempts and hosts that are not hosts.
		for (String appId : List.of("/\u202Eevil", "/a\\u0000b", "/\\ud800", "/\\udc00a", "/\uD83D\uDE00", "/a\uFF0Fb",
				"/a/../../etc", "/a?b=c", "/a#b", "/a b", "/a\\nb", "/a%2Fb", "//", "/", "a", "/\u0130")) {
			cases.add(Case.any("appId " + appId, "POST", events, json, valid.replace("/fuzz", appId)));
			cases.add(Case.any("terminated " + appId, "POST", events, json,
					"{\"eventType\":\"app_terminated_event\",\"appId\":\"" + appId + "\"}"));
		}
		for (String host : List.of("evil:80/#", "user@host", "host\\r\\nX-Injected: 1", "[::1]:80", "a b",
				"\u0435xample.com", "h".repeat(300), "")) {
			cases.add(Case.any("host " + host, "POST", events, json,
					valid.replace("TASK_RUNNING", "TASK_KILLED").replace("\"agent-a\"", "\"" + host + "\"")));
		}
		cases.add(new Case("invalid UTF-8", "POST", events, json,
				new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}' }, false));
		cases.add(new Case("BOM", "POST", events, json,
				("\uFEFF" + valid.replace("/fuzz", "/\u0000")).getBytes(StandardCharsets.UTF_8), false));
		// The rest of the request: parameters and content types.
		cases.add(Case.refused("long registration", "POST", events + "&registration=" + "r".repeat(5000), json,
				"{\"eventType\":\"x\"}"));
		cases.add(Case.refused("form", "POST", events, "application/x-www-form-urlencoded", "eventType=x"));
		cases.add(Case.refused("xml", "POST", events, "application/xml", "<event/>"));
		cases.add(Case.refused("GET", "GET", events, json, ""));
		cases.add(Case.refused("PUT", "PUT", events, json, valid));
		cases.add(Case.refused("DELETE", "DELETE", events, json, ""));
		return cases;
	}

	private static List<Case> others() {
		List<Case> cases = new ArrayList<>();
		for (String force : List.of("maybe", "1e999", "%00", "%E2%80%AE", "tru", "true%00", "x".repeat(4000))) {
			cases.add(
					Case.refused("force " + force.length(), "POST", "/v1/sync?force=" + force, "application/json", ""));
		}
		cases.add(Case.refused("sync GET", "GET", "/v1/sync", "application/json", ""));
		cases.add(Case.refused("sync PUT", "PUT", "/v1/sync", "application/json", "{}"));
		cases.add(Case.refused("status POST", "POST", "/v1/status", "application/json", "{}"));
		cases.add(Case.refused("status DELETE", "DELETE", "/v1/status", "application/json", ""));
		for (String path : List.of("/v1/status?x=%00", "/v1/status?" + "a=b&".repeat(500), "/v1/status/%E2%80%AE",
				"/v1/status/..%2F..%2Fetc%2Fpasswd", "/?q=%3Cscript%3E", "/console.js?x=%FF",
				"/actuator/health?x=" + "y".repeat(3000), "/actuator/health/%00", "/actuator/health/nothing",
				"/actuator/metrics/%E2%80%AE", "/actuator/metrics/cairn.bridge.events?tag=type:%00",
				"/actuator/metrics/cairn.bridge.events?tag=" + "t".repeat(2000),
				"/actuator/prometheus?includedNames=%00", "/v3/api-docs/%00", "/v3/api-docs?group=" + "g".repeat(3000),
				"/swagger-ui/index.html?url=%00", "/actuator/env", "/actuator/heapdump", "/actuator/shutdown",
				"/%C0%AE%C0%AE/")) {
			cases.add(Case.any("GET " + path.substring(0, Math.min(40, path.length())), "GET", path, null, ""));
		}
		cases.add(Case.refused("shutdown", "POST", "/actuator/shutdown", "application/json", ""));
		cases.add(Case.refused("loggers", "POST", "/actuator/loggers/io.cairn", "application/json",
				"{\"configuredLevel\":\"TRACE\"}"));
		return cases;
	}

	@Test
	void everyEndpointAnswersBadInputWithA4xxAndWritesNothing() throws Exception {
		long consulWrites = writes(world.central.requests()) + writes(world.agentA.requests());
		long marathonWrites = world.marathon.requests()
			.stream()
			.filter((request) -> !request.startsWith("GET "))
			.count();
		List<Case> cases = new ArrayList<>(events());
		cases.addAll(others());
		List<String> failures = new ArrayList<>();
		for (Case c : cases) {
			HttpRequest.Builder request = HttpRequest.newBuilder(world.uri(c.path()))
				.header("Authorization", "Bearer " + TOKEN)
				.method(c.method(), (c.body().length == 0 && !c.method().equals("POST"))
						? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
			if (c.contentType() != null) {
				request.header("Content-Type", c.contentType());
			}
			HttpResponse<String> response;
			try {
				response = world.bridge.send(request.build());
			}
			catch (java.io.IOException ex) {
				failures.add(c.what() + ": no answer (" + ex + ")");
				continue;
			}
			int status = response.statusCode();
			if (status >= 500) {
				failures.add(c.what() + ": " + status + " " + abbreviate(response.body()));
			}
			else if (c.refused() && (status < 400 || !isProblem(response))) {
				failures.add(c.what() + ": expected a 4xx Problem Details, got " + status + " "
						+ abbreviate(response.body()));
			}
			else if (status >= 400 && response.body().contains("Exception")) {
				failures.add(c.what() + ": the answer names an exception: " + abbreviate(response.body()));
			}
		}
		assertThat(failures).isEmpty();
		// Events are applied asynchronously: wait until none is waiting before looking.
		Await.until("the events applied", () -> world.bridge.status().get("counts").get("pendingEvents").asInt() == 0);
		assertThat(writes(world.central.requests()) + writes(world.agentA.requests())).isEqualTo(consulWrites);
		assertThat(world.marathon.requests().stream().filter((request) -> !request.startsWith("GET ")).count())
			.isEqualTo(marathonWrites);
		JsonNode status = world.bridge.status();
		assertThat(status.get("role").asString()).isEqualTo("leader");
		assertThat(status.get("counts").get("registrations").asInt()).isZero();
	}

	private static long writes(List<RecordedRequest> requests) {
		return requests.stream()
			.filter((request) -> !request.method().equals("GET"))
			// The leader's own session upkeep is not caused by input (none here: no
			// election).
			.count();
	}

	private static boolean isProblem(HttpResponse<String> response) {
		if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
			return false;
		}
		JsonNode problem = JSON.readTree(response.body());
		return problem.path("status").asInt() == response.statusCode() && problem.has("detail");
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

}
