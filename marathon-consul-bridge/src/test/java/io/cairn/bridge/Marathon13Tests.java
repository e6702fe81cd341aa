package io.cairn.bridge;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.MarathonVersion;
import io.cairn.testkit.marathon.TaskInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Marathon 1.3 over the event stream: old task IDs, health by task
 * ({@code health_status_changed_event} with {@code taskId}), no instance events, no
 * {@code TASK_KILLING}; services registered on the central agent
 * ({@code register-on: central}) with one service per named port; a silent stream is
 * reconnected.
 */
class Marathon13Tests {

	private static MarathonSimulator marathon;

	private static ConsulSimulator consul;

	private static TestBridge bridge;

	@BeforeAll
	static void start() {
		marathon = MarathonSimulator.builder()
			.version(MarathonVersion.V1_3)
			.hosts("old-agent")
			.autoHealthy(false)
			.start();
		consul = ConsulSimulator.start();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("cairn.bridge.marathon.urls", marathon.baseUrl().toString());
		properties.put("cairn.consul.addresses", consul.address());
		properties.put("cairn.bridge.consul.register-on", "central");
		properties.put("cairn.bridge.mapping.service-per-port", "true");
		properties.put("cairn.bridge.leader.election", "none");
		// The simulator's heartbeat comes every 15 s: a quiet stream looks dead after 3
		// s.
		properties.put("cairn.bridge.events.idle-timeout", "3s");
		bridge = TestBridge.start(properties);
		Await.until("streaming", () -> bridge.status().get("marathon").get("stream").asString().equals("connected"));
	}

	@AfterAll
	static void stop() {
		bridge.close();
		marathon.close();
		consul.close();
	}

	@Test
	void healthByTaskGatesTheRegistrationOfEveryPort() {
		marathon.createApp("{\"id\":\"/legacy/api\",\"portDefinitions\":[{\"port\":0,\"name\":\"http\"},"
				+ "{\"port\":0,\"name\":\"admin\"}],\"healthChecks\":[{\"protocol\":\"HTTP\",\"path\":\"/\"}]}");
		TaskInfo task = marathon.tasks("/legacy/api").get(0);
		assertThat(task.id()).startsWith("legacy_api.").doesNotContain("marathon-").doesNotContain("instance-");
		Await.until("the running task seen", () -> bridge.status().get("recentEvents").toString().contains(task.id()));
		assertThat(consul.hasService(task.id() + ":0")).isFalse();
		marathon.setHealth(task.id(), true);
		Await.until("both ports registered once healthy",
				() -> consul.hasService(task.id() + ":0") && consul.hasService(task.id() + ":1"));
		marathon.killTask(task.id(), true);
		Await.until("deregistered", () -> !consul.hasService(task.id() + ":0") && !consul.hasService(task.id() + ":1"));
		assertThat(marathon.events()).noneMatch((event) -> event.json().contains("TASK_KILLING"));
	}

	@Test
	void aSilentStreamIsReconnected() {
		Await.until("reconnected after silence", () -> {
			var status = bridge.status().get("marathon");
			return status.get("connections").asLong() >= 2
					&& bridge.status().get("recentErrors").toString().contains("silent for PT3S");
		});
	}

}
