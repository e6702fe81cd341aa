package io.cairn.bridge;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.cairn.consul.Consul;
import io.cairn.consul.QueryOptions;
import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.consul.RecordedRequest;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.TaskInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two bridges without ZooKeeper: a Consul session lock elects the one that writes, and
 * when the leader is stopped in the middle of a sync (its registrations to one agent
 * hanging, half of them done), the other takes over and its sync leaves Consul exactly as
 * Marathon says.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsulLockTests {

	private static final String LOCK = "/v1/kv/cairn/marathon-consul-bridge/leader";

	private static MarathonSimulator marathon;

	private static ConsulSimulator central;

	private static ConsulSimulator agentA;

	private static ConsulSimulator agentB;

	private static final List<TestBridge> bridges = new ArrayList<>();

	@BeforeAll
	static void start() {
		marathon = MarathonSimulator.builder().hosts("lock-a", "lock-b").start();
		central = ConsulSimulator.start();
		agentA = ConsulSimulator.start();
		agentB = ConsulSimulator.start();
		bridges.add(TestBridge.start(properties("x")));
		bridges.add(TestBridge.start(properties("y")));
	}

	private static Map<String, String> properties(String name) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("cairn.bridge.marathon.urls", marathon.baseUrl().toString());
		properties.put("cairn.consul.addresses", central.address());
		properties.put("cairn.consul.token", name);
		properties.put("cairn.bridge.consul.agents.lock-a", agentA.address());
		properties.put("cairn.bridge.consul.agents.lock-b", agentB.address());
		properties.put("cairn.bridge.consul.discover-agents", "false");
		properties.put("cairn.bridge.consul.request-timeout", "30s");
		properties.put("cairn.bridge.leader.consul-session-ttl", "10s");
		properties.put("cairn.bridge.leader.id", name);
		return properties;
	}

	@AfterAll
	static void stop() {
		bridges.forEach(TestBridge::close);
		marathon.close();
		central.close();
		agentA.close();
		agentB.close();
	}

	private static TestBridge awaitLeader() {
		return Await.value("one leader with its stream", () -> {
			List<TestBridge> leaders = new ArrayList<>();
			for (TestBridge bridge : bridges) {
				try {
					if (bridge.isRunning() && bridge.status().get("role").asString().equals("leader")
							&& bridge.status().get("marathon").get("stream").asString().equals("connected")) {
						leaders.add(bridge);
					}
				}
				catch (Exception ex) {
					// Not answering: not a leader.
				}
			}
			return (leaders.size() == 1) ? leaders.get(0) : null;
		}, (leader) -> leader != null);
	}

	private static String id(TestBridge bridge) throws Exception {
		return bridge.status().get("leadership").get("id").asString();
	}

	/** Who wrote services, KV (other than the lock) and transactions, on any agent. */
	private static List<String> writers() {
		List<RecordedRequest> all = new ArrayList<>(central.requests());
		all.addAll(agentA.requests());
		all.addAll(agentB.requests());
		return all.stream()
			.filter((request) -> !request.method().equals("GET"))
			.filter((request) -> request.path().startsWith("/v1/agent/service/")
					|| (request.path().startsWith("/v1/kv/") && !request.path().equals(LOCK))
					|| request.path().equals("/v1/txn"))
			.map(RecordedRequest::token)
			.distinct()
			.toList();
	}

	private static boolean registeredExactly(List<String> apps) {
		for (String app : apps) {
			List<TaskInfo> tasks = marathon.tasks(app);
			if (tasks.isEmpty()) {
				return false;
			}
			for (TaskInfo task : tasks) {
				if (!agentOf(task).hasService(task.id())) {
					return false;
				}
			}
		}
		return true;
	}

	private static ConsulSimulator agentOf(TaskInfo task) {
		return task.host().equals("lock-a") ? agentA : agentB;
	}

	private static int servicesOn(ConsulSimulator agent) {
		try (Consul client = Consul.builder().address(agent.address()).build()) {
			return client.agent().services(QueryOptions.NONE).value().size();
		}
	}

	@Test
	@Order(1)
	void onlyTheLockHolderWrites() throws Exception {
		TestBridge leader = awaitLeader();
		TestBridge follower = (leader == bridges.get(0)) ? bridges.get(1) : bridges.get(0);
		assertThat(follower.status().get("role").asString()).isEqualTo("follower");
		String leaderId = id(leader);
		Await.until("the follower names the leader",
				() -> follower.status().get("leadership").get("leader").asString("").equals(leaderId));
		marathon.createApp("{\"id\":\"/locked\",\"instances\":2,\"labels\":{\"a\":\"b\"}}");
		Await.until("registered", () -> registeredExactly(List.of("/locked")));
		assertThat(writers()).containsExactly(id(leader));
	}

	@Test
	@Order(2)
	void aLeaderStoppedMidSyncLeavesNothingItsSuccessorCannotRepair() throws Exception {
		TestBridge leader = awaitLeader();
		TestBridge successor = (leader == bridges.get(0)) ? bridges.get(1) : bridges.get(0);
		List<String> apps = new ArrayList<>();
		marathon.faults().loseEvents(true);
		try {
			for (int i = 0; i < 30; i++) {
				String app = "/midsync-" + i;
				apps.add(app);
				marathon.createApp("{\"id\":\"" + app + "\",\"labels\":{\"n\":\"" + i + "\"}}");
			}
		}
		finally {
			marathon.faults().loseEvents(false);
		}
		agentA.faults().hang("/v1/agent/service/register");
		CompletableFuture<HttpResponse<String>> stalled = CompletableFuture.supplyAsync(() -> {
			try {
				return leader.send(HttpRequest.newBuilder(leader.uri("/v1/sync"))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build());
			}
			catch (Exception ex) {
				return null;
			}
		});
		Await.until("half the registrations done, the other half hanging",
				() -> agentB.requests("/v1/agent/service/register").size() >= 15
						&& !agentA.requests("/v1/agent/service/register").isEmpty());
		assertThat(registeredExactly(apps)).isFalse();
		leader.close();
		agentA.faults().clear();
		stalled.join();
		TestBridge next = awaitLeader();
		assertThat(next).isSameAs(successor);
		Await.until("the successor's sync completed the work", () -> registeredExactly(apps)
				&& apps.stream().allMatch((app) -> central.modifyIndex("consular/" + app.substring(1) + "/n") > 0));
		// Exactly: nothing left over from the interrupted sync, nothing twice.
		for (ConsulSimulator agent : List.of(agentA, agentB)) {
			assertThat(servicesOn(agent))
				.isEqualTo(marathon.allTasks().stream().filter((task) -> agentOf(task) == agent).count());
		}
	}

}
