package io.cairn.mesos.scheduler;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.cairn.mesos.http.MasterResolver;
import io.cairn.mesos.http.MesosHttp;
import io.cairn.testkit.mesos.MesosMasterSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class MesosSchedulerClientTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

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

	private MesosSchedulerClient client() {
		return new MesosSchedulerClient(
				new MesosHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
						// The masters the client knows: a redirect may lead only to them.
						MasterResolver.fixed(this.standby.url(), URI.create("http://localhost:" + this.leader.port())),
						null, null, Duration.ofSeconds(10), Duration.ofSeconds(30)),
				Duration.ofSeconds(15));
	}

	@Test
	void subscribesCallsWithTheStreamIdAndSubscribesAgainAfterFailover() throws Exception {
		Events events = new Events();
		try (SchedulerSession session = client().subscribe(FrameworkInfo.of("root", "cairn-test", "*"), null, events)) {
			assertThat(session.awaitSubscribed(Duration.ofSeconds(30))).isTrue();
			assertThat(session.frameworkId()).contains("fw-1");
			JsonNode subscribe = JSON.readTree(this.leader.requests().get(0).body());
			assertThat(subscribe.path("subscribe").path("force").asBoolean()).isTrue();
			assertThat(subscribe.path("subscribe").path("framework_info").path("name").asString())
				.isEqualTo("cairn-test");
			String streamId = this.leader.requests().get(0).headers().get("Mesos-Stream-Id");
			assertThat(streamId).as("SUBSCRIBE carries no stream id").isNull();

			this.leader.publishToFrameworks(MesosMasterSimulator.event("OFFERS",
					"{\"offers\":[{\"id\":{\"value\":\"o1\"},\"agent_id\":{\"value\":\"a1\"}}]}"));
			assertThat(events.next("OFFERS")
				.payload()
				.orElseThrow()
				.path("offers")
				.get(0)
				.path("id")
				.path("value")
				.asString()).isEqualTo("o1");

			session.decline(List.of("o1"), 5.0);
			session.accept(List.of("o2"), List.of(JSON.readTree("{\"type\":\"LAUNCH\",\"launch\":{}}")), null);
			session.revive();
			session.kill("t1", "a1");
			session.acknowledge("a1", "t1", "ycLTRBo8TjKFTrh4vsbERg==");
			session.reconcile(Map.of("t1", "a1"));
			List<JsonNode> calls = this.leader.acceptedSchedulerCalls();
			assertThat(calls).extracting((call) -> call.path("type").asString())
				.containsExactly("DECLINE", "ACCEPT", "REVIVE", "KILL", "ACKNOWLEDGE", "RECONCILE");
			assertThat(calls)
				.allSatisfy((call) -> assertThat(call.path("framework_id").path("value").asString()).isEqualTo("fw-1"));
			assertThat(calls.get(0).path("decline").path("filters").path("refuse_seconds").asDouble()).isEqualTo(5.0);
			assertThat(this.leader.requests().stream().filter((r) -> r.status() == 202))
				.allSatisfy((r) -> assertThat(r.headers().get("Mesos-Stream-Id")).isNotBlank());

			// Failover: the new leader gets a SUBSCRIBE with the framework id and force
			// off.
			this.standby.lead();
			this.leader.redirectTo("localhost:" + this.standby.port());
			this.leader.endStreams();
			assertThat(events.disconnected.poll(30, TimeUnit.SECONDS)).isNotNull();
			events.next("SUBSCRIBED");
			JsonNode resubscribe = JSON.readTree(
					this.standby.requests().stream().filter((r) -> r.status() == 200).findFirst().orElseThrow().body());
			assertThat(resubscribe.path("subscribe").path("force").asBoolean()).isFalse();
			assertThat(resubscribe.path("subscribe").path("framework_info").path("id").path("value").asString())
				.isEqualTo("fw-1");
			assertThat(session.awaitSubscribed(Duration.ofSeconds(30))).isTrue();
			session.teardown();
			assertThat(this.standby.acceptedSchedulerCalls()).extracting((call) -> call.path("type").asString())
				.containsExactly("TEARDOWN");
		}
	}

	@Test
	void refusesCallsWhileNotSubscribed() {
		this.standby.noLeader();
		try (SchedulerSession session = client().subscribe(FrameworkInfo.of("root", "idle", "*"), null, (event) -> {
		})) {
			assertThatIllegalStateException().isThrownBy(session::revive).withMessageContaining("subscribed");
		}
	}

	private static final class Events implements SchedulerEventListener {

		final BlockingQueue<SchedulerEvent> events = new LinkedBlockingQueue<>();

		final BlockingQueue<Throwable> disconnected = new LinkedBlockingQueue<>();

		@Override
		public void onEvent(SchedulerEvent event) {
			this.events.add(event);
		}

		@Override
		public void onDisconnected(Throwable cause) {
			this.disconnected.add(cause);
		}

		SchedulerEvent next(String type) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (System.nanoTime() < deadline) {
				SchedulerEvent event = this.events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
				if (event != null && event.type().equals(type)) {
					return event;
				}
			}
			throw new AssertionError("no " + type + " event within 30 s");
		}

	}

}
