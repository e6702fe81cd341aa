package io.cairn.bridge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.consul.Consul;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.model.agent.AgentService;
import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.MarathonVersion;
import io.cairn.testkit.marathon.TaskInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Marathon before 0.16 (the simulator's 0.15 shape): tasks are listed without a
 * {@code state}, a running one with {@code startedAt}; the stream has no
 * {@code event_type} filter. The first test plays Marathon's own published examples (the
 * task list of {@code GET /v2/apps/my-app/tasks} in the 1.4 REST API document, the
 * {@code status_update_event} of the event bus document); the others are the scenario
 * tests' deploy, kill, scale and destroy against that shape.
 */
class Marathon015Tests {

	/**
	 * The answer of {@code GET /v2/apps/my-app/tasks} in
	 * {@code reference/marathon/rest-api-v1.4.md}, verbatim, plus a third task that has
	 * not started (no {@code startedAt}), around an app definition of the same document.
	 */
	private static final String RECORDED_APP = """
			{
			    "id": "/my-app",
			    "cmd": "sleep 30",
			    "instances": 3,
			    "ports": [10000, 10001],
			    "labels": { "domain": "my-app.example.org" },
			    "tasks": [
			        {
			            "host": "agouti.local",
			            "id": "my-app_1-1396592790353",
			            "ports": [
			                31336,
			                31337
			            ],
			            "stagedAt": "2014-04-04T06:26:30.355Z",
			            "startedAt": "2014-04-04T06:26:30.860Z",
			            "version": "2014-04-04T06:26:23.051Z"
			        },
			        {
			            "host": "agouti.local",
			            "id": "my-app_0-1396592784349",
			            "ports": [
			                31382,
			                31383
			            ],
			            "stagedAt": "2014-04-04T06:26:24.351Z",
			            "startedAt": "2014-04-04T06:26:24.919Z",
			            "version": "2014-04-04T06:26:23.051Z"
			        },
			        {
			            "host": "agouti.local",
			            "id": "my-app_2-1396592796361",
			            "ports": [
			                31390,
			                31391
			            ],
			            "stagedAt": "2014-04-04T06:26:36.355Z",
			            "version": "2014-04-04T06:26:23.051Z"
			        }
			    ]
			}
			""";

	/**
	 * The {@code status_update_event} of {@code reference/marathon/event-bus.md},
	 * verbatim: Marathon's own answer, not the event's host and port, is registered.
	 */
	private static final String PUBLISHED_EVENT = """
			{
			  "eventType": "status_update_event",
			  "timestamp": "2014-03-01T23:29:30.158Z",
			  "slaveId": "20140909-054127-177048842-5050-1494-0",
			  "taskId": "my-app_0-1396592784349",
			  "taskStatus": "TASK_RUNNING",
			  "appId": "/my-app",
			  "host": "slave-1234.acme.org",
			  "ports": [31372],
			  "version": "2014-04-04T06:26:23.051Z"
			}
			""";

	private static MarathonSimulator marathon;

	private static ConsulSimulator consul;

	private static Consul client;

	private static TestBridge bridge;

	@BeforeAll
	static void start() {
		marathon = MarathonSimulator.builder().version(MarathonVersion.V0_15).hosts("old-agent").start();
		consul = ConsulSimulator.start();
		client = Consul.builder().address(consul.address()).build();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("cairn.bridge.marathon.urls", marathon.baseUrl().toString());
		properties.put("cairn.consul.addresses", consul.address());
		// One agent stands for every host's.
		properties.put("cairn.bridge.consul.agents[agouti.local]", consul.address());
		properties.put("cairn.bridge.consul.agents.old-agent", consul.address());
		properties.put("cairn.bridge.consul.agents[slave-1234.acme.org]", consul.address());
		properties.put("cairn.bridge.consul.discover-agents", "false");
		properties.put("cairn.bridge.leader.election", "none");
		bridge = TestBridge.start(properties);
		Await.until("streaming", () -> bridge.status().get("marathon").get("stream").asString().equals("connected"));
	}

	@AfterAll
	static void stop() {
		bridge.close();
		marathon.close();
		client.close();
		consul.close();
	}

	private static Map<String, AgentService> services() {
		return client.agent().services(QueryOptions.NONE).value();
	}

	private static boolean registeredExactly(String appId) {
		List<String> tasks = marathon.tasks(appId).stream().map(TaskInfo::id).sorted().toList();
		List<String> registered = services().values()
			.stream()
			.filter((service) -> service.tagList().contains("consular-app-id=" + appId))
			.map(AgentService::id)
			.sorted()
			.toList();
		return !tasks.isEmpty() && tasks.equals(registered);
	}

	@Test
	void thePublishedTaskListWithoutStateIsRegisteredByTheEventAndByTheSync() throws Exception {
		marathon.importApp(RECORDED_APP);
		// The answer as the bridge reads it: no state on any task.
		String answer = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(marathon.baseUrl().resolve("/v2/apps/my-app?embed=app.tasks"))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
			.body();
		assertThat(answer).contains("my-app_0-1396592784349", "startedAt").doesNotContain("\"state\"");
		marathon.emit("status_update_event", PUBLISHED_EVENT);
		Await.until("the running task registered through its event",
				() -> services().containsKey("my-app_0-1396592784349"));
		AgentService service = services().get("my-app_0-1396592784349");
		assertThat(service.address()).isEqualTo("agouti.local");
		assertThat(service.port()).isEqualTo(31382);

		bridge.sync();
		assertThat(services()).containsKeys("my-app_0-1396592784349", "my-app_1-1396592790353")
			.doesNotContainKey("my-app_2-1396592796361");
		assertThat(services().get("my-app_1-1396592790353").port()).isEqualTo(31336);
	}

	@Test
	void deployKillScaleAndDestroyFollowTheTasks() throws Exception {
		String app = "/legacy-" + UUID.randomUUID().toString().substring(0, 8);
		marathon.createApp("{\"id\":\"" + app + "\",\"instances\":2,\"labels\":{\"k\":\"v\"}}");
		Await.until("both tasks registered, the label written", () -> registeredExactly(app)
				&& client.kv().getString("consular/" + app.substring(1) + "/k").orElse("").equals("\"v\""));
		TaskInfo killed = marathon.tasks(app).get(0);
		marathon.killTask(killed.id());
		Await.until("the replacement registered, the killed task gone",
				() -> registeredExactly(app) && !services().containsKey(killed.id()));
		marathon.scale(app, 1);
		Await.until("scaled down", () -> registeredExactly(app) && marathon.tasks(app).size() == 1);
		marathon.destroyApp(app);
		Await.until("destroyed",
				() -> services().values().stream().noneMatch((s) -> s.tagList().contains("consular-app-id=" + app))
						&& client.kv().getString("consular/" + app.substring(1) + "/k").isEmpty());
	}

}
