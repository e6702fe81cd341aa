package io.cairn.bridge.abuse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.bridge.Await;
import io.cairn.bridge.sync.Tombstones;
import io.cairn.testkit.marathon.TaskInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review finding C1: one unauthenticated POST to {@code /events} deregistered a running
 * app's services and deleted its KV labels, and the full sync did not repair it (the
 * forged end of a task was remembered and outvoted Marathon). Here callbacks are switched
 * on without a token (the attacker is a client the write policy lets in), and Marathon
 * still runs what the forged events say has ended.
 */
class ForgedEventAbuseTests {

	private static AbuseWorld world;

	@BeforeAll
	static void start() {
		world = AbuseWorld.start(Map.of("cairn.bridge.events.callback.enabled", "true"));
	}

	@AfterAll
	static void stop() {
		world.close();
	}

	@Test
	void c1TheCallbackAnswers404UnlessCallbacksAreConfigured() throws Exception {
		try (AbuseWorld plain = AbuseWorld.start(Map.of())) {
			String app = AbuseWorld.app("unasked");
			plain.deployQuietly("{\"id\":\"" + app + "\"}");
			Await.until("registered", () -> plain.registeredExactly(app));
			var answer = plain.post("/events", "application/json",
					"{\"eventType\":\"app_terminated_event\",\"appId\":\"" + app + "\"}");
			assertThat(answer.statusCode()).isEqualTo(404);
			assertThat(answer.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(plain.bridge.status().get("marathon").get("callbackEnabled").asBoolean()).isFalse();
			assertThat(plain.bridge.get("/v3/api-docs").body()).doesNotContain("\"/events\"");
			assertThat(plain.registeredExactly(app)).isTrue();
		}
	}

	@Test
	void c1ForgedAppTerminatedEventLeavesServicesAndLabelsWhileMarathonRunsTheApp() throws Exception {
		String app = AbuseWorld.app("prod-payments");
		world.deployQuietly("{\"id\":\"" + app + "\",\"instances\":2,\"labels\":{\"domain\":\"pay.example.org\"}}");
		String label = "consular/" + AbuseWorld.name(app) + "/domain";
		Await.until("registered with its label", () -> world.registeredExactly(app) && world.kv(label).isPresent());

		assertThat(world
			.post("/events", "application/json",
					"{\"eventType\":\"app_terminated_event\",\"appId\":\"" + app + "\",\"timestamp\":\"x\"}")
			.statusCode()).isBetween(200, 299);
		world.awaitApplied("app_terminated_event", app, "");

		assertThat(world.registeredExactly(app)).isTrue();
		assertThat(world.kv(label)).hasValue("\"pay.example.org\"");
		world.bridge.sync();
		assertThat(world.registeredExactly(app)).isTrue();
		assertThat(world.kv(label)).hasValue("\"pay.example.org\"");
	}

	@Test
	void c1ForgedTaskKilledLeavesTheServiceWhileMarathonRunsTheTask() throws Exception {
		String app = AbuseWorld.app("web");
		world.deployQuietly("{\"id\":\"" + app + "\",\"instances\":2}");
		Await.until("registered", () -> world.registeredExactly(app));
		TaskInfo victim = world.marathon.tasks(app).get(0);

		assertThat(world
			.post("/events", "application/json",
					"{\"eventType\":\"status_update_event\",\"appId\":\"" + app + "\",\"taskId\":\"" + victim.id()
							+ "\",\"taskStatus\":\"TASK_KILLED\",\"host\":\"agent-a\"}")
			.statusCode()).isBetween(200, 299);
		world.awaitApplied("status_update_event", victim.id(), "TASK_KILLED");

		assertThat(world.servicesOf(app)).contains(victim.id());
		world.bridge.sync();
		assertThat(world.registeredExactly(app)).isTrue();
	}

	@Test
	void hostileEventsAffectOnlyThemselves() throws Exception {
		List<String> hostile = List.of("[".repeat(100_000),
				"{\"eventType\":\"status_update_event\",\"appId\":\"/" + "a".repeat(300_000)
						+ "\",\"taskId\":\"x.1\",\"taskStatus\":\"TASK_KILLED\"}",
				"{\"eventType\":\"app_terminated_event\",\"appId\":\"/a/../../b\"}",
				"{\"eventType\":\"status_update_event\",\"appId\":\"/none\",\"taskId\":\"none.1\","
						+ "\"taskStatus\":\"TASK_KILLED\",\"host\":\"evil:80/#\"}",
				"{\"eventType\":\"api_post_event\",\"appDefinition\":{\"id\":\"/x\",\"labels\":[1,2,3]}}");
		String app = AbuseWorld.app("alongside");
		for (String event : hostile) {
			assertThat(world.post("/events", "application/json", event).statusCode()).isLessThan(500);
		}
		world.marathon.createApp("{\"id\":\"" + app + "\",\"instances\":2,\"labels\":{\"k\":\"v\"}}");
		for (String event : hostile) {
			assertThat(world.post("/events", "application/json", event).statusCode()).isLessThan(500);
		}
		Await.until("the real app registered with its labels",
				() -> world.registeredExactly(app) && world.kv("consular/" + AbuseWorld.name(app) + "/k").isPresent());
		assertThat(world.bridge.status().get("role").asString()).isEqualTo("leader");
	}

	@Test
	void c1AnEndRememberedWronglyNeverOutvotesMarathonReadAfterIt() throws Exception {
		String app = AbuseWorld.app("remembered");
		world.deployQuietly("{\"id\":\"" + app + "\",\"instances\":1}");
		Await.until("registered", () -> world.registeredExactly(app));
		TaskInfo task = world.marathon.tasks(app).get(0);
		// What an event that got it wrong leaves behind: the task remembered as ended and
		// its service gone, while Marathon still runs it.
		world.bridge.bean(Tombstones.class).add(task.id());
		try (var agent = io.cairn.consul.Consul.builder().address(world.agentA.address()).build()) {
			agent.agent().deregisterService(task.id());
		}
		assertThat(world.servicesOf(app)).isEmpty();

		world.bridge.sync();

		assertThat(world.servicesOf(app)).isEqualTo(List.of(task.id()));
	}

}
