package io.cairn.bridge.consul;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.consul.Consul;
import io.cairn.consul.ConsulObserver;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.autoconfigure.ConsulBuilderFactory;
import io.cairn.consul.autoconfigure.ConsulProperties;
import io.cairn.testkit.consul.ConsulSimulator;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which agent holds a task's services: the task host's, at Consular's address, unless
 * overridden, or the central one.
 */
class AgentClientsTests {

	private static AgentClients clients(Map<String, String> values) {
		return clients(values, ConsulObserver.NONE);
	}

	private static AgentClients clients(Map<String, String> values, ConsulObserver observer) {
		Binder binder = new Binder(new MapConfigurationPropertySource(values));
		BridgeProperties properties = binder.bindOrCreate(BridgeProperties.PREFIX, BridgeProperties.class);
		ConsulProperties consul = binder.bindOrCreate("cairn.consul", ConsulProperties.class);
		return new AgentClients(properties.consul(), consul, new ConsulBuilderFactory(consul, observer),
				Consul.builder().address("127.0.0.1:18500").build());
	}

	@Test
	void hostAgentClientsAreBuiltLikeTheAutoConfiguredOneSoTheirCallsAreMeasured() {
		List<String> seen = new CopyOnWriteArrayList<>();
		ConsulObserver observer = (method, endpoint, status, nanos, error) -> seen.add(method + " " + endpoint);
		try (ConsulSimulator agent = ConsulSimulator.builder().nodeName("agent-a").start();
				AgentClients clients = clients(Map.of("cairn.consul.use-environment", "false", "cairn.consul.token",
						"acl-token", "cairn.bridge.consul.agents.agent-a", agent.address()), observer)) {
			clients.agent(clients.addressOf("agent-a")).agent().services(QueryOptions.NONE);
			assertThat(seen).anySatisfy((call) -> assertThat(call).startsWith("GET ").contains("/agent/services"));
			// The shared settings reach the host agent too: its token.
			assertThat(agent.requests("/v1/agent/services")).isNotEmpty()
				.allSatisfy((request) -> assertThat(request.token()).isEqualTo("acl-token"));
		}
	}

	@Test
	void theTaskHostsAgentAsConsularAddressedIt() {
		try (AgentClients clients = clients(Map.of("cairn.consul.use-environment", "false"))) {
			assertThat(clients.addressOf("slave-1234.acme.org")).isEqualTo("http://slave-1234.acme.org:8500");
			assertThat(clients.addressOf("fd00::7")).isEqualTo("http://[fd00::7]:8500");
			assertThat(clients.addressOf("")).isEqualTo("http://127.0.0.1:18500");
		}
		try (AgentClients clients = clients(Map.of("cairn.consul.use-environment", "false",
				"cairn.bridge.consul.agent-scheme", "https", "cairn.bridge.consul.agent-port", "8501",
				"cairn.bridge.consul.agents.special", "10.0.0.1:9500"))) {
			assertThat(clients.addressOf("slave-1")).isEqualTo("https://slave-1:8501");
			assertThat(clients.addressOf("special")).isEqualTo("http://10.0.0.1:9500");
			assertThat(clients.configuredAgents()).containsExactly("http://10.0.0.1:9500");
		}
		try (AgentClients clients = clients(
				Map.of("cairn.consul.use-environment", "false", "cairn.bridge.consul.register-on", "central"))) {
			assertThat(clients.addressOf("slave-1")).isEqualTo("http://127.0.0.1:18500");
		}
	}

}
