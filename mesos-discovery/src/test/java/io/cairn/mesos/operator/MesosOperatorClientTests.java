package io.cairn.mesos.operator;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.cairn.mesos.detector.MasterDetector;
import io.cairn.mesos.http.MasterResolver;
import io.cairn.mesos.http.MesosApiException;
import io.cairn.mesos.http.MesosHttp;
import io.cairn.mesos.master.HostField;
import io.cairn.mesos.zk.ZkUrl;
import io.cairn.testkit.mesos.MasterGeneration;
import io.cairn.testkit.mesos.MesosMasterSimulator;
import io.cairn.testkit.mesos.ZkMasterContender;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The operator client against a simulated master pair: one leading, one standing by
 * (answering 307 with a protocol-relative Location), then 503s, auth and the SUBSCRIBE
 * stream across a failover.
 */
class MesosOperatorClientTests {

	private MesosMasterSimulator leader;

	private MesosMasterSimulator standby;

	@BeforeEach
	void startMasters() throws Exception {
		this.leader = MesosMasterSimulator.start("localhost");
		this.standby = MesosMasterSimulator.start("standby");
		this.standby.redirectTo("localhost:" + this.leader.port());
	}

	@AfterEach
	void stopMasters() {
		this.leader.close();
		this.standby.close();
	}

	/**
	 * The standby first, and the leader under the host name the standby's redirect uses.
	 */
	private MasterResolver bothMasters() {
		return MasterResolver.fixed(this.standby.url(), URI.create("http://localhost:" + this.leader.port()));
	}

	private static MesosOperatorClient client(MasterResolver resolver, Duration budget) {
		return new MesosOperatorClient(
				new MesosHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), resolver, null,
						null, Duration.ofSeconds(10), budget),
				Duration.ofSeconds(15));
	}

	@Test
	void followsTheStandbysRedirectAndResendsTheBody() throws Exception {
		MesosOperatorClient client = client(bothMasters(), Duration.ofSeconds(10));
		assertThat(client.health()).isTrue();
		assertThat(client.version().version()).isEqualTo("1.11.0");
		MasterState master = client.master();
		assertThat(master.masterInfo().id()).isEqualTo(this.leader.spec().id());
		assertThat(master.masterInfo().url(HostField.IP)).isEqualTo(this.leader.url());
		assertThat(master.electedTime()).isEqualTo(1470820172.0);
		Agents agents = client.agents();
		assertThat(agents.agents()).singleElement().satisfies((agent) -> {
			assertThat(agent.agentInfo().id().value()).isEqualTo("628984d0-4213-4140-bcb0-99d7ef46b1df-S0");
			assertThat(agent.agentInfo().resources()).extracting(Resource::name).containsExactly("cpus", "ports");
			assertThat(agent.agentInfo().resources().get(1).ranges().range().get(0).end()).isEqualTo(32000);
			assertThat(agent.registeredTime().nanoseconds()).isEqualTo(1470820172046531840L);
		});
		assertThat(client.frameworks().frameworks()).singleElement()
			.satisfies((framework) -> assertThat(framework.frameworkInfo().principal()).isEqualTo("my-principal"));
		Tasks tasks = client.tasks();
		assertThat(tasks.tasks()).singleElement().satisfies((task) -> {
			assertThat(task.state()).isEqualTo("TASK_RUNNING");
			assertThat(task.statuses().get(0).uuid()).isEqualTo("ycLTRBo8TjKFTrh4vsbERg==");
		});
		ClusterState state = client.state();
		assertThat(state.getAgents().agents()).hasSize(1);
		assertThat(state.getTasks().tasks()).hasSize(1);

		assertThat(this.standby.requests()).hasSize(7)
			.allSatisfy((request) -> assertThat(request.status()).isEqualTo(307));
		assertThat(this.leader.requests()).hasSize(7).allSatisfy((request) -> {
			assertThat(request.status()).isEqualTo(200);
			assertThat(request.headers()).containsEntry("Content-Type", "application/json");
		});
		for (int i = 0; i < 7; i++) {
			assertThat(this.leader.requests().get(i).body()).isEqualTo(this.standby.requests().get(i).body());
		}
	}

	@Test
	void mapsARedirectToAnUnresolvableHostNameThroughTheDetector() throws Exception {
		try (MesosMasterSimulator hidden = MesosMasterSimulator.start("leader.invalid");
				TestingServer zk = new TestingServer(true)) {
			this.standby.redirectTo("leader.invalid:" + hidden.port());
			try (ZkMasterContender standbyNode = ZkMasterContender.join(zk.getConnectString(), "/mesos",
					MasterGeneration.JSON, this.standby.spec());
					ZkMasterContender hiddenNode = ZkMasterContender.join(zk.getConnectString(), "/mesos",
							MasterGeneration.JSON, hidden.spec());
					MasterDetector detector = MasterDetector
						.create(ZkUrl.parse("zk://" + zk.getConnectString() + "/mesos"))) {
				detector.start();
				// The detector sees the standby as leader (it joined first): the case of
				// a
				// detector one step behind an election.
				assertThat(detector.awaitLeader(Duration.ofSeconds(30))).isPresent();
				MesosOperatorClient client = client(MasterResolver.following(detector, HostField.IP, "http"),
						Duration.ofSeconds(10));
				assertThat(client.master().masterInfo().hostname()).isEqualTo("leader.invalid");
				assertThat(hidden.requests()).hasSize(1);
			}
		}
	}

	@Test
	void retriesWhileTheLeaderRecovers() throws Exception {
		this.leader.unavailableFor(2);
		MesosOperatorClient client = client(MasterResolver.fixed(this.leader.url()), Duration.ofSeconds(30));
		assertThat(client.health()).isTrue();
		assertThat(this.leader.requests()).extracting(MesosMasterSimulator.Recorded::status)
			.containsExactly(503, 503, 200);
	}

	@Test
	void givesUpWithTheMastersAnswerWhenNoLeaderIsElected() {
		this.standby.noLeader();
		MesosOperatorClient client = client(MasterResolver.fixed(this.standby.url()), Duration.ofMillis(300));
		assertThatExceptionOfType(MesosApiException.class).isThrownBy(client::health)
			.withMessageContaining("No leader elected")
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(503));
	}

	@Test
	void sendsBasicAuth() throws Exception {
		this.leader.requireBasicAuth("ops", "pa55");
		MesosOperatorClient anonymous = client(MasterResolver.fixed(this.leader.url()), Duration.ofSeconds(5));
		assertThatExceptionOfType(MesosApiException.class).isThrownBy(anonymous::health)
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(401));
		MesosOperatorClient authenticated = new MesosOperatorClient(
				new MesosHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
						MasterResolver.fixed(this.leader.url()), "ops", "pa55", Duration.ofSeconds(10),
						Duration.ofSeconds(5)),
				Duration.ofSeconds(15));
		assertThat(authenticated.health()).isTrue();
	}

	@Test
	void streamsEventsAndSubscribesAgainAfterAFailover() throws Exception {
		Events events = new Events();
		MesosOperatorClient client = client(bothMasters(), Duration.ofSeconds(30));
		try (MesosOperatorClient.Subscription subscription = client.subscribe(events)) {
			OperatorEvent subscribed = events.next("SUBSCRIBED");
			OperatorEvent.Subscribed payload = subscribed.payload(OperatorEvent.Subscribed.class).orElseThrow();
			assertThat(payload.heartbeatIntervalSeconds()).isEqualTo(15.0);
			assertThat(payload.getState().getFrameworks().frameworks()).hasSize(1);
			// The standby's redirect named the leader by host name, and the client went
			// there.
			assertThat(events.connected.poll(30, TimeUnit.SECONDS))
				.isEqualTo(URI.create("http://localhost:" + this.leader.port()));

			this.leader.publish(MesosMasterSimulator.event("AGENT_REMOVED", "{\"agent_id\":{\"value\":\"S1\"}}"));
			assertThat(events.next("AGENT_REMOVED").payload(OperatorEvent.AgentRemoved.class).orElseThrow().agentId())
				.isEqualTo(new MesosId("S1"));

			// Failover: the old leader ends its streams and now redirects to the new one.
			this.standby.lead();
			this.leader.redirectTo("localhost:" + this.standby.port());
			this.leader.endStreams();
			assertThat(events.disconnected.poll(30, TimeUnit.SECONDS)).isNotNull();
			events.next("SUBSCRIBED");
			assertThat(events.connected.poll(30, TimeUnit.SECONDS)).isEqualTo(this.standby.url());
			this.standby.publish(MesosMasterSimulator.event("TASK_ADDED", "{\"task\":{\"task_id\":{\"value\":\"t1\"},"
					+ "\"name\":\"web\",\"framework_id\":{\"value\":\"f1\"},\"state\":\"TASK_STAGING\"}}"));
			assertThat(events.next("TASK_ADDED").payload(OperatorEvent.TaskAdded.class).orElseThrow().task().name())
				.isEqualTo("web");
		}
	}

	@Test
	void dropsASilentStreamAfterFiveHeartbeatsAndSubscribesAgain() throws Exception {
		this.leader.heartbeatInterval(Duration.ofMillis(100));
		Events events = new Events();
		MesosOperatorClient client = client(MasterResolver.fixed(this.leader.url()), Duration.ofSeconds(30));
		try (MesosOperatorClient.Subscription subscription = client.subscribe(events)) {
			events.next("SUBSCRIBED");
			events.next("HEARTBEAT");
			this.leader.silence(true);
			assertThat(events.disconnected.poll(30, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
			events.next("SUBSCRIBED");
		}
	}

	private static final class Events implements OperatorEventListener {

		final BlockingQueue<OperatorEvent> events = new LinkedBlockingQueue<>();

		final BlockingQueue<URI> connected = new LinkedBlockingQueue<>();

		final BlockingQueue<Throwable> disconnected = new LinkedBlockingQueue<>();

		@Override
		public void onEvent(OperatorEvent event) {
			this.events.add(event);
		}

		@Override
		public void onConnected(URI master) {
			this.connected.add(master);
		}

		@Override
		public void onDisconnected(Throwable cause) {
			this.disconnected.add(cause);
		}

		OperatorEvent next(String type) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (System.nanoTime() < deadline) {
				OperatorEvent event = this.events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (event != null && event.type().equals(type)) {
					return event;
				}
			}
			throw new AssertionError("no " + type + " event within 30 s");
		}

	}

}
