package io.cairn.consul;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.cairn.consul.model.agent.CheckRegistration;
import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.testkit.consul.ConsulSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kept registrations come back after the agent restarts without them.
 */
class RegistrationKeeperTests {

	@Test
	void servicesAndChecksAreRegisteredAgainAfterAnAgentRestart() {
		try (ConsulSimulator simulator = ConsulSimulator.start();
				Consul consul = Consul.builder().address(simulator.address()).build();
				RegistrationKeeper keeper = consul.registrationKeeper(Duration.ofMillis(50))) {
			List<String> reregistered = new CopyOnWriteArrayList<>();
			keeper.onReregistered(reregistered::add);
			assertThat(keeper.keep(ServiceRegistration.of("kept-1", "kept").withAddress("10.0.0.1", 80))).isTrue();
			assertThat(keeper.keep(CheckRegistration.ttl("kept-check", "kept check", Duration.ofMinutes(1)))).isTrue();
			assertThat(simulator.hasService("kept-1")).isTrue();
			simulator.restart();
			assertThat(simulator.hasService("kept-1")).as("a dev agent forgets everything").isFalse();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> simulator.hasService("kept-1"));
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> consul.agent().checks(QueryOptions.NONE).value().containsKey("kept-check"));
			assertThat(reregistered).contains("kept-1", "kept-check");
			keeper.release("kept-1");
			assertThat(simulator.hasService("kept-1")).isFalse();
		}
	}

	@Test
	void registrationWaitsForAnAgentThatIsDown() {
		try (ConsulSimulator simulator = ConsulSimulator.start();
				Consul consul = Consul.builder().address(simulator.address()).build();
				RegistrationKeeper keeper = consul.registrationKeeper(Duration.ofMillis(50))) {
			simulator.stopAgent();
			assertThat(keeper.keep(ServiceRegistration.of("late-1", "late"))).isFalse();
			simulator.startAgent();
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> simulator.hasService("late-1"));
		}
	}

}
