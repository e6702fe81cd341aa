package io.cairn.bridge.abuse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.bridge.Await;
import io.cairn.testkit.marathon.TaskInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The house rule "every size from outside is bounded", applied to Marathon's answers
 * ({@code cairn.bridge.marathon.max-response-size}): an app list over the bound fails the
 * sync before it writes anything, so no service is deregistered on a cut answer, and the
 * bridge syncs again once the answer fits.
 */
class AnswerSizeAbuseTests {

	private static AbuseWorld world;

	@BeforeAll
	static void start() {
		world = AbuseWorld.start(Map.of("cairn.bridge.marathon.max-response-size", "16KB", "cairn.bridge.sync.interval",
				"1h", "cairn.bridge.sync.agent-check-interval", "0s"));
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
	void aMarathonAnswerOverTheBoundIsRefusedAndNothingIsDeregistered() throws Exception {
		String app = AbuseWorld.app("kept");
		String running = AbuseWorld.app("running");
		world.deployQuietly("{\"id\":\"" + app + "\",\"instances\":2}", "{\"id\":\"" + running + "\"}");
		Await.until("registered", () -> world.registeredExactly(app) && world.registeredExactly(running));
		List<String> registered = world.marathon.tasks(app).stream().map(TaskInfo::id).sorted().toList();

		// Unseen by the bridge: the app's tasks end (a sync that read the list would
		// deregister them; the other app's task keeps the guard quiet), and one more app
		// makes the list larger than the bound.
		String bulky = AbuseWorld.app("bulky");
		world.marathon.faults().loseEvents(true);
		world.marathon.scale(app, 0);
		world.marathon.createApp("{\"id\":\"" + bulky + "\",\"instances\":0,\"labels\":{\"padding\":\""
				+ "x".repeat(20 * 1024) + "\"}}");
		JsonNode refused = world.bridge.sync();

		assertThat(refused.get("outcome").asString()).as("%s", refused).isEqualTo("failed");
		assertThat(refused.get("errors").get(0).asString()).contains("cairn.bridge.marathon.max-response-size")
			.contains("more than 16384 bytes");
		assertThat(refused.get("deregistered").asInt()).isZero();
		assertThat(world.servicesOf(app)).isEqualTo(registered);

		// The bridge runs on: once the answer fits again, the next sync reads it.
		world.marathon.destroyApp(bulky);
		JsonNode synced = world.bridge.sync();

		assertThat(synced.get("outcome").asString()).as("%s", synced).isEqualTo("success");
		assertThat(synced.get("deregistered").asInt()).isEqualTo(2);
		assertThat(world.servicesOf(app)).isEmpty();
		assertThat(world.registeredExactly(running)).isTrue();
	}

}
