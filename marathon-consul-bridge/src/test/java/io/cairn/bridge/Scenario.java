package io.cairn.bridge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cairn.consul.Consul;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.kv.KeyValue;
import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.marathon.MarathonCluster;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.MarathonVersion;
import io.cairn.testkit.marathon.TaskInfo;

/**
 * The shared world of the scenario tests, started once per JVM: a two-instance Marathon
 * 1.8 cluster placing tasks on hosts {@code agent-a} and {@code agent-b}, a Consul agent
 * on each of those hosts, a central Consul agent, and one bridge (Consul-lock election,
 * fallback on, a token on writes). Tests use app IDs of their own.
 */
public final class Scenario {

	/** The bridge's write token. */
	public static final String TOKEN = "scenario-token";

	private static Scenario instance;

	public final MarathonCluster marathon;

	public final ConsulSimulator central;

	public final ConsulSimulator agentA;

	public final ConsulSimulator agentB;

	public final TestBridge bridge;

	private final Map<ConsulSimulator, Consul> clients = new LinkedHashMap<>();

	private Scenario() {
		this.marathon = MarathonSimulator.builder()
			.version(MarathonVersion.V1_8)
			.hosts("agent-a", "agent-b")
			.heartbeat(java.time.Duration.ofSeconds(1))
			.startCluster(2);
		this.central = ConsulSimulator.builder().nodeName("central").start();
		this.agentA = ConsulSimulator.builder().nodeName("agent-a").start();
		this.agentB = ConsulSimulator.builder().nodeName("agent-b").start();
		this.central.addNode("agent-a", "agent-a");
		this.central.addNode("agent-b", "agent-b");
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("cairn.bridge.marathon.urls", this.marathon.urls().get(0) + "," + this.marathon.urls().get(1));
		properties.put("cairn.consul.addresses", this.central.address());
		properties.put("cairn.bridge.consul.agents.agent-a", this.agentA.address());
		properties.put("cairn.bridge.consul.agents.agent-b", this.agentB.address());
		// The central agent's own catalog node (address 127.0.0.1) is the central agent.
		properties.put("cairn.bridge.consul.agents[127.0.0.1]", this.central.address());
		properties.put("cairn.bridge.consul.fallback", "true");
		properties.put("cairn.bridge.consul.request-timeout", "2s");
		properties.put("cairn.bridge.consul.fallback-timeout", "2s");
		properties.put("cairn.bridge.leader.consul-session-ttl", "10s");
		properties.put("cairn.bridge.leader.id", "scenario-bridge");
		properties.put("cairn.security.token", TOKEN);
		// The scenarios post callbacks too (Marathon 1.8 itself has none).
		properties.put("cairn.bridge.events.callback.enabled", "true");
		properties.put("cairn.bridge.events.callback.max-body-size", "4MB");
		this.bridge = TestBridge.start(properties);
		Runtime.getRuntime().addShutdownHook(new Thread(this::close));
	}

	/**
	 * The shared world, started on first use.
	 * @return the world
	 */
	public static synchronized Scenario get() {
		if (instance == null) {
			instance = new Scenario();
			Await.until("the bridge leads and its stream is connected", () -> {
				var status = instance.bridge.status();
				return status.get("role").asString().equals("leader")
						&& status.get("marathon").get("stream").asString().equals("connected");
			});
		}
		return instance;
	}

	/**
	 * Any Marathon instance (they share the state).
	 * @return the simulator
	 */
	public MarathonSimulator marathon() {
		return this.marathon.any();
	}

	/**
	 * The Consul agent of a task host.
	 * @param host {@code agent-a} or {@code agent-b}
	 * @return the agent
	 */
	public ConsulSimulator agentOf(String host) {
		return switch (host) {
			case "agent-a" -> this.agentA;
			case "agent-b" -> this.agentB;
			default -> throw new IllegalArgumentException(host);
		};
	}

	/**
	 * A Consul client of a simulator, for assertions.
	 * @param agent the simulator
	 * @return the client
	 */
	public synchronized Consul client(ConsulSimulator agent) {
		return this.clients.computeIfAbsent(agent, (sim) -> Consul.builder().address(sim.address()).build());
	}

	/**
	 * The services on an agent.
	 * @param agent the agent
	 * @return services by ID
	 */
	public Map<String, AgentService> services(ConsulSimulator agent) {
		return client(agent).agent().services(QueryOptions.NONE).value();
	}

	/**
	 * The service registered for a task on its host's agent.
	 * @param task the task
	 * @return the service, if registered
	 */
	public Optional<AgentService> serviceOf(TaskInfo task) {
		return Optional.ofNullable(services(agentOf(task.host())).get(task.id()));
	}

	/**
	 * Whether every listed task is registered on its host's agent, and nothing else of
	 * the app.
	 * @param appId the app
	 * @return true when exactly the running tasks are registered
	 */
	public boolean registeredExactly(String appId) {
		List<TaskInfo> tasks = marathon().tasks(appId);
		long registered = 0;
		for (ConsulSimulator agent : List.of(this.agentA, this.agentB, this.central)) {
			registered += services(agent).values()
				.stream()
				.filter((service) -> service.tagList().contains("consular-app-id=" + appId))
				.count();
		}
		return registered == tasks.size() && tasks.stream().allMatch((task) -> serviceOf(task).isPresent());
	}

	/**
	 * The services of an app on every agent.
	 * @param appId the app
	 * @return the count
	 */
	public long servicesOfApp(String appId) {
		long count = 0;
		for (ConsulSimulator agent : List.of(this.agentA, this.agentB, this.central)) {
			count += services(agent).values()
				.stream()
				.filter((service) -> service.tagList().contains("consular-app-id=" + appId))
				.count();
		}
		return count;
	}

	/**
	 * A KV value on the central agent.
	 * @param key the key
	 * @return the value as text, if present
	 */
	public Optional<String> kv(String key) {
		return client(this.central).kv().get(key).value().flatMap(KeyValue::valueAsString);
	}

	/**
	 * The keys under a prefix on the central agent.
	 * @param prefix the prefix
	 * @return the keys
	 */
	public List<String> kvKeys(String prefix) {
		return client(this.central).kv().keys(prefix, null, QueryOptions.NONE).value();
	}

	private void close() {
		this.bridge.close();
		this.marathon.close();
		this.clients.values().forEach(Consul::close);
		this.central.close();
		this.agentA.close();
		this.agentB.close();
	}

}
