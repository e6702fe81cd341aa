package io.cairn.bridge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.consul.ConsulContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.cairn.consul.Consul;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.kv.KeyValue;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.MarathonVersion;
import io.cairn.testkit.marathon.TaskInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge against a real Consul agent ({@code hashicorp/consul}) instead of the
 * simulator: a deploy, a scale-down and a destroyed app, with their labels, as the
 * scenario tests do. Skipped where Docker is not available (as on the build machines);
 * where it is, it keeps the Consul simulator honest about what the bridge relies on.
 */
@Testcontainers(disabledWithoutDocker = true)
class RealConsulContainerTests {

	@Container
	static final ConsulContainer CONSUL = new ConsulContainer("hashicorp/consul:1.17");

	private static MarathonSimulator marathon;

	private static TestBridge bridge;

	private static Consul consul;

	@BeforeAll
	static void start() {
		String address = "http://" + CONSUL.getHost() + ":" + CONSUL.getMappedPort(8500);
		marathon = MarathonSimulator.builder().version(MarathonVersion.V1_8).hosts("agent-a").start();
		consul = Consul.builder().address(address).build();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("cairn.bridge.marathon.urls", marathon.baseUrl().toString());
		properties.put("cairn.consul.addresses", address);
		// Every task runs on "agent-a", whose agent is the container; a dev agent's own
		// catalog node has the address 127.0.0.1, which is the container too.
		properties.put("cairn.bridge.consul.agents.agent-a", address);
		properties.put("cairn.bridge.consul.agents[127.0.0.1]", address);
		properties.put("cairn.bridge.leader.election", "none");
		bridge = TestBridge.start(properties);
		Await.until("the bridge leads with its stream connected", () -> {
			var status = bridge.status();
			return status.get("role").asString().equals("leader")
					&& status.get("marathon").get("stream").asString().equals("connected");
		});
	}

	@AfterAll
	static void stop() {
		if (bridge != null) {
			bridge.close();
		}
		if (marathon != null) {
			marathon.close();
		}
		if (consul != null) {
			consul.close();
		}
	}

	@Test
	void deployScaleAndDestroyReachARealAgent() {
		String app = "/real-web";
		marathon.createApp("{\"id\":\"" + app + "\",\"instances\":3,\"labels\":{\"domain\":\"example.org\"},"
				+ "\"portDefinitions\":[{\"port\":0}]}");
		Await.until("three tasks registered", () -> registered(app).size() == 3);
		for (TaskInfo task : marathon.tasks(app)) {
			AgentService service = registered(app).get(task.id());
			assertThat(service).isNotNull();
			assertThat(service.service()).isEqualTo("real-web");
			assertThat(service.address()).isEqualTo("agent-a");
			assertThat(service.port()).isEqualTo(task.ports().get(0));
			assertThat(service.tagList()).containsExactly("consular-reg-id=consular", "consular-app-id=" + app);
		}
		Await.until("the label in KV", () -> kv("consular/real-web/domain").isPresent());
		assertThat(kv("consular/real-web/domain")).hasValue("\"example.org\"");

		marathon.scale(app, 1);
		Await.until("only the remaining task registered",
				() -> registered(app).keySet().equals(Set.of(marathon.tasks(app).get(0).id())));

		marathon.destroyApp(app);
		Await.until("services and labels gone",
				() -> registered(app).isEmpty() && keys("consular/real-web/").isEmpty());
	}

	private static Map<String, AgentService> registered(String app) {
		Map<String, AgentService> services = new LinkedHashMap<>();
		consul.agent().services(QueryOptions.NONE).value().forEach((id, service) -> {
			if (service.tagList().contains("consular-app-id=" + app)) {
				services.put(id, service);
			}
		});
		return services;
	}

	private static Optional<String> kv(String key) {
		return consul.kv().get(key).value().flatMap(KeyValue::valueAsString);
	}

	private static List<String> keys(String prefix) {
		return consul.kv().keys(prefix, null, QueryOptions.NONE).value();
	}

}
