package io.cairn.mesos.detector;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.cairn.mesos.master.HostField;
import io.cairn.mesos.master.Master;
import io.cairn.mesos.master.MasterFormat;
import io.cairn.mesos.zk.ZNode;
import io.cairn.mesos.zk.ZkClients;
import io.cairn.mesos.zk.ZkUrl;
import io.cairn.testkit.mesos.MasterGeneration;
import io.cairn.testkit.mesos.MasterSpec;
import io.cairn.testkit.mesos.ZkMasterContender;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector against a real in-process ZooKeeper, with each simulated master on its own
 * session writing exactly the znodes its Mesos generation writes.
 */
class MasterDetectorTests {

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

	private static String groupPath(TestInfo test) {
		return "/mesos/" + test.getTestMethod().orElseThrow().getName();
	}

	private static ZkUrl url(String path) {
		return ZkUrl.parse("zk://" + zk.getConnectString() + path);
	}

	@Test
	void theLowestSequenceLeadsWhateverItsGeneration(TestInfo test) throws Exception {
		String path = groupPath(test);
		admin.create()
			.creatingParentsIfNeeded()
			.forPath(path + "/log_replicas/0000000001", "log-replica(1)@x:1".getBytes());
		try (ZkMasterContender pid = ZkMasterContender.join(zk.getConnectString(), path, MasterGeneration.PID,
				MasterSpec.local(5050, "m016"));
				ZkMasterContender proto = ZkMasterContender.join(zk.getConnectString(), path, MasterGeneration.PROTOBUF,
						MasterSpec.local(5051, "m023"));
				ZkMasterContender json = ZkMasterContender.join(zk.getConnectString(), path, MasterGeneration.JSON,
						MasterSpec.local(5052, "m100"));
				MasterDetector detector = MasterDetector.create(url(path))) {
			detector.start();
			Master leader = detector.awaitLeader(WAIT).orElseThrow();
			assertThat(leader.znode()).isEqualTo(pid.znode()).matches("[0-9]{10}");
			assertThat(leader.format()).isEqualTo(MasterFormat.PID);
			assertThat(detector.members()).extracting(Master::znode)
				.containsExactly(pid.znode(), proto.znode(), json.znode());
			assertThat(detector.members()).extracting(Master::format)
				.containsExactly(MasterFormat.PID, MasterFormat.PROTOBUF, MasterFormat.JSON);
			assertThat(detector.urls(HostField.HOSTNAME)).extracting(Object::toString)
				.containsExactly("http://127.0.0.1:5050", "http://m023:5051", "http://m100:5052");
			assertThat(detector.urls(HostField.IP)).extracting(Object::toString)
				.containsExactly("http://127.0.0.1:5050", "http://127.0.0.1:5051", "http://127.0.0.1:5052");
			assertThat(detector.leaderUrl(HostField.IP))
				.hasValueSatisfying((uri) -> assertThat(uri).hasToString("http://127.0.0.1:5050"));
		}
	}

	@Test
	void followsTheLeaderAcrossWithdrawalCrashAndRejoin(TestInfo test) throws Exception {
		String path = groupPath(test);
		SnapshotRecorder<Master> recorder = new SnapshotRecorder<>();
		try (ZkMasterContender first = ZkMasterContender.join(zk.getConnectString(), path, MasterGeneration.JSON,
				MasterSpec.local(5050, "first"));
				ZkMasterContender second = ZkMasterContender.join(zk.getConnectString(), path, MasterGeneration.JSON,
						MasterSpec.local(5051, "second"));
				MasterDetector detector = MasterDetector.create(url(path))) {
			detector.addListener(recorder);
			detector.start();
			int at = recorder.awaitLeader(0, (m) -> m.znode().equals(first.znode()), "first leads");
			first.withdraw();
			at = recorder.awaitLeader(at, (m) -> m.znode().equals(second.znode()), "second leads after withdrawal");
			assertThat(detector.members()).extracting(Master::znode).containsExactly(second.znode());
			String rejoined = first.rejoin();
			at = recorder.await(at, (s) -> s.members().size() == 2, "the rejoined master listed");
			assertThat(recorder.seen().get(at).leader().znode()).as("a rejoining master goes to the back")
				.isEqualTo(second.znode());
			assertThat(recorder.seen().get(at).members().get(1).znode()).isEqualTo(rejoined);
			second.close();
			recorder.awaitLeader(at, (m) -> m.znode().equals(rejoined), "first leads after second's session ended");
		}
	}

	@Test
	void aMissingGroupMeansNoLeaderAndIsNeverCreated(TestInfo test) throws Exception {
		String path = groupPath(test);
		SnapshotRecorder<Master> recorder = new SnapshotRecorder<>();
		try (MasterDetector detector = MasterDetector.create(url(path))) {
			detector.addListener(recorder);
			detector.start();
			assertThat(detector.awaitCertainty(WAIT)).isEqualTo(State.NO_LEADER);
			assertThat(admin.checkExists().forPath(path)).isNull();
			try (ZkMasterContender master = ZkMasterContender.join(zk.getConnectString(), path, MasterGeneration.JSON,
					MasterSpec.local(5050, "late"))) {
				recorder.awaitLeader(0, (m) -> m.znode().equals(master.znode()), "the first master to join");
			}
			recorder.awaitState(0, State.NO_LEADER);
			assertThat(detector.leader()).isEmpty();
		}
	}

	@Test
	void skipsGarbageAndTruncatedData(TestInfo test) throws Exception {
		String path = groupPath(test);
		byte[] protobuf = MasterSpec.local(5050, "cut").protobuf();
		admin.create().creatingParentsIfNeeded().forPath(path + "/json.info_0000000001", "{not json".getBytes());
		admin.create().forPath(path + "/info_0000000002", java.util.Arrays.copyOf(protobuf, protobuf.length - 3));
		admin.create().forPath(path + "/0000000003", new byte[0]);
		admin.create().forPath(path + "/json.info_0000000004", MasterSpec.local(5054, "good").json().getBytes());
		try (MasterDetector detector = MasterDetector.create(url(path))) {
			detector.start();
			assertThat(detector.awaitLeader(WAIT))
				.hasValueSatisfying((leader) -> assertThat(leader.znode()).isEqualTo("json.info_0000000004"));
			assertThat(detector.members()).hasSize(1);
		}
	}

	@Test
	void aChildThatVanishesBetweenListingAndReadingIsSkipped(TestInfo test) throws Exception {
		String path = groupPath(test);
		try (ZkMasterContender doomed = ZkMasterContender.join(zk.getConnectString(), path, MasterGeneration.JSON,
				MasterSpec.local(5050, "doomed"));
				ZkMasterContender survivor = ZkMasterContender.join(zk.getConnectString(), path, MasterGeneration.JSON,
						MasterSpec.local(5051, "survivor"))) {
			AtomicInteger deletions = new AtomicInteger();
			String doomedName = doomed.znode();
			// isCandidate runs after the listing and before the read: delete the leader
			// there.
			CuratorFramework client = ZkClients.newClient(url(path));
			LeaderDetector<Master> detector = new RacingDetector(client, path, (child) -> {
				if (child.equals(doomedName) && deletions.getAndIncrement() == 0) {
					doomed.withdraw();
				}
			});
			SnapshotRecorder<Master> recorder = new SnapshotRecorder<>();
			detector.addListener(recorder);
			detector.start();
			try {
				recorder.awaitLeader(0, (m) -> m.znode().equals(survivor.znode()), "the survivor");
				assertThat(recorder.seen()).allSatisfy(
						(snapshot) -> assertThat(snapshot.members()).noneMatch((m) -> m.znode().equals(doomedName)));
				assertThat(deletions.get()).isPositive();
			}
			finally {
				detector.close();
			}
		}
	}

	@Test
	void reArmsItsWatchesAfterSessionExpiry(TestInfo test) throws Exception {
		String path = groupPath(test);
		SnapshotRecorder<Master> recorder = new SnapshotRecorder<>();
		try (CuratorFramework client = ZkClients.newClient(url(path), Duration.ofSeconds(4), Duration.ofSeconds(4));
				ZkMasterContender first = ZkMasterContender.join(zk.getConnectString(), path, MasterGeneration.JSON,
						MasterSpec.local(5050, "first"));
				ZkMasterContender second = ZkMasterContender.join(zk.getConnectString(), path, MasterGeneration.JSON,
						MasterSpec.local(5051, "second"));
				MasterDetector detector = MasterDetector.create(client, path)) {
			client.start();
			detector.addListener(recorder);
			detector.start();
			int at = recorder.awaitLeader(0, (m) -> m.znode().equals(first.znode()), "first leads");
			KillSession.kill(client.getZookeeperClient().getZooKeeper());
			int lost = recorder.await(at, (s) -> s.state() == State.UNCERTAIN && s.leader() == null,
					"the leader cleared when the session is lost");
			at = recorder.awaitLeader(lost, (m) -> m.znode().equals(first.znode()), "first again on the new session");
			// mesos-go#99: after expiry the watch must be live again.
			first.withdraw();
			recorder.awaitLeader(at, (m) -> m.znode().equals(second.znode()), "second after first withdrew");
		}
	}

	@Test
	void reportsUncertaintyWhileTheServerIsGoneAndRecovers(TestInfo test) throws Exception {
		String path = groupPath(test);
		SnapshotRecorder<Master> recorder = new SnapshotRecorder<>();
		try (ZkMasterContender master = ZkMasterContender.join(zk.getConnectString(), path, MasterGeneration.JSON,
				MasterSpec.local(5050, "master"));
				MasterDetector detector = MasterDetector.create(url(path), Duration.ofSeconds(20),
						Duration.ofSeconds(5))) {
			detector.addListener(recorder);
			detector.start();
			int at = recorder.awaitLeader(0, (m) -> m.znode().equals(master.znode()), "the master");
			zk.stop();
			try {
				at = recorder.await(at, (s) -> s.state() == State.UNCERTAIN, "uncertain while ZooKeeper is down");
				LeaderSnapshot<Master> uncertain = recorder.seen().get(at);
				assertThat(uncertain.leader()).as("the last leader kept as a hint").isNotNull();
				assertThat(uncertain.knownLeader()).isEmpty();
				assertThat(detector.leader()).as("never reported as known while suspended").isEmpty();
			}
			finally {
				zk.restart();
			}
			recorder.awaitLeader(at, (m) -> m.znode().equals(master.znode()), "the master again after reconnection");
		}
	}

	@Test
	void readsAGroupOnlyItsCredentialsMayList(TestInfo test) throws Exception {
		String path = groupPath(test);
		String digest = DigestAuthenticationProvider.generateDigest("mesos:secret");
		List<ACL> onlyMesos = List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest)));
		admin.create().creatingParentsIfNeeded().withACL(onlyMesos).forPath(path);
		try (ZkMasterContender master = ZkMasterContender.join(zk.getConnectString(), path, MasterGeneration.JSON,
				MasterSpec.local(5050, "secure"), "mesos:secret")) {
			ZkUrl withCredentials = ZkUrl.parse("zk://mesos:secret@" + zk.getConnectString() + path);
			try (MasterDetector detector = MasterDetector.create(withCredentials)) {
				detector.start();
				assertThat(detector.awaitLeader(WAIT))
					.hasValueSatisfying((leader) -> assertThat(leader.znode()).isEqualTo(master.znode()));
			}
			try (MasterDetector anonymous = MasterDetector.create(url(path))) {
				anonymous.start();
				assertThat(anonymous.awaitLeader(Duration.ofSeconds(1))).as("anonymous cannot list the group")
					.isEmpty();
				assertThat(anonymous.state()).isEqualTo(State.UNCERTAIN);
			}
		}
	}

	@Test
	void listenersRunOnTheirOwnExecutorInOrderAndCanBeRemoved(TestInfo test) throws Exception {
		String path = groupPath(test);
		java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
		SnapshotRecorder<Master> recorder = new SnapshotRecorder<>();
		SnapshotRecorder<Master> removed = new SnapshotRecorder<>();
		try (ZkMasterContender master = ZkMasterContender.join(zk.getConnectString(), path, MasterGeneration.JSON,
				MasterSpec.local(5050, "master")); MasterDetector detector = MasterDetector.create(url(path))) {
			detector.addListener(recorder, executor);
			detector.addListener(removed);
			detector.removeListener(removed);
			detector.start();
			recorder.awaitLeader(0, (m) -> true, "a leader");
			assertThat(removed.seen()).isEmpty();
			assertThat(recorder.seen().get(0).since()).isNotNull();
		}
		finally {
			executor.shutdown();
			executor.awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	private static final class RacingDetector extends LeaderDetector<Master> {

		private final java.util.function.Consumer<String> beforeRead;

		private final io.cairn.mesos.master.MasterZnodes znodes = new io.cairn.mesos.master.MasterZnodes();

		private final String path;

		RacingDetector(CuratorFramework client, String path, java.util.function.Consumer<String> beforeRead) {
			super(client, true, List.of(path), "racing " + path, java.time.Clock.systemUTC());
			this.path = path;
			this.beforeRead = beforeRead;
		}

		@Override
		protected boolean isCandidate(String path, String child) {
			this.beforeRead.accept(child);
			return true;
		}

		@Override
		protected List<Master> members(Map<String, List<ZNode>> childrenByPath) {
			return this.znodes.masters(childrenByPath.get(this.path));
		}

	}

}
