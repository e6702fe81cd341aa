package io.cairn.mesos.abuse;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.cairn.mesos.detector.MasterDetector;
import io.cairn.mesos.http.MasterResolver;
import io.cairn.mesos.http.MesosHttp;
import io.cairn.mesos.http.RedirectRefusedException;
import io.cairn.mesos.master.HostField;
import io.cairn.mesos.operator.MesosOperatorClient;
import io.cairn.mesos.zk.ZkUrl;
import io.cairn.testkit.mesos.MasterGeneration;
import io.cairn.testkit.mesos.MasterSpec;
import io.cairn.testkit.mesos.MesosMasterSimulator;
import io.cairn.testkit.mesos.ZkMasterContender;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * M5: a master's 307 must not carry the client's Basic credentials or its request body to
 * a host the client does not know, nor downgrade https to http; a redirect to a known
 * master keeps working. Every server here is a real local HTTP(S) server.
 */
class RedirectAbuseTests {

	private static final String BASIC_P_S = "Basic cDpz";

	private static MesosOperatorClient client(HttpClient http, MasterResolver resolver, Duration budget) {
		return new MesosOperatorClient(new MesosHttp(http, resolver, "p", "s", Duration.ofSeconds(10), budget),
				Duration.ofSeconds(15));
	}

	private static HttpClient plain() {
		return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	}

	@Test
	void m5RedirectToAnotherOriginGetsNeitherCredentialsNorBody() throws Exception {
		try (RecordingServer attacker = RecordingServer.http(RecordingServer::healthy);
				RecordingServer master = RecordingServer
					.http(RecordingServer.redirectingTo("http://127.0.0.1:" + attacker.port() + "/api/v1"))) {
			MesosOperatorClient client = client(plain(), MasterResolver.fixed(master.url()), Duration.ofMillis(500));

			assertThatExceptionOfType(RedirectRefusedException.class).isThrownBy(client::health)
				.withMessageContaining("127.0.0.1:" + attacker.port())
				.withMessageContaining("not a known master")
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(RedirectRefusedException.Reason.UNKNOWN_MASTER));
			assertThat(master.received()).isNotEmpty()
				.allSatisfy((request) -> assertThat(request.authorization()).isEqualTo(BASIC_P_S));
			assertThat(attacker.received()).as("the attacker's listener").isEmpty();
		}
	}

	@Test
	void m5ProtocolRelativeRedirectToAnUnknownHostIsNotFollowedEither() throws Exception {
		try (RecordingServer attacker = RecordingServer.http(RecordingServer::healthy);
				RecordingServer master = RecordingServer
					.http(RecordingServer.redirectingTo("//localhost:" + attacker.port() + "/api/v1"))) {
			MesosOperatorClient client = client(plain(), MasterResolver.fixed(master.url()), Duration.ofMillis(500));

			assertThatExceptionOfType(RedirectRefusedException.class).isThrownBy(client::health);
			assertThat(attacker.received()).as("the attacker's listener").isEmpty();
		}
	}

	@Test
	void m5HttpsMasterRedirectingToHttpIsRefused(@TempDir Path dir) throws Exception {
		SelfSignedTls tls = SelfSignedTls.create(dir);
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls.client()).build();
		try (RecordingServer attacker = RecordingServer.http(RecordingServer::healthy);
				RecordingServer master = RecordingServer.https(tls.server(),
						RecordingServer.redirectingTo("http://127.0.0.1:" + attacker.port() + "/api/v1"))) {
			// Even a master this client knows is not called over plain http.
			MesosOperatorClient client = client(http, MasterResolver.fixed(master.url(), attacker.url()),
					Duration.ofSeconds(30));

			assertThatExceptionOfType(RedirectRefusedException.class).isThrownBy(client::health)
				.withMessageContaining("https")
				.withMessageContaining("http://127.0.0.1:" + attacker.port())
				.satisfies((ex) -> {
					assertThat(ex.status()).isEqualTo(307);
					assertThat(ex.reason()).isEqualTo(RedirectRefusedException.Reason.DOWNGRADE);
				});
			assertThat(master.received()).as("refused at once, not retried").hasSize(1);
			assertThat(attacker.received()).as("the plain-http listener").isEmpty();
		}
	}

	@Test
	void m5RedirectNamingAKnownMasterKeepsWorkingWithCredentials() throws Exception {
		try (MesosMasterSimulator leader = MesosMasterSimulator.start("leader.invalid");
				MesosMasterSimulator standby = MesosMasterSimulator.start("standby");
				RecordingServer attacker = RecordingServer.http(RecordingServer::healthy);
				TestingServer zk = new TestingServer(true)) {
			leader.requireBasicAuth("p", "s");
			standby.requireBasicAuth("p", "s");
			// Mesos names the leader by its host name, which does not resolve here.
			standby.redirectTo("leader.invalid:" + leader.port());
			try (ZkMasterContender standbyNode = ZkMasterContender.join(zk.getConnectString(), "/mesos",
					MasterGeneration.JSON, standby.spec());
					ZkMasterContender leaderNode = ZkMasterContender.join(zk.getConnectString(), "/mesos",
							MasterGeneration.JSON, leader.spec());
					MasterDetector detector = MasterDetector
						.create(ZkUrl.parse("zk://" + zk.getConnectString() + "/mesos"))) {
				detector.start();
				// The detector still names the standby (a step behind the election).
				assertThat(detector.awaitLeader(Duration.ofSeconds(30))).isPresent();
				MesosOperatorClient client = client(plain(), MasterResolver.following(detector, HostField.IP, "http"),
						Duration.ofSeconds(10));

				assertThat(client.health()).isTrue();
				assertThat(standby.requests()).singleElement()
					.satisfies((request) -> assertThat(request.status()).isEqualTo(307));
				assertThat(leader.requests()).singleElement().satisfies((request) -> {
					assertThat(request.status()).isEqualTo(200);
					assertThat(request.body()).contains("GET_HEALTH");
				});
				assertThat(attacker.received()).isEmpty();
			}
		}
	}

	@Test
	void m5RedirectToAListedMasterKeepsWorkingWithCredentials() throws Exception {
		try (MesosMasterSimulator leader = MesosMasterSimulator.start("leader");
				MesosMasterSimulator standby = MesosMasterSimulator.start("standby")) {
			leader.requireBasicAuth("p", "s");
			standby.requireBasicAuth("p", "s");
			standby.redirectTo("localhost:" + leader.port());
			MesosOperatorClient client = client(plain(),
					MasterResolver.fixed(standby.url(), URI.create("http://localhost:" + leader.port())),
					Duration.ofSeconds(10));

			assertThat(client.health()).isTrue();
			assertThat(leader.requests()).singleElement().satisfies((request) -> {
				assertThat(request.status()).isEqualTo(200);
				assertThat(request.body()).contains("GET_HEALTH");
			});
		}
	}

	@Test
	void m5RedirectWithinTheSameOriginIsFollowed() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		try (RecordingServer master = RecordingServer.http((request) -> (calls.getAndIncrement() == 0)
				? new RecordingServer.Answer(307, Map.of("Location", "/api/v1"), "")
				: RecordingServer.healthy(request))) {
			MesosOperatorClient client = client(plain(), MasterResolver.fixed(master.url()), Duration.ofSeconds(10));

			assertThat(client.health()).isTrue();
			assertThat(master.received()).hasSize(2).allSatisfy((request) -> {
				assertThat(request.authorization()).isEqualTo(BASIC_P_S);
				assertThat(request.body()).contains("GET_HEALTH");
			});
		}
	}

	@Test
	void m5RedirectFromADetectedMasterToAHostOutsideTheGroupIsNotFollowed() throws Exception {
		try (RecordingServer attacker = RecordingServer.http(RecordingServer::healthy);
				MesosMasterSimulator bogus = MesosMasterSimulator.start("bogus");
				TestingServer zk = new TestingServer(true)) {
			// A master advertised in ZooKeeper that sends everyone elsewhere.
			bogus.redirectTo("127.0.0.1:" + attacker.port());
			try (ZkMasterContender node = ZkMasterContender.join(zk.getConnectString(), "/mesos", MasterGeneration.JSON,
					bogus.spec());
					MasterDetector detector = MasterDetector
						.create(ZkUrl.parse("zk://" + zk.getConnectString() + "/mesos"))) {
				detector.start();
				assertThat(detector.awaitLeader(Duration.ofSeconds(30))).isPresent();
				MesosOperatorClient client = client(plain(), MasterResolver.following(detector, HostField.IP, "http"),
						Duration.ofMillis(500));

				assertThatExceptionOfType(RedirectRefusedException.class).isThrownBy(client::health)
					.withMessageContaining("not a known master");
				assertThat(attacker.received()).isEmpty();
			}
		}
	}

}
