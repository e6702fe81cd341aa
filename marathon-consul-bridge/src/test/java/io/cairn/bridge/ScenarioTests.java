package io.cairn.bridge;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.PublishedEvent;
import io.cairn.testkit.marathon.TaskInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge as it runs: Marathon events over the SSE stream into Consul services on the
 * task hosts' agents and labels into KV, through deploys, scaling, kills, destroyed apps,
 * label changes and health gating, and through what goes wrong: events out of order or
 * twice, a dropped stream, a Marathon leader change, a host agent down, Consul losing its
 * state.
 */
class ScenarioTests {

	private static Scenario world;

	@BeforeAll
	static void world() {
		world = Scenario.get();
	}

	@BeforeEach
	void leading() {
		Await.until("the bridge leads with its stream connected", () -> {
			JsonNode status = world.bridge.status();
			return status.get("role").asString().equals("leader")
					&& status.get("marathon").get("stream").asString().equals("connected");
		});
	}

	static String app(String prefix) {
		return "/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static MarathonSimulator marathon() {
		return world.marathon();
	}

	@Test
	void aDeployRegistersEveryTaskOnItsHostsAgentAsConsularDid() {
		String app = app("deploy");
		marathon().createApp("{\"id\":\"" + app + "\",\"instances\":2,\"labels\":{\"domain\":\"example.org\"},"
				+ "\"portDefinitions\":[{\"port\":0},{\"port\":0}]}");
		Await.until("both tasks registered", () -> world.registeredExactly(app));
		List<TaskInfo> tasks = marathon().tasks(app);
		assertThat(tasks).extracting(TaskInfo::host).containsExactlyInAnyOrder("agent-a", "agent-b");
		for (TaskInfo task : tasks) {
			AgentService service = world.serviceOf(task).orElseThrow();
			assertThat(service.service()).isEqualTo(app.substring(1));
			assertThat(service.address()).isEqualTo(task.host());
			assertThat(service.port()).isEqualTo(task.ports().stream().min(Integer::compare).orElseThrow());
			assertThat(service.tagList()).containsExactly("consular-reg-id=consular", "consular-app-id=" + app);
		}
		Await.until("the label in KV", () -> world.kv("consular/" + app.substring(1) + "/domain").isPresent());
		assertThat(world.kv("consular/" + app.substring(1) + "/domain")).hasValue("\"example.org\"");
	}

	@Test
	void groupedAppsAreNamedWithDashesAndTasksWithoutPortsHaveNone() {
		String app = "/group" + UUID.randomUUID().toString().substring(0, 6) + "/sub/web";
		marathon().createApp("{\"id\":\"" + app + "\",\"portDefinitions\":[]}");
		Await.until("registered", () -> world.registeredExactly(app));
		AgentService service = world.serviceOf(marathon().tasks(app).get(0)).orElseThrow();
		assertThat(service.service()).isEqualTo(app.substring(1).replace('/', '-'));
		assertThat(service.port()).isZero();
	}

	@Test
	void scalingUpAndDownFollowsTheTasks() {
		String app = app("scale");
		marathon().createApp("{\"id\":\"" + app + "\",\"instances\":1}");
		Await.until("one task registered", () -> world.registeredExactly(app));
		marathon().scale(app, 4);
		Await.until("four tasks registered", () -> world.registeredExactly(app) && world.servicesOfApp(app) == 4);
		marathon().scale(app, 1);
		Await.until("back to one", () -> world.registeredExactly(app) && world.servicesOfApp(app) == 1);
	}

	@Test
	void aKilledTaskIsDeregisteredAndItsReplacementRegistered() {
		String app = app("kill");
		marathon().createApp("{\"id\":\"" + app + "\",\"instances\":2}");
		Await.until("registered", () -> world.registeredExactly(app));
		TaskInfo killed = marathon().tasks(app).get(0);
		marathon().killTask(killed.id());
		Await.until("the replacement registered and the killed task gone",
				() -> world.registeredExactly(app) && world.serviceOf(killed).isEmpty());
		TaskInfo replacement = marathon().tasks(app)
			.stream()
			.filter((task) -> task.instanceId().equals(killed.instanceId()))
			.findFirst()
			.orElseThrow();
		// Marathon 1.8 keeps the instance and counts incarnations.
		assertThat(replacement.id()).endsWith("._app.2");
	}

	@Test
	void aDestroyedAppLosesItsServicesAndItsLabels() {
		String app = app("destroy");
		marathon().createApp("{\"id\":\"" + app + "\",\"instances\":2,\"labels\":{\"owner\":\"ops\"}}");
		Await.until("registered with labels",
				() -> world.registeredExactly(app) && world.kv("consular/" + app.substring(1) + "/owner").isPresent());
		marathon().destroyApp(app);
		Await.until("everything gone",
				() -> world.servicesOfApp(app) == 0 && world.kvKeys("consular/" + app.substring(1) + "/").isEmpty());
	}

	@Test
	void aLabelChangeRewritesKvAtomicallyAndOnlyUnderTheAppsOwnPrefix() {
		String app = app("labels");
		String twin = app + "2";
		marathon().createApp("{\"id\":\"" + app + "\",\"labels\":{\"a\":\"1\",\"old\":\"x\",\"deep/key\":\"y\"}}");
		marathon().createApp("{\"id\":\"" + twin + "\",\"labels\":{\"old\":\"kept\"}}");
		String folder = "consular/" + app.substring(1) + "/";
		Await.until("labels written", () -> world.kv(folder + "deep/key").isPresent()
				&& world.kv("consular/" + twin.substring(1) + "/old").isPresent());
		marathon().updateLabelsInPlace(app, Map.of("a", "2", "new", "value with \"quotes\""));
		Await.until("labels rewritten", () -> world.kv(folder + "a").equals(java.util.Optional.of("\"2\"")));
		assertThat(world.kvKeys(folder)).containsExactlyInAnyOrder(folder + "a", folder + "new");
		assertThat(world.kv(folder + "new")).hasValue("\"value with \\\"quotes\\\"\"");
		// Consular listed "consular/<name>" without the slash and deleted the twin's key.
		assertThat(world.kv("consular/" + twin.substring(1) + "/old")).hasValue("\"kept\"");
	}

	@Test
	void aLabelChangeThatRestartsTasksMovesTheRegistrations() {
		String app = app("restart");
		marathon().createApp("{\"id\":\"" + app + "\",\"instances\":2,\"labels\":{\"v\":\"1\"}}");
		Await.until("registered", () -> world.registeredExactly(app));
		List<TaskInfo> before = marathon().tasks(app);
		marathon().updateLabels(app, Map.of("v", "2"));
		Await.until("new tasks registered, old ones gone", () -> world.registeredExactly(app)
				&& before.stream().allMatch((task) -> world.serviceOf(task).isEmpty()));
		Await.until("the new label", () -> world.kv("consular/" + app.substring(1) + "/v").orElse("").equals("\"2\""));
	}

	@Test
	void tasksOfAppsWithHealthChecksWaitUntilHealthy() throws Exception {
		String app = app("health");
		marathon().autoHealthy(false);
		try {
			marathon().createApp("{\"id\":\"" + app + "\",\"healthChecks\":[{\"protocol\":\"HTTP\",\"path\":\"/h\"}]}");
		}
		finally {
			marathon().autoHealthy(true);
		}
		TaskInfo task = marathon().tasks(app).get(0);
		// The task's running state applied (its status event, or the instance event that
		// superseded it) without a registration.
		awaitApplied("the running task", null, task.instanceId(), "registered 0");
		assertThat(world.serviceOf(task)).isEmpty();
		marathon().setHealth(task.id(), true);
		Await.until("registered once healthy", () -> world.serviceOf(task).isPresent());
		marathon().setHealth(task.id(), false);
		Await.until("deregistered when unhealthy", () -> world.serviceOf(task).isEmpty());
	}

	@Test
	void eventsOutOfOrderLeaveMarathonsStateInConsul() {
		String app = app("order");
		marathon().faults().loseEvents(true);
		TaskInfo killed;
		try {
			marathon().createApp("{\"id\":\"" + app + "\",\"instances\":1}");
			killed = marathon().tasks(app).get(0);
			marathon().killTask(killed.id());
		}
		finally {
			marathon().faults().loseEvents(false);
		}
		TaskInfo replacement = marathon().tasks(app).get(0);
		// The killed task's end arrives before its start; the replacement's start last.
		marathon().emit("status_update_event", event("status_update_event", killed.id(), "TASK_KILLED"));
		marathon().emit("status_update_event", event("status_update_event", killed.id(), "TASK_RUNNING"));
		marathon().emit("status_update_event", event("status_update_event", replacement.id(), "TASK_RUNNING"));
		Await.until("the replacement registered", () -> world.serviceOf(replacement).isPresent());
		// Same instance, same lane: the stale event was applied (registering nothing) or
		// superseded before the replacement's was applied.
		assertThat(world.serviceOf(killed)).isEmpty();
		assertThat(world.registeredExactly(app)).isTrue();
	}

	@Test
	void whatASyncLeftUndoneIsRetriedWithoutWaitingForTheNextInterval() throws Exception {
		// No periodic sync here (interval 0) and no event for the task: only a
		// retry of the partial sync can register it.
		String app = app("retry");
		marathon().faults().loseEvents(true);
		try {
			marathon().createApp("{\"id\":\"" + app + "\",\"instances\":1}");
		}
		finally {
			marathon().faults().loseEvents(false);
		}
		List<ConsulSimulator> agents = List.of(world.agentA, world.agentB, world.central);
		try {
			for (ConsulSimulator agent : agents) {
				agent.faults().failNext("/v1/agent/service/register", 500, 1);
			}
			JsonNode result = world.bridge.sync();
			assertThat(result.get("outcome").asString()).isEqualTo("partial");
			assertThat(world.servicesOfApp(app)).isZero();
			Await.until("registered by the retry", () -> world.registeredExactly(app));
		}
		finally {
			for (ConsulSimulator agent : agents) {
				agent.faults().clear();
			}
		}
	}

	@Test
	void duplicateEventsChangeNothing() {
		String app = app("dup");
		marathon().createApp("{\"id\":\"" + app + "\",\"instances\":1}");
		Await.until("registered", () -> world.registeredExactly(app));
		TaskInfo task = marathon().tasks(app).get(0);
		String running = event("status_update_event", task.id(), "TASK_RUNNING");
		for (int i = 0; i < 5; i++) {
			marathon().emit("status_update_event", running);
		}
		marathon().killTask(task.id(), true);
		String killed = event("status_update_event", task.id(), "TASK_KILLED");
		for (int i = 0; i < 3; i++) {
			marathon().emit("status_update_event", killed);
		}
		Await.until("deregistered", () -> world.servicesOfApp(app) == 0);
		awaitApplied("the duplicates", "status_update_event", task.id(), "deregistered 0");
		assertThat(world.servicesOfApp(app)).isZero();
	}

	@Test
	void eventTypesTheBridgeDoesNotUseAreAcknowledged() throws Exception {
		for (String body : List.of("{\"eventType\":\"deployment_info\",\"plan\":{}}",
				"{\"eventType\":\"a_future_event\",\"x\":1}", "{\"no\":\"type\"}",
				"{\"eventType\":\"status_update_event\",\"taskStatus\":\"TASK_RUNNING\"}",
				"{\"eventType\":\"pod_created_event\",\"uri\":\"/v2/pods/p\"}")) {
			HttpResponse<String> response = world.bridge.postEvent("?registration=consular&token=" + Scenario.TOKEN,
					body);
			assertThat(response.statusCode()).as(body).isEqualTo(200);
			assertThat(response.body()).contains("\"status\":\"ignored\"");
		}
		marathon().emit("a_future_event", "{\"eventType\":\"a_future_event\"}");
		marathon().emit("deployment_step_success", "{\"eventType\":\"deployment_step_success\",\"plan\":{}}");
		String app = app("after-unknown");
		marathon().createApp("{\"id\":\"" + app + "\"}");
		Await.until("the stream still works", () -> world.registeredExactly(app));
	}

	@Test
	void aTaskStateUnknownToTheBridgeDeregisters() {
		String app = app("future-state");
		marathon().createApp("{\"id\":\"" + app + "\",\"instances\":2}");
		Await.until("registered", () -> world.registeredExactly(app));
		List<TaskInfo> tasks = marathon().tasks(app);
		marathon().endTask(tasks.get(0).id(), "TASK_GONE_BY_OPERATOR", false);
		marathon().endTask(tasks.get(1).id(), "TASK_SOMETHING_NEW", false);
		Await.until("both deregistered", () -> world.servicesOfApp(app) == 0);
	}

	@Test
	void containerNetworkingRegistersTheTasksOwnAddressAndContainerPort() {
		String app = app("ip");
		marathon().createApp("{\"id\":\"" + app + "\",\"networks\":[{\"mode\":\"container\",\"name\":\"dcos\"}],"
				+ "\"container\":{\"type\":\"DOCKER\",\"docker\":{\"image\":\"nginx\"},"
				+ "\"portMappings\":[{\"containerPort\":8443,\"name\":\"https\"},{\"containerPort\":8080,\"name\":\"http\"}]}}");
		Await.until("registered", () -> world.registeredExactly(app));
		TaskInfo task = marathon().tasks(app).get(0);
		AgentService service = world.serviceOf(task).orElseThrow();
		assertThat(service.address()).isEqualTo(task.ipAddress()).startsWith("10.200.");
		assertThat(service.port()).isEqualTo(8080);
	}

	@Test
	void aDroppedStreamIsResumedAndWhatWasMissedIsSynced() throws Exception {
		long before = world.bridge.status().get("marathon").get("connections").asLong();
		marathon().faults().refuseStreams(true);
		String app = app("dropped");
		try {
			world.marathon.leader().dropStreams();
			Await.until("the stream is down",
					() -> !world.bridge.status().get("marathon").get("stream").asString().equals("connected"));
			marathon().createApp("{\"id\":\"" + app + "\",\"instances\":2}");
		}
		finally {
			marathon().faults().refuseStreams(false);
		}
		Await.until("registered by the resync after reconnecting", () -> world.registeredExactly(app));
		// The registrations happen during the sync; its result is recorded when it ends.
		Await.until("the resync recorded",
				() -> world.bridge.status()
					.get("sync")
					.get("last")
					.get("trigger")
					.asString()
					.equals("stream connected"));
		assertThat(world.bridge.status().get("marathon").get("connections").asLong()).isGreaterThan(before);
	}

	@Test
	void aMarathonLeaderChangeMovesTheStreamToTheNewLeader() throws Exception {
		MarathonSimulator next = world.marathon.failover();
		Await.until("streaming from the new leader",
				() -> next.baseUrl()
					.toString()
					.equals(world.bridge.status().get("marathon").get("streamSource").asString("")));
		String app = app("failover");
		next.createApp("{\"id\":\"" + app + "\",\"instances\":2}");
		Await.until("events from the new leader applied", () -> world.registeredExactly(app));
	}

	@Test
	void aHostAgentDownFallsBackToTheCentralAgentAndMovesBackLater() throws Exception {
		String app = app("fallback");
		world.agentB.stopAgent();
		TaskInfo onB;
		try {
			marathon().createApp("{\"id\":\"" + app + "\",\"instances\":2}");
			onB = marathon().tasks(app)
				.stream()
				.filter((task) -> task.host().equals("agent-b"))
				.findFirst()
				.orElseThrow();
			Await.until("registered on the central agent", () -> world.services(world.central).containsKey(onB.id()));
		}
		finally {
			world.agentB.startAgent();
		}
		AgentService fallback = world.services(world.central).get(onB.id());
		assertThat(fallback.address()).isEqualTo("agent-b");
		world.bridge.sync();
		assertThat(world.services(world.agentB)).containsKey(onB.id());
		assertThat(world.services(world.central)).doesNotContainKey(onB.id());
		marathon().killTask(onB.id(), true);
		Await.until("deregistered", () -> !world.services(world.agentB).containsKey(onB.id()));
	}

	@Test
	void aConsulRestartThatLosesEverythingIsRepairedByTheResync() throws Exception {
		String app = app("restart-consul");
		marathon().createApp("{\"id\":\"" + app + "\",\"instances\":2,\"labels\":{\"k\":\"v\"}}");
		Await.until("registered",
				() -> world.registeredExactly(app) && world.kv("consular/" + app.substring(1) + "/k").isPresent());
		for (ConsulSimulator agent : List.of(world.central, world.agentA, world.agentB)) {
			agent.restart();
		}
		world.central.addNode("agent-a", "agent-a");
		world.central.addNode("agent-b", "agent-b");
		assertThat(world.servicesOfApp(app)).isZero();
		// The lock's session died with the central agent: the bridge steps down, is
		// elected
		// again, reconnects its stream, and the resync that follows restores everything.
		Await.until("restored",
				() -> world.registeredExactly(app) && world.kv("consular/" + app.substring(1) + "/k").isPresent());
	}

	@Test
	void theSyncPurgesOnlyItsOwnDeadServicesAndRefusesAMassDeregistration() throws Exception {
		Map<String, AgentService> existing = world.services(world.agentA);
		var agent = world.client(world.agentA).agent();
		agent.registerService(ServiceRegistration.of("orphan-1", "gone")
			.withAddress("agent-a", 1)
			.withTags("consular-reg-id=consular", "consular-app-id=/gone"));
		agent.registerService(ServiceRegistration.of("other-bridge-1", "theirs")
			.withAddress("agent-a", 2)
			.withTags("consular-reg-id=other", "consular-app-id=/theirs"));
		agent.registerService(ServiceRegistration.of("no-app-tag-1", "odd")
			.withAddress("agent-a", 3)
			.withTags("consular-reg-id=consular"));
		agent.registerService(ServiceRegistration.of("plain-1", "plain").withAddress("agent-a", 4));
		JsonNode result = world.bridge.sync();
		Map<String, AgentService> after = world.services(world.agentA);
		assertThat(after).doesNotContainKey("orphan-1")
			.containsKeys("other-bridge-1", "no-app-tag-1", "plain-1")
			.containsKeys(existing.keySet().toArray(String[]::new));
		assertThat(result.get("deregistered").asInt()).isEqualTo(1);

		marathon().faults().emptyApps(true);
		try {
			JsonNode refused = world.bridge.sync();
			assertThat(refused.get("guardTripped").asBoolean()).isTrue();
			assertThat(refused.get("deregistered").asInt()).isZero();
			assertThat(world.services(world.agentA).keySet()).containsAll(existing.keySet());
		}
		finally {
			marathon().faults().emptyApps(false);
		}
		agent.deregisterService("other-bridge-1");
		agent.deregisterService("no-app-tag-1");
		agent.deregisterService("plain-1");
	}

	@Test
	void ofThreeClashingAppsOnlyTheFirstByIdIsRegisteredAndOwnsTheKvFolder() throws Exception {
		// The notes' example (Consular issue #32): /a/b-c, /a-b/c and /a-b-c are all
		// a-b-c.
		String base = "/clash" + UUID.randomUUID().toString().substring(0, 6);
		String owner = base + "/a-b-c";
		String second = base + "/a-b/c";
		String third = base + "/a/b-c";
		String name = base.substring(1) + "-a-b-c";
		for (String app : List.of(third, second, owner)) {
			marathon().createApp("{\"id\":\"" + app + "\",\"labels\":{\"who\":\"" + app + "\",\"only-"
					+ app.substring(base.length() + 1).replace('/', '_') + "\":\"x\"}}");
		}
		try {
			Await.until("the owner registered, its labels alone in the folder", () -> world.registeredExactly(owner)
					&& world.kv("consular/" + name + "/who").equals(java.util.Optional.of("\"" + owner + "\"")));
			// The others may have been registered while they owned the name, one after
			// the
			// other: each is removed once an app whose ID sorts first appears.
			Await.until("the others left out", () -> world.servicesOfApp(second) + world.servicesOfApp(third) == 0);
			assertThat(world.kvKeys("consular/" + name + "/")).containsExactlyInAnyOrder("consular/" + name + "/who",
					"consular/" + name + "/only-a-b-c");
			JsonNode result = world.bridge.sync();
			assertThat(result.get("outcome").asString()).isEqualTo("success");
			assertThat(result.get("clashes").toString()).contains(owner, second, third);
			assertThat(world.servicesOfApp(second) + world.servicesOfApp(third)).isZero();
			JsonNode clash = null;
			for (JsonNode entry : world.bridge.status().get("clashes")) {
				if (entry.get("name").asString().equals(name)) {
					clash = entry;
				}
			}
			assertThat(clash).isNotNull();
			assertThat(clash.get("registered").asString()).isEqualTo(owner);
			assertThat(clash.get("leftOut").toString()).isEqualTo("[\"" + second + "\",\"" + third + "\"]");
			assertThat(world.bridge.get("/actuator/prometheus").body())
				.containsPattern("cairn_bridge_clashes\\S* [2-9]");
			assertThat(world.bridge.status().get("recentErrors").toString()).contains("name clash", owner);

			// The owner gone, the next one by ID takes the name and the folder at once.
			marathon().destroyApp(owner);
			Await.until("the next owner registered with its labels", () -> world.registeredExactly(second)
					&& world.kv("consular/" + name + "/who").equals(java.util.Optional.of("\"" + second + "\"")));
			assertThat(world.servicesOfApp(third)).isZero();
			assertThat(world.kvKeys("consular/" + name + "/")).containsExactlyInAnyOrder("consular/" + name + "/who",
					"consular/" + name + "/only-a-b_c");
		}
		finally {
			for (String app : List.of(second, third)) {
				marathon().destroyApp(app);
			}
		}
	}

	@Test
	void aTaskThatComesBackFromUnreachableIsRegisteredAgain() {
		// unreachable.md, scenario 2: the agent is cut off for six minutes; Mesos reports
		// TASK_UNREACHABLE, then TASK_RUNNING for the same task when it reconnects.
		String app = app("partition");
		marathon().createApp("{\"id\":\"" + app + "\",\"instances\":2}");
		Await.until("registered", () -> world.registeredExactly(app));
		TaskInfo cutOff = marathon().tasks(app).get(0);
		marathon().unreachable(cutOff.id());
		Await.until("deregistered while unreachable", () -> world.serviceOf(cutOff).isEmpty());
		// Marathon 1.8 follows the status update with an instance_changed_event of the
		// same instance, which may supersede it while it waits in its lane (then the
		// instance's read deregisters the task, not the end of a task). The status update
		// once more, alone, takes the end's path in every run: it must not remember an
		// end for a state that is not terminal.
		marathon().emit("status_update_event", event("status_update_event", cutOff.id(), "TASK_UNREACHABLE"));
		awaitApplied("the unreachable task", "status_update_event", cutOff.id(),
				"deregistered 0 services (TASK_UNREACHABLE, not ended");
		marathon().reachable(cutOff.id());
		Await.until("registered again once it runs", () -> world.serviceOf(cutOff).isPresent());
		assertThat(world.registeredExactly(app)).isTrue();
		// The next full sync agrees.
		Await.until("kept by a sync", () -> {
			world.bridge.sync();
			return world.serviceOf(cutOff).isPresent();
		});
	}

	@Test
	void aLabelChangeOverSixtyFourKeysIsWrittenInSeveralTransactions() {
		String app = app("many-labels");
		StringBuilder labels = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			labels.append((i == 0) ? "" : ",").append("\"l").append(i).append("\":\"").append(i).append('"');
		}
		int before = world.central.requests("/v1/txn").size();
		marathon().createApp("{\"id\":\"" + app + "\",\"labels\":{" + labels + "}}");
		Await.until("100 keys", () -> world.kvKeys("consular/" + app.substring(1) + "/").size() == 100);
		assertThat(world.central.requests("/v1/txn").size() - before).isGreaterThanOrEqualTo(2);
		assertThat(world.kv("consular/" + app.substring(1) + "/l99")).hasValue("\"99\"");
	}

	private static void awaitApplied(String what, String type, String subject, String outcomeStart) {
		Await.until(what + " applied", () -> {
			for (JsonNode entry : world.bridge.status().get("recentEvents")) {
				String applied = entry.path("subject").asString("");
				if ((type == null || entry.get("type").asString().equals(type))
						&& (subject.equals(applied) || applied.startsWith(subject + "."))
						&& entry.get("outcome").asString().startsWith(outcomeStart)) {
					return true;
				}
			}
			return false;
		});
	}

	/**
	 * A status event as the simulated Marathon 1.8 would publish it, for the given task.
	 */
	private static String event(String type, String taskId, String status) {
		for (PublishedEvent published : marathon().events()) {
			if (published.type().equals(type) && published.json().contains("\"taskId\":\"" + taskId + "\"")) {
				JsonNode node = TestBridge.JSON.readTree(published.json());
				return ((tools.jackson.databind.node.ObjectNode) node).put("taskStatus", status).toString();
			}
		}
		throw new AssertionError("no " + type + " for " + taskId);
	}

}
