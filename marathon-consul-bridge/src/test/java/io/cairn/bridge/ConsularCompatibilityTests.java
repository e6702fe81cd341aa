package io.cairn.bridge;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.consul.Consul;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.consul.model.kv.KeyValue;
import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.consul.RecordedRequest;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.MarathonVersion;
import io.cairn.testkit.marathon.TaskInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consular's own test scenarios ({@code consular/tests/test_main.py}, notes §1.11), run
 * the way Consular ran: Marathon 1.4 with HTTP callbacks (no event stream), the callback
 * subscribed by the bridge, a sync every second, no purge, tasks on
 * {@code slave-1234.acme.org} whose agent is registered on. Where the bridge deliberately
 * differs (every event type answered 2xx, no registration of a task whose app Marathon
 * does not know, {@code GET /} being the console), the test says so.
 */
class ConsularCompatibilityTests {

	private static final String HOST = "slave-1234.acme.org";

	private static MarathonSimulator marathon;

	private static ConsulSimulator central;

	private static ConsulSimulator slave;

	private static Consul centralClient;

	private static Consul slaveClient;

	private static TestBridge bridge;

	private static String callbackUrl;

	@BeforeAll
	static void start() throws IOException {
		marathon = MarathonSimulator.builder().version(MarathonVersion.V1_4).callbacks(true).hosts(HOST).start();
		central = ConsulSimulator.start();
		slave = ConsulSimulator.builder().nodeName(HOST).start();
		centralClient = Consul.builder().address(central.address()).build();
		slaveClient = Consul.builder().address(slave.address()).build();
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		callbackUrl = "http://127.0.0.1:" + port + "/events?registration=consular";
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", Integer.toString(port));
		properties.put("cairn.bridge.marathon.urls", marathon.baseUrl().toString());
		properties.put("cairn.consul.addresses", central.address());
		properties.put("cairn.bridge.consul.agents[" + HOST + "]", slave.address());
		properties.put("cairn.bridge.consul.discover-agents", "false");
		properties.put("cairn.bridge.events.stream", "false");
		properties.put("cairn.bridge.events.callback.subscribe", "true");
		properties.put("cairn.bridge.events.callback.advertised-url", callbackUrl);
		properties.put("cairn.bridge.events.callback.check-interval", "200ms");
		properties.put("cairn.bridge.sync.interval", "1s");
		properties.put("cairn.bridge.sync.purge", "false");
		properties.put("cairn.bridge.leader.election", "none");
		bridge = TestBridge.start(properties);
		if (bridge.port() != port) {
			throw new AssertionError("listening on " + bridge.port() + " instead of " + port);
		}
		Await.until("subscribed", () -> marathon.callbackUrls().contains(callbackUrl));
	}

	@AfterAll
	static void stop() {
		bridge.close();
		marathon.close();
		centralClient.close();
		slaveClient.close();
		central.close();
		slave.close();
	}

	private static String app(String prefix) {
		return "/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void theCallbackIsSubscribedOnceAndEveryEventTypeIsAnswered2xx() {
		String app = app("callbacks");
		marathon.createApp("{\"id\":\"" + app + "\"}");
		Await.until("registered through the callback", () -> slave.hasService(marathon.tasks(app).get(0).id()));
		Await.until("several subscription checks", () -> marathon.requests("/v2/eventSubscriptions").size() > 3);
		assertThat(marathon.requests("/v2/eventSubscriptions")).filteredOn((request) -> request.startsWith("POST"))
			.hasSize(1);
		// A deploy publishes about ten events (api_post_event, deployment_info, status
		// and
		// instance events, group_change_success, deployment_success); Marathon posts them
		// all.
		Await.until("the deploy's events delivered", () -> marathon.callbackResponses().get(callbackUrl).size() >= 10);
		List<Integer> statuses = marathon.callbackResponses().get(callbackUrl);
		// Every type acknowledged, so Marathon never backs off and never skips an event
		// (Consular answered 400 to all but status updates).
		assertThat(statuses).allMatch((status) -> status >= 200 && status < 300);
		assertThat(marathon.skippedCallbacks()).isZero();
	}

	@Test
	void taskRunningWritesTheLabelsOfAnAppTheBridgeHasNotSyncedYet() throws Exception {
		// Consular's fixture (test_main.py): /my-app with the label foo=bar and a stale
		// key
		// oldfoo; the TASK_RUNNING is event-bus.md's example. A bridge of its own, whose
		// only
		// sync ran before the app existed: only the event can write the labels.
		try (MarathonSimulator fresh = MarathonSimulator.builder()
			.version(MarathonVersion.V1_4)
			.callbacks(true)
			.hosts(HOST)
			.start();
				ConsulSimulator freshConsul = ConsulSimulator.start();
				Consul freshClient = Consul.builder().address(freshConsul.address()).build()) {
			Map<String, String> properties = new LinkedHashMap<>();
			properties.put("cairn.bridge.marathon.urls", fresh.baseUrl().toString());
			properties.put("cairn.consul.addresses", freshConsul.address());
			properties.put("cairn.bridge.consul.agents[" + HOST + "]", freshConsul.address());
			properties.put("cairn.bridge.consul.discover-agents", "false");
			properties.put("cairn.bridge.events.stream", "false");
			// The subscription Consular made is kept (made here by hand, as an operator
			// would).
			properties.put("cairn.bridge.events.callback.enabled", "true");
			properties.put("cairn.bridge.leader.election", "none");
			try (TestBridge unsynced = TestBridge.start(properties)) {
				String url = "http://127.0.0.1:" + unsynced.port() + "/events?registration=consular";
				java.net.http.HttpClient.newHttpClient()
					.send(java.net.http.HttpRequest
						.newBuilder(fresh.baseUrl()
							.resolve("/v2/eventSubscriptions?callbackUrl="
									+ java.net.URLEncoder.encode(url, StandardCharsets.UTF_8)))
						.POST(java.net.http.HttpRequest.BodyPublishers.noBody())
						.build(), java.net.http.HttpResponse.BodyHandlers.discarding());
				Await.until("subscribed, and the first sync done", () -> fresh.callbackUrls().contains(url)
						&& unsynced.status().get("sync").get("last").isObject());
				freshClient.kv().put("consular/my-app/oldfoo", "\"x\"");
				fresh.importApp("{\"id\":\"/my-app\",\"instances\":1,\"labels\":{\"foo\":\"bar\"},"
						+ "\"tasks\":[{\"id\":\"my-app_0-1396592784349\",\"host\":\"" + HOST
						+ "\",\"ports\":[31372],\"state\":\"TASK_RUNNING\",\"startedAt\":\"2014-03-01T23:29:30.158Z\"}]}");
				fresh.emit("status_update_event", "{\"eventType\":\"status_update_event\","
						+ "\"timestamp\":\"2014-03-01T23:29:30.158Z\",\"slaveId\":\"20140909-054127-177048842-5050-1494-0\","
						+ "\"taskId\":\"my-app_0-1396592784349\",\"taskStatus\":\"TASK_RUNNING\",\"appId\":\"/my-app\","
						+ "\"host\":\"slave-1234.acme.org\",\"ports\":[31372],\"version\":\"2014-04-04T06:26:23.051Z\"}");
				Await.until("registered", () -> freshConsul.hasService("my-app_0-1396592784349"));
				Await.until("the label written and the stale key gone",
						() -> freshClient.kv().getString("consular/my-app/foo").orElse("").equals("\"bar\"")
								&& freshClient.kv().getString("consular/my-app/oldfoo").isEmpty());
				assertThat(unsynced.status().get("sync").get("last").get("apps").asInt()).isZero();
			}
		}
	}

	@Test
	void taskRunningRegistersOnTheTaskHostsAgentWithConsularsBody() {
		String app = app("my-app");
		marathon.createApp("{\"id\":\"" + app + "\",\"labels\":{\"foo\":\"bar\"},"
				+ "\"portDefinitions\":[{\"port\":0},{\"port\":0}]}");
		TaskInfo task = marathon.tasks(app).get(0);
		Await.until("registered", () -> slave.hasService(task.id()));
		RecordedRequest register = slave.requests("/v1/agent/service/register")
			.stream()
			.filter((request) -> new String(request.body(), StandardCharsets.UTF_8).contains(task.id()))
			.findFirst()
			.orElseThrow();
		JsonNode body = TestBridge.JSON.readTree(register.body());
		assertThat(body.get("Name").asString()).isEqualTo(app.substring(1));
		assertThat(body.get("ID").asString()).isEqualTo(task.id());
		assertThat(body.get("Address").asString()).isEqualTo(HOST);
		assertThat(body.get("Port").asInt()).isEqualTo(Math.min(task.ports().get(0), task.ports().get(1)));
		assertThat(body.get("Tags").toString())
			.isEqualTo("[\"consular-reg-id=consular\",\"consular-app-id=" + app + "\"]");
		assertThat(marathon.requests("/v2/apps" + app)).isNotEmpty();
	}

	@Test
	void eventsOfAMegabyteAndMoreAreAnswered2xxSoThatMarathonDropsNothing() {
		// event-bus.md's deployment_info, for a group of 20,000 apps, and its
		// api_post_event
		// with an environment of a megabyte: Marathon posts what it has.
		StringBuilder steps = new StringBuilder();
		for (int i = 0; i < 20_000; i++) {
			steps.append((i == 0) ? "" : ",")
				.append("{\"action\":\"ScaleApplication\",\"app\":\"/big-group/app-")
				.append(i)
				.append("\"}");
		}
		String deployment = "{\"eventType\":\"deployment_info\",\"timestamp\":\"2014-03-01T23:29:30.158Z\","
				+ "\"plan\":{\"id\":\"867ed450-f6a8-4d33-9b0e-e11c5513990b\",\"steps\":[" + steps
				+ "],\"version\":\"2014-03-01T23:24:14.846Z\"},\"currentStep\":{\"actions\":[{\"type\":"
				+ "\"ScaleApplication\",\"app\":\"/big-group/app-0\"}]}}";
		String large = app("large");
		String env = "{\"BLOB\":\"" + "x".repeat(1_200_000) + "\"}";
		String apiPost = "{\"eventType\":\"api_post_event\",\"timestamp\":\"2014-03-01T23:29:30.158Z\","
				+ "\"clientIp\":\"0:0:0:0:0:0:0:1\",\"uri\":\"/v2/apps" + large + "\",\"appDefinition\":{\"id\":\""
				+ large + "\",\"cmd\":\"sleep 30\",\"instances\":1,\"env\":" + env + "}}";
		assertThat(deployment.length()).isGreaterThan(1_000_000);
		assertThat(apiPost.length()).isGreaterThan(1_000_000);
		int answeredBefore = marathon.callbackResponses().get(callbackUrl).size();
		int skippedBefore = marathon.skippedCallbacks();
		long publishedBefore = marathon.eventCount();
		marathon.emit("deployment_info", deployment);
		marathon.emit("api_post_event", apiPost);
		String after = app("after-large");
		marathon.createApp("{\"id\":\"" + after + "\"}");
		long published = marathon.eventCount() - publishedBefore;
		// Every event is posted to the subscriber, or skipped while it is backed off.
		Await.until("every event posted or skipped", () -> marathon.callbackResponses().get(callbackUrl).size()
				- answeredBefore + marathon.skippedCallbacks() - skippedBefore >= published);
		List<Integer> statuses = marathon.callbackResponses().get(callbackUrl);
		assertThat(statuses.subList(answeredBefore, statuses.size()))
			.allMatch((status) -> status >= 200 && status < 300);
		assertThat(marathon.skippedCallbacks() - skippedBefore).isZero();
		Await.until("the app after them registered", () -> slave.hasService(marathon.tasks(after).get(0).id()));
	}

	@Test
	void taskStagingDoesNothingAndAnAppMarathonDoesNotKnowIsNotRegistered() throws Exception {
		assertThat(bridge
			.postEvent("", "{\"eventType\":\"status_update_event\",\"taskStatus\":\"TASK_STAGING\","
					+ "\"appId\":\"/ghost\",\"taskId\":\"ghost.marathon-1\",\"host\":\"" + HOST + "\",\"ports\":[1]}")
			.statusCode()).isEqualTo(202);
		assertThat(bridge
			.postEvent("", "{\"eventType\":\"status_update_event\",\"taskStatus\":\"TASK_RUNNING\","
					+ "\"appId\":\"/ghost\",\"taskId\":\"ghost.marathon-2\",\"host\":\"" + HOST + "\",\"ports\":[1]}")
			.statusCode()).isEqualTo(202);
		Await.until("both applied", () -> {
			String events = bridge.status().get("recentEvents").toString();
			return events.contains("nothing to do (TASK_STAGING)") && events.contains("app not found in Marathon");
		});
		// Consular registered first and looked the app up afterwards.
		assertThat(slave.hasService("ghost.marathon-1")).isFalse();
		assertThat(slave.hasService("ghost.marathon-2")).isFalse();
	}

	@Test
	void taskKilledDeregistersOnTheTaskHost() {
		String app = app("killed");
		marathon.createApp("{\"id\":\"" + app + "\"}");
		TaskInfo task = marathon.tasks(app).get(0);
		Await.until("registered", () -> slave.hasService(task.id()));
		marathon.killTask(task.id(), true);
		Await.until("deregistered", () -> !slave.hasService(task.id()));
		assertThat(slave.requests("/v1/agent/service/deregister/" + task.id())).isNotEmpty();
	}

	@Test
	void theScheduledSyncSurvivesAMarathonError() {
		marathon.faults().failNext("GET", "/v2/apps", 500, 1);
		Await.until("a failed sync",
				() -> bridge.status().get("sync").get("last").get("outcome").asString().equals("failed"));
		Await.until("the next sync succeeds",
				() -> bridge.status().get("sync").get("last").get("outcome").asString().equals("success"));
	}

	@Test
	void labelSyncCleansTheAppsOwnFolderOnly() throws Exception {
		String app = app("clean");
		String name = app.substring(1);
		centralClient.kv().put("consular/" + name + "/oldfoo", "\"x\"");
		centralClient.kv().put("consular/" + name + "/misplaced/foo", "\"y\"");
		centralClient.kv().put("consular/" + name + "2/oldfoo", "\"twin\"");
		marathon.createApp("{\"id\":\"" + app + "\",\"labels\":{\"foo\":\"bar\"}}");
		Await.until("cleaned", () -> keys("consular/" + name + "/").equals(List.of("consular/" + name + "/foo")));
		assertThat(centralClient.kv().getString("consular/" + name + "2/oldfoo")).hasValue("\"twin\"");
	}

	@Test
	void aKvPermissionErrorIsReportedAndTheRestOfTheSyncGoesOn() throws Exception {
		String denied = app("denied");
		String fine = app("fine");
		marathon.faults().loseEvents(true);
		try {
			marathon.createApp("{\"id\":\"" + denied + "\",\"labels\":{\"a\":\"1\"}}");
			marathon.createApp("{\"id\":\"" + fine + "\",\"labels\":{\"a\":\"2\"}}");
		}
		finally {
			marathon.faults().loseEvents(false);
		}
		central.faults().failNext("/v1/kv/consular/" + denied.substring(1) + "/", 403, 1);
		Await.until("a partial sync naming the denied folder", () -> {
			JsonNode last = bridge.status().get("sync").get("last");
			return last.get("outcome").asString().equals("partial") && last.get("errors").toString().contains("403");
		});
		Await.until("the other app's label",
				() -> centralClient.kv().getString("consular/" + fine.substring(1) + "/a").isPresent());
		assertThat(slave.hasService(marathon.tasks(denied).get(0).id())).isTrue();
	}

	@Test
	void withoutPurgeDeadServicesAndLabelsStay() throws Exception {
		slaveClient.agent()
			.registerService(ServiceRegistration.of("dead.marathon-1", "dead")
				.withAddress(HOST, 1)
				.withTags("consular-reg-id=consular", "consular-app-id=/dead"));
		centralClient.kv().put("consular/dead/k", "\"v\"");
		JsonNode result = bridge.sync();
		assertThat(result.get("deregistered").asInt()).isZero();
		assertThat(slave.hasService("dead.marathon-1")).isTrue();
		assertThat(centralClient.kv().getString("consular/dead/k")).isPresent();
	}

	@Test
	void theRootIsTheConsoleNotAnEmptyList() throws Exception {
		// Consular answered GET / with []; the bridge serves its console there.
		assertThat(bridge.get("/").body()).contains("<title>Cairn marathon-consul-bridge</title>");
	}

	private static List<String> keys(String prefix) {
		return centralClient.kv().list(prefix, QueryOptions.NONE).value().stream().map(KeyValue::key).sorted().toList();
	}

}
