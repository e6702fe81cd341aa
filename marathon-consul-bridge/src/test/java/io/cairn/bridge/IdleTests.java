package io.cairn.bridge;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Started with no configuration at all (as the launcher starts it), the bridge idles,
 * says what to set, stays ready, and touches nothing.
 */
class IdleTests {

	private static TestBridge bridge;

	@BeforeAll
	static void start() {
		// Nothing configured but the callback, whose answer an idle bridge gives too.
		bridge = TestBridge.start(Map.of("cairn.bridge.events.callback.enabled", "true"));
	}

	@AfterAll
	static void stop() {
		bridge.close();
	}

	@Test
	void itSaysWhatIsMissing() throws Exception {
		JsonNode status = bridge.status();
		assertThat(status.get("role").asString()).isEqualTo("idle");
		assertThat(status.get("missing").toString()).contains("cairn.bridge.marathon.urls", "cairn.mesos.marathon.zk",
				"cairn.consul.addresses");
		assertThat(status.get("marathon").get("stream").asString()).isEqualTo("stopped");
	}

	@Test
	void itIsHealthyAndReadyWithTheMissingPartsUnknown() throws Exception {
		HttpResponse<String> readiness = bridge.get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		JsonNode health = TestBridge.JSON.readTree(bridge.get("/actuator/health").body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("components").get("marathon").get("status").asString()).isEqualTo("UNKNOWN");
		assertThat(health.get("components").get("consul").get("status").asString()).isEqualTo("UNKNOWN");
		// No details (addresses, reasons) for anonymous readers (finding L3); /v1/status
		// says what is missing.
		assertThat(health.get("components").get("consul").has("details")).isFalse();
		assertThat(health.get("components").has("db")).isFalse();
	}

	@Test
	void writesAreAnsweredWithoutActing() throws Exception {
		HttpResponse<String> sync = bridge
			.send(HttpRequest.newBuilder(bridge.uri("/v1/sync")).POST(HttpRequest.BodyPublishers.noBody()).build());
		assertThat(sync.statusCode()).isEqualTo(503);
		assertThat(sync.body()).contains("idle");
		HttpResponse<String> event = bridge.postEvent("", "{\"eventType\":\"status_update_event\","
				+ "\"appId\":\"/a\",\"taskId\":\"a.1\",\"taskStatus\":\"TASK_RUNNING\",\"host\":\"h\"}");
		assertThat(event.statusCode()).isEqualTo(200);
		assertThat(event.body()).contains("not-acting");
	}

}
