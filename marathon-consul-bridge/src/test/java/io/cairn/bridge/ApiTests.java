package io.cairn.bridge;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint refuses bad input with a 4xx and RFC 9457 Problem Details, never a 500;
 * writes need the token; the API is documented; operators get probes and meters.
 */
class ApiTests {

	private static TestBridge bridge;

	@BeforeAll
	static void world() {
		bridge = Scenario.get().bridge;
	}

	private static HttpResponse<String> post(String path, String contentType, String body, String token)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(bridge.uri(path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return bridge.send(request.build());
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = TestBridge.JSON.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(response.body()).doesNotContain("Exception", "at io.cairn");
	}

	@Test
	void theCallbackRefusesOnlyWhatMarathonNeverSends() throws Exception {
		String withToken = "/events?token=" + Scenario.TOKEN;
		assertProblem(post(withToken, "application/json", "{not json", null), 400);
		assertProblem(post(withToken, "application/json", "[1,2]", null), 400);
		assertProblem(post(withToken, "application/json", "", null), 400);
		assertProblem(post(withToken, "application/json", "\"a string\"", null), 400);
		// Marathon posts JSON; a browser posts text or forms cross-site without asking.
		assertProblem(post(withToken, "text/plain", "{\"eventType\":\"deployment_info\"}", null), 415);
		assertProblem(post("/events", "application/json", "{\"eventType\":\"deployment_info\"}", null), 401);
		assertProblem(post("/events?token=wrong", "application/json", "{\"eventType\":\"deployment_info\"}", null),
				401);
		assertThat(
				post("/events", "application/json", "{\"eventType\":\"deployment_info\"}", Scenario.TOKEN).statusCode())
			.isEqualTo(200);
		// Larger than cairn.bridge.events.max-size (512KB), under and over the request
		// limit
		// (1MB): a JSON object is skipped with a full sync and answered 2xx, since
		// Marathon
		// backs off from a subscriber that answers anything else.
		for (int size : new int[] { 600_000, 2_000_000 }) {
			String large = "{\"eventType\":\"api_post_event\",\"pad\":\"" + "x".repeat(size) + "\"}";
			HttpResponse<String> skipped = post(withToken, "application/json", large, null);
			assertThat(skipped.statusCode()).as(skipped.body()).isEqualTo(202);
			assertThat(skipped.body()).contains("\"status\":\"skipped\"", "full sync");
			String ignored = "{\"eventType\":\"deployment_info\",\"pad\":\"" + "x".repeat(size) + "\"}";
			HttpResponse<String> notUsed = post(withToken, "application/json", ignored, null);
			assertThat(notUsed.statusCode()).isEqualTo(200);
			assertThat(notUsed.body()).contains("\"status\":\"ignored\"");
			assertProblem(post(withToken, "application/json", "[\"" + "x".repeat(size) + "\"]", null), 400);
			assertProblem(post(withToken, "application/json", "{\"a\":" + "x".repeat(size) + "}", null), 400);
		}
		// Over cairn.bridge.events.callback.max-body-size (4MB here).
		String huge = "{\"eventType\":\"api_post_event\",\"pad\":\"" + "x".repeat(5_000_000) + "\"}";
		assertProblem(post(withToken, "application/json", huge, null), 413);
		assertProblem(bridge.send(HttpRequest.newBuilder(bridge.uri("/events")).GET().build()), 405);
	}

	@Test
	void theSyncNeedsTheTokenAndABoolean() throws Exception {
		assertProblem(post("/v1/sync", "application/json", "", null), 401);
		assertProblem(post("/v1/sync", "application/json", "", "wrong"), 401);
		assertProblem(post("/v1/sync?force=maybe", "application/json", "", Scenario.TOKEN), 400);
		assertProblem(bridge.get("/v1/sync"), 405);
		assertProblem(post("/v1/status", "application/json", "{}", Scenario.TOKEN), 405);
		assertProblem(bridge.get("/v1/nothing-here"), 404);
		HttpResponse<String> sync = post("/v1/sync", "application/json", "", Scenario.TOKEN);
		assertThat(sync.statusCode()).isEqualTo(200);
		assertThat(TestBridge.JSON.readTree(sync.body()).get("trigger").asString()).isEqualTo("api");
	}

	@Test
	void statusDocumentsTheBridge() throws Exception {
		JsonNode status = bridge.status();
		assertThat(status.get("role").asString()).isEqualTo("leader");
		assertThat(status.get("missing")).isEmpty();
		assertThat(status.get("leadership").get("mechanism").asString()).isEqualTo("consul");
		assertThat(status.get("leadership").get("leader").asString()).isEqualTo("scenario-bridge");
		assertThat(status.get("consul").get("kv").asString()).isEqualTo("consular/");
		assertThat(status.has("recentEvents")).isTrue();
	}

	@Test
	void openApiProbesAndMeters() throws Exception {
		Scenario world = Scenario.get();
		String app = ScenarioTests.app("metered");
		world.marathon().createApp("{\"id\":\"" + app + "\"}");
		Await.until("registered", () -> world.registeredExactly(app));
		String api = bridge.get("/v3/api-docs").body();
		assertThat(api).contains("/v1/status", "/v1/sync", "/events");
		HttpResponse<String> readiness = bridge.get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		JsonNode components = TestBridge.JSON.readTree(readiness.body()).get("components");
		assertThat(components.get("marathon").get("status").asString()).isEqualTo("UP");
		assertThat(components.get("consul").get("status").asString()).isEqualTo("UP");
		assertThat(bridge.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		String metrics = bridge.get("/actuator/prometheus").body();
		assertThat(metrics).contains("cairn_bridge_events_total{", "type=\"status_update_event\"",
				"cairn_bridge_registration_latency_seconds", "cairn_bridge_sync_duration_seconds_count",
				"cairn_bridge_leader", "cairn_bridge_registrations", "cairn_bridge_events_pending",
				"cairn_bridge_stream_connected");
		HttpResponse<String> console = bridge.get("/");
		assertThat(console.statusCode()).isEqualTo(200);
		assertThat(console.body()).contains("<title>Cairn marathon-consul-bridge</title>");
	}

}
