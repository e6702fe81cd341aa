package io.cairn.bridge.abuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.bridge.Await;
import io.cairn.bridge.sync.Tombstones;
import io.cairn.testkit.marathon.TaskInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review finding L8: the bridge's guards had gaps. A cluster of ten services or fewer had
 * no guard against a Marathon answer listing apps without tasks; the KV purge had no
 * guard of its own; forged ends of tasks filled the memory of ended tasks, pushing real
 * ones out; an agent that lost its services waited for the next periodic sync.
 */
class GuardAbuseTests {

	private static AbuseWorld world;

	@BeforeAll
	static void start() {
		world = AbuseWorld.start(Map.of("cairn.bridge.events.callback.enabled", "true", "cairn.bridge.sync.interval",
				"1h", "cairn.bridge.sync.agent-check-interval", "200ms"));
	}

	@AfterAll
	static void stop() {
		world.close();
	}

	@AfterEach
	void clearFaults() {
		world.marathon.faults().clear();
	}

	@Test
	void l8AFewServicesAreGuardedAgainstAMarathonAnswerWithoutTasks() throws Exception {
		String app = AbuseWorld.app("few");
		world.deployQuietly("{\"id\":\"" + app + "\",\"instances\":2}");
		Await.until("registered", () -> world.registeredExactly(app));

		double refusedBefore = refusedSyncs();
		world.marathon.faults().appsWithoutTasks(true);
		JsonNode refused = world.bridge.sync();

		assertThat(refused.get("guardTripped").asBoolean()).isTrue();
		assertThat(refused.get("deregistered").asInt()).isZero();
		assertThat(world.registeredExactly(app)).isTrue();
		// What CairnBridgeSyncRefused watches.
		assertThat(refusedSyncs()).isEqualTo(refusedBefore + 1);
	}

	/**
	 * The count of refused syncs as Prometheus scrapes it; the series exists from
	 * start-up, so that the alert's increase() sees the first refusal.
	 */
	private static double refusedSyncs() throws Exception {
		String scrape = world.bridge.get("/actuator/prometheus").body();
		java.util.regex.Matcher matcher = java.util.regex.Pattern
			.compile("(?m)^cairn_bridge_sync_duration_seconds_count\\{[^}]*outcome=\"refused\"[^}]*} (\\S+)$")
			.matcher(scrape);
		assertThat(matcher.find()).as("the refused-sync series in %s", scrape).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	@Test
	void l8TheKvPurgeHasAGuardOfItsOwn() throws Exception {
		// Apps scaled to zero keep their labels in KV and have no service: a partial
		// app list leaves the service guard nothing to refuse.
		String listed = AbuseWorld.app("listed");
		world.deployQuietly("{\"id\":\"" + listed + "\"}");
		List<String> idle = new ArrayList<>();
		List<String> definitions = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String app = AbuseWorld.app("idle" + i);
			idle.add(app);
			definitions.add("{\"id\":\"" + app + "\",\"instances\":0,\"labels\":{\"owner\":\"team\"}}");
		}
		world.deployQuietly(definitions.toArray(String[]::new));
		Await.until("their labels written", () -> idle.stream()
			.allMatch((app) -> world.kv("consular/" + AbuseWorld.name(app) + "/owner").isPresent()));

		world.marathon.faults().unlist(idle.toArray(String[]::new));
		JsonNode refused = world.bridge.sync();

		assertThat(refused.get("guardTripped").asBoolean()).isTrue();
		assertThat(refused.get("kvPurged").asInt()).isZero();
		assertThat(idle).allMatch((app) -> world.kv("consular/" + AbuseWorld.name(app) + "/owner").isPresent());
	}

	@Test
	void l8ForgedEndsOfTasksAreNotRemembered() throws Exception {
		String app = AbuseWorld.app("remembered");
		world.deployQuietly("{\"id\":\"" + app + "\"}");
		Await.until("registered", () -> world.registeredExactly(app));
		Tombstones tombstones = world.bridge.bean(Tombstones.class);
		int before = tombstones.size();
		for (int i = 0; i < 50; i++) {
			world.post("/events", "application/json", "{\"eventType\":\"status_update_event\",\"appId\":\"" + app
					+ "\",\"taskId\":\"forged." + i + "\",\"taskStatus\":\"TASK_KILLED\",\"host\":\"agent-a\"}");
		}
		world.awaitApplied("status_update_event", "forged.49", "");
		for (int i = 0; i < 49; i++) {
			world.awaitApplied("status_update_event", "forged." + i, "");
		}
		assertThat(tombstones.size()).isEqualTo(before);
	}

	@Test
	void l8AnAgentThatLostItsServicesIsRepairedWithoutWaitingForThePeriodicSync() throws Exception {
		String app = AbuseWorld.app("lost");
		world.deployQuietly("{\"id\":\"" + app + "\",\"instances\":2}");
		Await.until("registered", () -> world.registeredExactly(app));
		List<String> before = world.marathon.tasks(app).stream().map(TaskInfo::id).toList();

		// The host's agent restarts with an empty data folder; no event follows.
		world.agentA.restart();

		Await.until("registered again", () -> world.registeredExactly(app));
		assertThat(world.servicesOf(app)).containsExactlyInAnyOrderElementsOf(before);
	}

}
