package io.cairn.mesos.abuse;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.CodedOutputStream;
import io.cairn.mesos.detector.MasterDetector;
import io.cairn.mesos.detector.State;
import io.cairn.mesos.http.MasterResolver;
import io.cairn.mesos.http.MesosApiException;
import io.cairn.mesos.http.MesosHttp;
import io.cairn.mesos.master.HostField;
import io.cairn.mesos.master.MasterZnodes;
import io.cairn.mesos.operator.MesosOperatorClient;
import io.cairn.mesos.zk.ZkUrl;
import io.cairn.testkit.mesos.MasterSpec;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * L6: a leader znode whose address cannot be used (a port out of range, a host that is no
 * host) is skipped when it is read, with one warning, like any other garbage; nothing
 * downstream ever meets it, and a client with no usable leader fails with a
 * {@link MesosApiException}. Against a real ZooKeeper.
 */
class MalformedZnodeAbuseTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static TestingServer zk;

	private static CuratorFramework admin;

	private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

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

	@BeforeEach
	void captureWarnings() {
		this.warnings.start();
		((Logger) LoggerFactory.getLogger(MasterZnodes.class)).addAppender(this.warnings);
	}

	@AfterEach
	void releaseWarnings() {
		((Logger) LoggerFactory.getLogger(MasterZnodes.class)).detachAppender(this.warnings);
	}

	private static String groupPath(TestInfo test) {
		return "/mesos/" + test.getTestMethod().orElseThrow().getName();
	}

	private static MasterDetector detector(String path) {
		return MasterDetector.create(ZkUrl.parse("zk://" + zk.getConnectString() + path));
	}

	private List<ILoggingEvent> warningsAbout(String znode) {
		return this.warnings.list.stream()
			.filter((event) -> event.getLevel() == Level.WARN && event.getFormattedMessage().contains(znode))
			.toList();
	}

	@Test
	void l6LeaderWithAPortOutOfRangeIsSkippedWithOneWarning(TestInfo test) throws Exception {
		String path = groupPath(test);
		admin.create()
			.creatingParentsIfNeeded()
			.forPath(path + "/json.info_0000000000",
					"{\"id\":\"x\",\"address\":{\"ip\":\"10.0.0.1\",\"port\":70000}}".getBytes(StandardCharsets.UTF_8));
		admin.create().forPath(path + "/json.info_0000000001", MasterSpec.local(5051, "good").json().getBytes());
		try (MasterDetector detector = detector(path)) {
			detector.start();
			assertThat(detector.awaitLeader(WAIT))
				.hasValueSatisfying((leader) -> assertThat(leader.znode()).isEqualTo("json.info_0000000001"));
			assertThat(detector.members()).hasSize(1);
			assertThat(detector.urls(HostField.IP)).extracting(Object::toString)
				.containsExactly("http://127.0.0.1:5051");

			// Another read of the group: the bad znode is skipped again, silently.
			admin.create().forPath(path + "/json.info_0000000002", MasterSpec.local(5052, "later").json().getBytes());
			Awaitility.await().atMost(WAIT).until(() -> detector.members().size() == 2);
			assertThat(warningsAbout("json.info_0000000000")).singleElement()
				.satisfies((event) -> assertThat(event.getFormattedMessage()).contains("70000"));
		}
	}

	@Test
	void l6LeaderWithABadHostIsSkipped(TestInfo test) throws Exception {
		String path = groupPath(test);
		admin.create()
			.creatingParentsIfNeeded()
			.forPath(path + "/json.info_0000000000",
					"{\"id\":\"x\",\"address\":{\"ip\":\"bad host\",\"port\":5050}}".getBytes(StandardCharsets.UTF_8));
		admin.create()
			.forPath(path + "/json.info_0000000001",
					"{\"id\":\"y\",\"hostname\":\"evil/path?q\",\"port\":5050}".getBytes(StandardCharsets.UTF_8));
		admin.create().forPath(path + "/info_0000000002", protobufMasterInfo("z", 16777343L, 70000));
		admin.create().forPath(path + "/json.info_0000000003", MasterSpec.local(5053, "good").json().getBytes());
		try (MasterDetector detector = detector(path)) {
			detector.start();
			assertThat(detector.awaitLeader(WAIT))
				.hasValueSatisfying((leader) -> assertThat(leader.znode()).isEqualTo("json.info_0000000003"));
			assertThat(detector.urls(HostField.HOSTNAME)).extracting(Object::toString)
				.containsExactly("http://good:5053");
			assertThat(warningsAbout("json.info_0000000000")).hasSize(1);
			assertThat(warningsAbout("json.info_0000000001")).hasSize(1);
			assertThat(warningsAbout("info_0000000002")).hasSize(1);
		}
	}

	@Test
	void l6OnlyAMalformedLeaderMeansNoLeaderAndATypedFailure(TestInfo test) throws Exception {
		String path = groupPath(test);
		admin.create()
			.creatingParentsIfNeeded()
			.forPath(path + "/json.info_0000000000",
					"{\"id\":\"x\",\"address\":{\"ip\":\"10.0.0.1\",\"port\":70000}}".getBytes(StandardCharsets.UTF_8));
		try (MasterDetector detector = detector(path)) {
			detector.start();
			assertThat(detector.awaitCertainty(WAIT)).isEqualTo(State.NO_LEADER);
			MasterResolver resolver = MasterResolver.following(detector, HostField.IP, "http");
			assertThat(resolver.master(Duration.ofMillis(100))).isEmpty();
			MesosOperatorClient client = new MesosOperatorClient(
					new MesosHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), resolver, null,
							null, Duration.ofSeconds(5), Duration.ofMillis(300)),
					Duration.ofSeconds(15));
			assertThatExceptionOfType(MesosApiException.class).isThrownBy(client::health)
				.withMessageContaining("no leading Mesos master");
		}
	}

	/** A binary MasterInfo (Mesos 0.17-0.23) with the given required fields. */
	static byte[] protobufMasterInfo(String id, long ip, int port) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		CodedOutputStream out = CodedOutputStream.newInstance(bytes);
		out.writeString(1, id);
		out.writeUInt32(2, (int) ip);
		out.writeUInt32(3, port);
		out.flush();
		return bytes.toByteArray();
	}

}
