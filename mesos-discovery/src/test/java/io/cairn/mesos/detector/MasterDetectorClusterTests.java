package io.cairn.mesos.detector;

import java.time.Duration;

import io.cairn.mesos.master.Master;
import io.cairn.mesos.zk.ZkUrl;
import io.cairn.testkit.mesos.MasterGeneration;
import io.cairn.testkit.mesos.MasterSpec;
import io.cairn.testkit.mesos.ZkMasterContender;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.Test;

/**
 * The detector on a three-server ensemble (slow to start, so one test): it must survive
 * losing servers of its connect string (mesos-dns#503) and keep following.
 */
class MasterDetectorClusterTests {

	@Test
	void keepsFollowingWhenServersOfTheEnsembleDie() throws Exception {
		try (TestingCluster cluster = new TestingCluster(3)) {
			cluster.start();
			String connectString = cluster.getConnectString();
			SnapshotRecorder<Master> recorder = new SnapshotRecorder<>();
			try (ZkMasterContender first = ZkMasterContender.join(connectString, "/mesos", MasterGeneration.JSON,
					MasterSpec.local(5050, "first"));
					ZkMasterContender second = ZkMasterContender.join(connectString, "/mesos", MasterGeneration.JSON,
							MasterSpec.local(5051, "second"));
					MasterDetector detector = MasterDetector.create(ZkUrl.parse("zk://" + connectString + "/mesos"),
							Duration.ofSeconds(20), Duration.ofSeconds(5))) {
				detector.addListener(recorder);
				detector.start();
				int at = recorder.awaitLeader(0, (m) -> m.znode().equals(first.znode()), "first");
				// Kill each server in turn, keeping a quorum: whichever one the detector
				// is
				// connected to, it must move to another and still see leader changes.
				ZkMasterContender[] masters = { first, second };
				int leader = 0;
				for (InstanceSpec server : cluster.getInstances()) {
					cluster.killServer(server);
					masters[leader].withdraw();
					masters[leader].rejoin();
					leader = 1 - leader;
					String expected = masters[leader].znode();
					at = recorder.awaitLeader(at, (m) -> m.znode().equals(expected),
							expected + " with server " + server.getServerId() + " down");
					cluster.restartServer(server);
				}
			}
		}
	}

}
