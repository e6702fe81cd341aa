package io.cairn.mesos.marathon;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import io.cairn.mesos.detector.SnapshotRecorder;
import io.cairn.mesos.zk.ZkUrl;
import io.cairn.testkit.mesos.ZkMarathonInstance;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MarathonLeaderDetectorTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static TestingServer zk;

	private static CuratorFramework admin;

	@BeforeAll
	static void startZooKeeper() throws Exception {
		zk = new TestingServer(true);
		admin = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
		admin.start();
		admin.blockUntilConnected();
	}

	@AfterAll
	static void stopZooKeeper() throws Exception {
		admin.close();
		zk.close();
	}

	private static String base(TestInfo test) {
		return "/marathon/" + test.getTestMethod().orElseThrow().getName();
	}

	private static ZkUrl url(String base) {
		return ZkUrl.parse("zk://" + zk.getConnectString() + base);
	}

	@Test
	void followsTheOldLayoutOfMarathon13(TestInfo test) throws Exception {
		String base = base(test);
		SnapshotRecorder<MarathonInstance> recorder = new SnapshotRecorder<>();
		try (ZkMarathonInstance first = ZkMarathonInstance.legacy(zk.getConnectString(), base, "m1:8080");
				ZkMarathonInstance second = ZkMarathonInstance.legacy(zk.getConnectString(), base, "m2:8080");
				MarathonLeaderDetector detector = MarathonLeaderDetector.create(url(base))) {
			detector.addListener(recorder);
			detector.start();
			int at = recorder.awaitLeader(0, (leader) -> leader.hostPort().equals("m1:8080"), "m1");
			assertThat(detector.members()).extracting(MarathonInstance::hostPort).containsExactly("m1:8080", "m2:8080");
			first.close();
			recorder.awaitLeader(at, (leader) -> leader.hostPort().equals("m2:8080"), "m2 after m1 stopped");
		}
	}

	@Test
	void followsTheCuratorLatchOfMarathon14AndIgnoresTheTombstone(TestInfo test) throws Exception {
		String base = base(test);
		SnapshotRecorder<MarathonInstance> recorder = new SnapshotRecorder<>();
		try (ZkMarathonInstance first = ZkMarathonInstance.curator(zk.getConnectString(), base, "m1:8080", true)) {
			assertThat(first.awaitLeadership(30)).isTrue();
			try (ZkMarathonInstance second = ZkMarathonInstance.curator(zk.getConnectString(), base, "m2:8080", true);
					MarathonLeaderDetector detector = MarathonLeaderDetector.create(url(base))) {
				assertThat(admin.getChildren().forPath(base + "/leader")).contains(MarathonLeaderDetector.TOMBSTONE);
				detector.addListener(recorder);
				detector.start();
				int at = recorder.awaitLeader(0, (leader) -> leader.hostPort().equals("m1:8080"), "m1");
				assertThat(recorder.seen().get(at).members()).extracting(MarathonInstance::hostPort)
					.containsExactly("m1:8080", "m2:8080");
				first.close();
				recorder.awaitLeader(at, (leader) -> leader.hostPort().equals("m2:8080"), "m2 after m1 stopped");
			}
		}
	}

	@Test
	void ordersLatchChildrenByTheSequenceNotTheRandomPrefix(TestInfo test) throws Exception {
		String base = base(test);
		// The listing from mesos/chronos#417: the higher-sorting name holds the lower
		// sequence.
		admin.create()
			.creatingParentsIfNeeded()
			.withMode(CreateMode.EPHEMERAL)
			.forPath(base + "/leader-curator/_c_1339d35c-0c3b-4a6c-9c8c-2b5b5fca0ce9-latch-0000000012",
					"head2:4400".getBytes(StandardCharsets.UTF_8));
		admin.create()
			.withMode(CreateMode.EPHEMERAL)
			.forPath(base + "/leader-curator/_c_3de858b3-7a05-4c0b-9b6f-9d4a0b6a3f0e-latch-0000000011",
					"head1:4400".getBytes(StandardCharsets.UTF_8));
		admin.create()
			.withMode(CreateMode.EPHEMERAL)
			.forPath(base + "/leader-curator/_c_00000000-0000-0000-0000-000000000000-latch-0000000013",
					"not a host port".getBytes(StandardCharsets.UTF_8));
		try (MarathonLeaderDetector detector = MarathonLeaderDetector.create(url(base))) {
			detector.start();
			assertThat(detector.awaitLeader(WAIT))
				.hasValueSatisfying((leader) -> assertThat(leader).isEqualTo(new MarathonInstance("head1", 4400)));
			assertThat(detector.members()).extracting(MarathonInstance::hostPort)
				.containsExactly("head1:4400", "head2:4400");
		}
	}

	@Test
	void asksMarathonOverHttpTryingEachUrl() throws Exception {
		HttpServer marathon = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		String[] answer = { "200", "{\"leader\":\"marathon.globalcorp.com:8080\"}" };
		marathon.createContext("/v2/leader", (exchange) -> {
			byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		marathon.start();
		try {
			URI down = URI.create("http://127.0.0.1:1");
			URI up = URI.create("http://127.0.0.1:" + marathon.getAddress().getPort());
			MarathonHttpLeaderLookup lookup = MarathonHttpLeaderLookup.of(List.of(down, up));
			assertThat(lookup.leader()).contains(new MarathonInstance("marathon.globalcorp.com", 8080));
			answer[0] = "404";
			answer[1] = "{\"message\":\"There is no leader\"}";
			assertThat(lookup.leader()).isEmpty();
			answer[0] = "500";
			assertThatExceptionOfType(MarathonHttpLeaderLookup.MarathonUnavailableException.class)
				.isThrownBy(lookup::leader)
				.withMessageContaining("answered 500")
				.withMessageContaining("127.0.0.1:1");
		}
		finally {
			marathon.stop(0);
		}
	}

	@Test
	void parsesInstances() {
		assertThat(MarathonInstance.parse("10.0.0.1:8080").url()).hasToString("http://10.0.0.1:8080");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> MarathonInstance.parse("m1"));
	}

}
