package io.cairn.mesos.autoconfigure;

import java.time.Duration;

import io.cairn.mesos.detector.MasterDetector;
import io.cairn.mesos.detector.SnapshotRecorder;
import io.cairn.mesos.detector.State;
import io.cairn.mesos.http.MasterResolver;
import io.cairn.mesos.marathon.MarathonHttpLeaderLookup;
import io.cairn.mesos.marathon.MarathonLeaderDetector;
import io.cairn.mesos.master.Master;
import io.cairn.mesos.operator.MesosOperatorClient;
import io.cairn.mesos.scheduler.MesosSchedulerClient;
import io.cairn.testkit.mesos.MasterGeneration;
import io.cairn.testkit.mesos.MasterSpec;
import io.cairn.testkit.mesos.ZkMasterContender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class MesosDiscoveryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MesosDiscoveryAutoConfiguration.class,
				MesosDiscoveryHealthAutoConfiguration.class, MesosDiscoveryMetricsAutoConfiguration.class));

	@Test
	void staysOffWithoutConfiguration() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(MasterDetector.class)
			.doesNotHaveBean(MesosOperatorClient.class)
			.doesNotHaveBean(MarathonLeaderDetector.class));
	}

	@Test
	void usesASingleMasterDirectly() {
		this.runner.withPropertyValues("cairn.mesos.master=master@10.0.0.1:5050").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(MasterDetector.class)
				.hasSingleBean(MesosOperatorClient.class)
				.hasSingleBean(MesosSchedulerClient.class);
			assertThat(context.getBean(MasterResolver.class).master(Duration.ZERO))
				.hasValueSatisfying((url) -> assertThat(url).hasToString("http://10.0.0.1:5050"));
		});
	}

	@Test
	void refusesAMalformedMasterWithTheParsersMessage() {
		this.runner.withPropertyValues("cairn.mesos.master=zk://zk1:2181/").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("has no path");
		});
		this.runner.withPropertyValues("cairn.mesos.master=master@x:1", "cairn.mesos.api.scheme=ftp")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("must be http or https"));
	}

	@Test
	void asksMarathonOverHttpWhenGivenUrls() {
		this.runner.withPropertyValues("cairn.mesos.marathon.urls=http://m1:8080,http://m2:8080")
			.run((context) -> assertThat(context).hasSingleBean(MarathonHttpLeaderLookup.class)
				.doesNotHaveBean(MarathonLeaderDetector.class));
	}

	@Test
	@SuppressWarnings("unchecked")
	void followsTheLeaderThroughZooKeeperWithHealthAndMeters() throws Exception {
		ZooKeeperTestingServer zk = new ZooKeeperTestingServer();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.listeners(zk)
			.run()) {
			MasterDetector detector = context.getBean(MasterDetector.class);
			assertThat(context.getBean(MarathonLeaderDetector.class).awaitCertainty(Duration.ofSeconds(30)))
				.isEqualTo(State.NO_LEADER);
			LeaderHealthIndicator<Master> health = context.getBean("mesosLeaderHealthIndicator",
					LeaderHealthIndicator.class);
			LeaderMetrics metrics = context.getBean("mesosLeaderMetrics", LeaderMetrics.class);
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			metrics.bindTo(registry);
			SnapshotRecorder<Master> recorder = new SnapshotRecorder<>();
			detector.addListener(recorder);
			assertThat(detector.awaitCertainty(Duration.ofSeconds(30))).isEqualTo(State.NO_LEADER);
			assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

			try (ZkMasterContender master = ZkMasterContender.join(zk.connectString(), "/mesos", MasterGeneration.JSON,
					MasterSpec.local(5050, "leader"))) {
				int at = recorder.awaitLeader(0, (leader) -> leader.znode().equals(master.znode()), "the master");
				recorder.awaitLeader(at, (leader) -> true, "settled");
				Health up = health.health();
				assertThat(up.getStatus()).isEqualTo(Status.UP);
				assertThat(up.getDetails()).containsEntry("leader", "http://127.0.0.1:5050").containsKey("since");
				assertThat(registry.get("cairn.mesos.leader.known").gauge().value()).isEqualTo(1.0);
				assertThat(registry.get("cairn.mesos.leader.changes").functionCounter().count()).isEqualTo(1.0);
				assertThat(registry.get("cairn.mesos.leader.unknown.time").functionCounter().count()).isPositive();
				assertThat(context.getBean(MesosOperatorClient.class)).isNotNull();
			}
			recorder.awaitState(0, State.NO_LEADER);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
