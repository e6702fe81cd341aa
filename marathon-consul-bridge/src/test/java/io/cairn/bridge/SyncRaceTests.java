package io.cairn.bridge;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.bridge.abuse.AbuseWorld;
import io.cairn.testkit.marathon.TaskInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events applied while a full sync is under way, as after a takeover under load, where
 * the sync's snapshot of Marathon and its writes are seconds apart (defects 6 and 8 of
 * docs/faults.md). A hanging agent call holds the sync between two of its steps, so that
 * an event lands exactly there.
 */
class SyncRaceTests {

	private static AbuseWorld world;

	@BeforeAll
	static void start() {
		world = AbuseWorld.start(Map.of("cairn.bridge.sync.agent-check-interval", "0"));
	}

	@AfterAll
	static void stop() {
		world.close();
	}

	@AfterEach
	void clearFaults() {
		world.agentA.faults().clear();
		world.marathon.faults().loseEvents(false);
	}

	@Test
	void aTaskThatEndsAfterTheSyncReadMarathonIsNotRegisteredByIt() throws Exception {
		world.bridge.sync();
		String app = AbuseWorld.app("late");
		world.marathon.faults().loseEvents(true);
		world.marathon.createApp("{\"id\":\"" + app + "\",\"instances\":1}");
		world.marathon.faults().loseEvents(false);
		String task = world.marathon.tasks(app).get(0).id();

		// The sync reads Marathon (the task runs), then waits on the agent's listing.
		world.agentA.clearRequests();
		world.agentA.faults().hang("/v1/agent/services");
		CompletableFuture<?> sync = runSync();
		Await.until("the sync lists agent-a", () -> !world.agentA.requests("/v1/agent/services").isEmpty());

		// Meanwhile Marathon kills the task and the bridge applies its end.
		world.marathon.killTask(task, true);
		world.awaitApplied("status_update_event", task, "TASK_KILLED");
		world.agentA.faults().clear();
		sync.get(60, TimeUnit.SECONDS);

		assertThat(world.servicesOf(app)).isEmpty();
	}

	@Test
	void aServiceAnEventDeregistersDuringASyncIsDeregisteredOnce() throws Exception {
		String app = AbuseWorld.app("once");
		world.deployQuietly("{\"id\":\"" + app + "\",\"instances\":2}");
		Await.until("registered", () -> world.registeredExactly(app));
		TaskInfo victim = world.marathon.tasks(app).get(0);

		// The task is killed and its events are late; another app waits to be registered.
		world.marathon.faults().loseEvents(true);
		world.marathon.killTask(victim.id(), true);
		String other = AbuseWorld.app("other");
		world.marathon.createApp("{\"id\":\"" + other + "\",\"instances\":1}");
		world.marathon.faults().loseEvents(false);

		// The sync lists the agents (the victim's service is there), then waits on the
		// other app's registration.
		world.agentA.clearRequests();
		world.agentA.faults().hang("/v1/agent/service/register");
		CompletableFuture<?> sync = runSync();
		Await.until("the sync registers", () -> !world.agentA.requests("/v1/agent/service/register").isEmpty());

		// The late event arrives and deregisters the service.
		world.marathon.emit("status_update_event", "{\"eventType\":\"status_update_event\",\"appId\":\"" + app
				+ "\",\"taskId\":\"" + victim.id()
				+ "\",\"taskStatus\":\"TASK_KILLED\",\"host\":\"agent-a\",\"timestamp\":\"2026-12-05T08:00:00.000Z\"}");
		world.awaitApplied("status_update_event", victim.id(), "deregistered 1 service");
		world.agentA.faults().clear();
		sync.get(60, TimeUnit.SECONDS);

		assertThat(world.servicesOf(app)).doesNotContain(victim.id());
		assertThat(world.registeredExactly(other)).isTrue();
		List<String> deregistrations = world.agentA.requests()
			.stream()
			.filter((request) -> request.path().equals("/v1/agent/service/deregister/" + victim.id()))
			.map((request) -> request.method() + " " + request.path())
			.toList();
		assertThat(deregistrations).hasSize(1);
	}

	private static CompletableFuture<?> runSync() {
		return CompletableFuture.runAsync(() -> {
			try {
				world.bridge.sync();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

}
