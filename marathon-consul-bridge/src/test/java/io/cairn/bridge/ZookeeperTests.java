package io.cairn.bridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.consul.RecordedRequest;
import io.cairn.testkit.marathon.MarathonCluster;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.mesos.ZkMarathonInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two bridges with ZooKeeper (a real in-process server): one leader elected through a
 * Curator latch does every write, Marathon is found through its own ZooKeeper znodes and
 * followed across a leader change, a suspended ZooKeeper connection costs leadership at
 * once, and the follower takes over when the leader goes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZookeeperTests {

	private static TestingServer zookeeper;

	private static MarathonCluster marathon;

	private static ZkMarathonInstance marathonOne;

	private static ZkMarathonInstance marathonTwo;

	private static ConsulSimulator consul;

	private static TestBridge first;

	private static TestBridge second;

	@BeforeAll
	static void start() throws Exception {
		zookeeper = new TestingServer(true);
		marathon = MarathonSimulator.builder().hosts("zk-host").startCluster(2);
		marathonOne = ZkMarathonInstance.curator(zookeeper.getConnectString(), "/marathon",
				marathon.members().get(0).hostPort(), false);
		if (!marathonOne.awaitLeadership(20)) {
			throw new IllegalStateException("the first Marathon did not lead in ZooKeeper");
		}
		marathonTwo = ZkMarathonInstance.curator(zookeeper.getConnectString(), "/marathon",
				marathon.members().get(1).hostPort(), false);
		consul = ConsulSimulator.start();
		first = TestBridge.start(properties("bridge-a"));
		second = TestBridge.start(properties("bridge-b"));
	}

	private static Map<String, String> properties(String name) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.cloud.zookeeper.connect-string", zookeeper.getConnectString());
		properties.put("spring.cloud.zookeeper.session-timeout", "4s");
		properties.put("spring.cloud.zookeeper.connection-timeout", "2s");
		properties.put("cairn.mesos.marathon.zk", "zk://" + zookeeper.getConnectString() + "/marathon");
		properties.put("cairn.mesos.session-timeout", "4s");
		properties.put("cairn.consul.addresses", consul.address());
		properties.put("cairn.consul.token", name);
		properties.put("cairn.bridge.consul.register-on", "central");
		properties.put("cairn.bridge.leader.id", name);
		return properties;
	}

	@AfterAll
	static void stop() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { first, second, marathonOne, marathonTwo, marathon, consul,
				zookeeper }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	private static String role(TestBridge bridge) throws Exception {
		return bridge.status().get("role").asString();
	}

	private static TestBridge awaitLeader() {
		return Await.value("one leader", () -> {
			try {
				boolean a = first.isRunning() && role(first).equals("leader");
				boolean b = second.isRunning() && role(second).equals("leader");
				if (a == b) {
					return null;
				}
				TestBridge leader = a ? first : second;
				return leader.status().get("marathon").get("stream").asString().equals("connected") ? leader : null;
			}
			catch (Exception ex) {
				return null;
			}
		}, (leader) -> leader != null);
	}

	private static List<String> writers() {
		return consul.requests()
			.stream()
			.filter((request) -> !request.method().equals("GET"))
			.filter((request) -> request.path().startsWith("/v1/agent/service/") || request.path().startsWith("/v1/kv/")
					|| request.path().equals("/v1/txn"))
			.map(RecordedRequest::token)
			.distinct()
			.toList();
	}

	@Test
	@Order(1)
	void onlyTheLeaderReadsAndWrites() throws Exception {
		TestBridge leader = awaitLeader();
		TestBridge follower = (leader == first) ? second : first;
		assertThat(role(follower)).isEqualTo("follower");
		assertThat(follower.status().get("leadership").get("leader").asString())
			.isEqualTo(leader.status().get("leadership").get("id").asString());
		marathon.any().createApp("{\"id\":\"/zk-app\",\"instances\":2,\"labels\":{\"k\":\"v\"}}");
		Await.until("registered",
				() -> marathon.any().tasks("/zk-app").stream().allMatch((task) -> consul.hasService(task.id())));
		assertThat(writers()).containsExactly(leader.status().get("leadership").get("id").asString());
		assertThat(marathon.any().streamCount()).isEqualTo(1);
		// A follower answers the on-demand sync with the leader's name.
		var response = follower.send(java.net.http.HttpRequest.newBuilder(follower.uri("/v1/sync"))
			.POST(java.net.http.HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(response.body()).contains("follower");
	}

	@Test
	@Order(2)
	void marathonIsFoundThroughZooKeeperAndFollowedAcrossALeaderChange() throws Exception {
		TestBridge leader = awaitLeader();
		MarathonSimulator next = marathon.members().get(1);
		assertThat(leader.status().get("marathon").get("discovery").asString()).contains("ZooKeeper");
		marathon.elect(next);
		marathonOne.close();
		marathonOne = null;
		Await.until("streaming from the new Marathon leader",
				() -> next.baseUrl()
					.toString()
					.equals(leader.status().get("marathon").get("streamSource").asString("")));
		next.createApp("{\"id\":\"/zk-after-failover\"}");
		Await.until("registered", () -> consul.hasService(next.tasks("/zk-after-failover").get(0).id()));
	}

	@Test
	@Order(3)
	void aSuspendedZooKeeperConnectionCostsLeadershipAtOnce() throws Exception {
		awaitLeader();
		zookeeper.stop();
		try {
			Await.until("nobody leads", Duration.ofSeconds(20),
					() -> !role(first).equals("leader") && !role(second).equals("leader"));
			consul.clearRequests();
			MarathonSimulator any = marathon.any();
			any.createApp("{\"id\":\"/zk-during-outage\"}");
			String task = any.tasks("/zk-during-outage").get(0).id();
			// Nobody may write while nobody knows who leads.
			assertThat(consul.hasService(task)).isFalse();
		}
		finally {
			zookeeper.restart();
		}
		awaitLeader();
		Await.until("the new leader's resync registered what happened meanwhile",
				() -> consul.hasService(marathon.any().tasks("/zk-during-outage").get(0).id()));
	}

	@Test
	@Order(4)
	void theFollowerTakesOverWhenTheLeaderGoes() throws Exception {
		TestBridge leader = awaitLeader();
		TestBridge follower = (leader == first) ? second : first;
		String followerId = follower.status().get("leadership").get("id").asString();
		leader.close();
		Await.until("the follower leads", () -> role(follower).equals("leader"));
		consul.clearRequests();
		marathon.any().createApp("{\"id\":\"/zk-after-takeover\"}");
		Await.until("registered by the new leader",
				() -> consul.hasService(marathon.any().tasks("/zk-after-takeover").get(0).id()));
		assertThat(writers()).containsExactly(followerId);
		assertThat(new String(consul.requests("/v1/agent/service/register").get(0).body(), StandardCharsets.UTF_8))
			.contains("zk-after-takeover");
	}

}
