package io.cairn.bridge.abuse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import io.cairn.bridge.Await;
import io.cairn.bridge.TestBridge;
import io.cairn.consul.Consul;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.kv.KeyValue;
import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.MarathonVersion;

/**
 * A world of its own for an abuse test class: a Marathon 1.8 placing tasks on host
 * {@code agent-a}, that host's Consul agent, a central Consul agent, and one bridge (no
 * election, no periodic sync unless asked) with the properties the class needs on top. An
 * attacker is anyone who can reach the bridge's port. Tests of races with a sync use it
 * too ({@code SyncRaceTests}).
 */
public final class AbuseWorld implements AutoCloseable {

	public final MarathonSimulator marathon;

	public final ConsulSimulator central;

	public final ConsulSimulator agentA;

	public final TestBridge bridge;

	private final Consul centralClient;

	private final Consul agentClient;

	private AbuseWorld(MarathonSimulator marathon, ConsulSimulator central, ConsulSimulator agentA, TestBridge bridge) {
		this.marathon = marathon;
		this.central = central;
		this.agentA = agentA;
		this.bridge = bridge;
		this.centralClient = Consul.builder().address(central.address()).build();
		this.agentClient = Consul.builder().address(agentA.address()).build();
	}

	/**
	 * Start a world and wait until its bridge leads with its stream connected.
	 * @param extra properties on top of the world's own
	 * @return the world
	 */
	public static AbuseWorld start(Map<String, String> extra) {
		return start(MarathonSimulator.builder().version(MarathonVersion.V1_8).hosts("agent-a").start(), extra);
	}

	/**
	 * Start a world with a Marathon of one's own (its tasks on host {@code agent-a}).
	 * @param marathon the running Marathon, closed with the world
	 * @param extra properties on top of the world's own
	 * @return the world
	 */
	public static AbuseWorld start(MarathonSimulator marathon, Map<String, String> extra) {
		ConsulSimulator central = ConsulSimulator.builder().nodeName("central").start();
		ConsulSimulator agentA = ConsulSimulator.builder().nodeName("agent-a").start();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("cairn.bridge.marathon.urls", marathon.baseUrl().toString());
		properties.put("cairn.consul.addresses", central.address());
		properties.put("cairn.bridge.consul.agents.agent-a", agentA.address());
		properties.put("cairn.bridge.consul.discover-agents", "false");
		properties.put("cairn.bridge.leader.election", "none");
		properties.putAll(extra);
		TestBridge bridge = TestBridge.start(properties);
		AbuseWorld world = new AbuseWorld(marathon, central, agentA, bridge);
		Await.until("the bridge leads with its stream connected", () -> {
			JsonNode status = bridge.status();
			return status.get("role").asString().equals("leader")
					&& status.get("marathon").get("stream").asString().equals("connected");
		});
		return world;
	}

	/**
	 * Deploy apps without publishing their events, then sync: afterwards no event of
	 * theirs is on its way, so whatever changes next comes from the test alone.
	 * @param definitions app definitions
	 */
	public void deployQuietly(String... definitions) throws IOException, InterruptedException {
		this.marathon.faults().loseEvents(true);
		try {
			for (String definition : definitions) {
				this.marathon.createApp(definition);
			}
		}
		finally {
			this.marathon.faults().loseEvents(false);
		}
		this.bridge.sync();
	}

	public static String app(String prefix) {
		return "/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static String name(String appId) {
		return appId.substring(1).replace('/', '-');
	}

	Map<String, AgentService> services(ConsulSimulator agent) {
		Consul client = (agent == this.central) ? this.centralClient : this.agentClient;
		return client.agent().services(QueryOptions.NONE).value();
	}

	/**
	 * Every service of an app on the host's agent.
	 * @param appId the app
	 * @return the service IDs
	 */
	public List<String> servicesOf(String appId) {
		return services(this.agentA).values()
			.stream()
			.filter((service) -> service.tagList().contains("consular-app-id=" + appId))
			.map(AgentService::id)
			.sorted()
			.toList();
	}

	public boolean registeredExactly(String appId) {
		List<String> tasks = this.marathon.tasks(appId).stream().map((task) -> task.id()).sorted().toList();
		return !tasks.isEmpty() && tasks.equals(servicesOf(appId));
	}

	Optional<String> kv(String key) {
		return this.centralClient.kv().get(key).value().flatMap(KeyValue::valueAsString);
	}

	List<String> kvKeys(String prefix) {
		return this.centralClient.kv().keys(prefix, null, QueryOptions.NONE).value();
	}

	/**
	 * POST to the bridge.
	 * @param path the path and query
	 * @param contentType the content type, or {@code null} for none
	 * @param body the body
	 * @param headers more headers, name then value
	 * @return the response
	 */
	HttpResponse<String> post(String path, String contentType, String body, String... headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.bridge.uri(path))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.bridge.send(request.build());
	}

	/**
	 * Wait until the bridge has applied an event (whatever it did with it).
	 * @param type the event type
	 * @param appOrSubject the app or the task the event names
	 * @param outcomeContains text its outcome contains ({@code ""} for any)
	 * @return the outcome
	 */
	public String awaitApplied(String type, String appOrSubject, String outcomeContains) {
		String[] outcome = new String[1];
		Await.until(type + " for " + appOrSubject + " applied", () -> {
			for (JsonNode entry : this.bridge.status().get("recentEvents")) {
				if (entry.get("type").asString().equals(type)
						&& (appOrSubject.equals(entry.path("appId").asString(""))
								|| appOrSubject.equals(entry.path("subject").asString("")))
						&& entry.get("outcome").asString().contains(outcomeContains)) {
					outcome[0] = entry.get("outcome").asString();
					return true;
				}
			}
			return false;
		});
		return outcome[0];
	}

	/**
	 * Whether the bridge applied (or at least recorded) an event.
	 * @param type the event type
	 * @param appOrSubject the app or the task the event names
	 * @return true when it is among the recent events
	 */
	boolean applied(String type, String appOrSubject) throws IOException, InterruptedException {
		for (JsonNode entry : this.bridge.status().get("recentEvents")) {
			if (entry.get("type").asString().equals(type) && (appOrSubject.equals(entry.path("appId").asString(""))
					|| appOrSubject.equals(entry.path("subject").asString("")))) {
				return true;
			}
		}
		return false;
	}

	URI uri(String path) {
		return this.bridge.uri(path);
	}

	@Override
	public void close() {
		this.bridge.close();
		this.marathon.close();
		this.centralClient.close();
		this.agentClient.close();
		this.central.close();
		this.agentA.close();
	}

}
