package io.cairn.bridge.consul;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.bridge.marathon.HostNames;
import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.consul.Consul;
import io.cairn.consul.autoconfigure.ConsulBuilderFactory;
import io.cairn.consul.autoconfigure.ConsulProperties;

/**
 * Consul clients for every agent the bridge talks to: the central agent
 * ({@code cairn.consul.addresses}: KV, the catalog, the lock, fallback registrations) and
 * the agent on each task host ({@code <agent-scheme>://<host>:<agent-port>} unless
 * {@code cairn.bridge.consul.agents} names another address). Every client gets the same
 * ACL token, datacenter and TLS settings as the central one; host agents answer within
 * {@code request-timeout}, the fallback within {@code fallback-timeout}.
 */
public final class AgentClients implements AutoCloseable {

	private static final int MAX_CACHED = 512;

	private final BridgeProperties.Consul settings;

	private final ConsulProperties consul;

	private final Consul central;

	private final ConsulBuilderFactory builders;

	private final Consul fallback;

	private final Consul probe;

	private final Map<String, Consul> agents = new LinkedHashMap<>(16, 0.75f, true) {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Consul> eldest) {
			if (size() > MAX_CACHED) {
				eldest.getValue().close();
				return true;
			}
			return false;
		}

	};

	/**
	 * Create the clients.
	 * @param settings the bridge's Consul settings
	 * @param consul the shared Consul settings ({@code cairn.consul.*})
	 * @param builders builds clients with those settings and the metrics observer
	 * @param central the central client
	 */
	public AgentClients(BridgeProperties.Consul settings, ConsulProperties consul, ConsulBuilderFactory builders,
			Consul central) {
		this.settings = settings;
		this.consul = consul;
		this.builders = builders;
		this.central = central;
		List<String> centralAddresses = consul.addresses().isEmpty() ? List.of(central.currentAddress())
				: consul.addresses();
		this.fallback = build(centralAddresses, settings.fallbackTimeout());
		this.probe = build(centralAddresses, min(settings.requestTimeout(), Duration.ofSeconds(2)));
	}

	/**
	 * The central agent's client.
	 * @return the client
	 */
	public Consul central() {
		return this.central;
	}

	/**
	 * The central agent's address, the key under which its registrations are indexed.
	 * @return for example {@code http://127.0.0.1:8500}
	 */
	public String centralAddress() {
		return this.central.currentAddress();
	}

	/**
	 * The client of the fallback agent (the central agent with the fallback timeout).
	 * @return the client
	 */
	public Consul fallback() {
		return this.fallback;
	}

	/**
	 * A client of the central agent that answers within two seconds, for health checks.
	 * @return the client
	 */
	public Consul probe() {
		return this.probe;
	}

	/**
	 * The address of the agent that holds a host's services.
	 * @param host a task's host (a host name or an IP literal)
	 * @return the agent's base URL
	 * @throws IllegalArgumentException when the host is no host name or IP literal
	 */
	public String addressOf(String host) {
		if (this.settings.registerOn() == BridgeProperties.RegisterOn.CENTRAL || host.isEmpty()) {
			return centralAddress();
		}
		String override = this.settings.agents().get(host);
		if (override != null) {
			return normalize(override);
		}
		if (!HostNames.isValid(host)) {
			// Never built into a URL: a port, path or user part would steer the request.
			throw new IllegalArgumentException("Not a host name or IP literal: " + abbreviate(host));
		}
		String bracketed = (host.contains(":") && !host.startsWith("[")) ? "[" + host + "]" : host;
		return this.settings.agentScheme() + "://" + bracketed + ":" + this.settings.agentPort();
	}

	/**
	 * The client of an agent.
	 * @param address the agent's base URL (from {@link #addressOf})
	 * @return the client
	 */
	public Consul agent(String address) {
		if (address.equals(centralAddress())) {
			return this.central;
		}
		synchronized (this.agents) {
			return this.agents.computeIfAbsent(address, (key) -> build(List.of(key), this.settings.requestTimeout()));
		}
	}

	/**
	 * The configured per-host overrides, as agent addresses.
	 * @return the addresses
	 */
	public List<String> configuredAgents() {
		return this.settings.agents().values().stream().map(AgentClients::normalize).toList();
	}

	private static String abbreviate(String host) {
		return (host.length() > 64) ? host.substring(0, 64) + "..." : host;
	}

	private static String normalize(String address) {
		String value = address.strip();
		if (value.endsWith("/")) {
			value = value.substring(0, value.length() - 1);
		}
		return value.contains("://") ? value : "http://" + value;
	}

	private Consul build(List<String> addresses, Duration readTimeout) {
		// The auto-configured client's factory: token, TLS, datacenter, answer bound and
		// the metrics observer are the same for every agent; only where and how long
		// differ.
		return this.builders.builder()
			.addresses(addresses)
			.connectTimeout(min(this.consul.connectTimeout(), readTimeout))
			.readTimeout(readTimeout)
			.build();
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	@Override
	public void close() {
		this.fallback.close();
		this.probe.close();
		synchronized (this.agents) {
			this.agents.values().forEach(Consul::close);
			this.agents.clear();
		}
	}

}
