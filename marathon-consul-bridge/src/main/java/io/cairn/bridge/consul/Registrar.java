package io.cairn.bridge.consul;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.consul.RegistrationIndex.Registered;
import io.cairn.bridge.marathon.TaskIds;
import io.cairn.bridge.leader.Leadership;
import io.cairn.bridge.mapping.DesiredService;
import io.cairn.bridge.mapping.OwnedService;
import io.cairn.bridge.mapping.ServiceMapper;
import io.cairn.bridge.status.Secrets;
import io.cairn.consul.ConsulException;
import io.cairn.consul.ConsulNotFoundException;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.model.agent.AgentService;

/**
 * Registers services on the agent of the task's host and, when that fails and fallback is
 * on, on the central agent within the fallback timeout (Consular's fallback, whose
 * timeout flag it ignored); deregisters them on whichever agent holds them. Every write
 * checks leadership first.
 */
public final class Registrar {

	private static final Log logger = LogFactory.getLog(Registrar.class);

	private final AgentClients agents;

	private final RegistrationIndex index;

	private final Leadership leadership;

	private final ServiceMapper mapper;

	private final AgentHosts hosts;

	private final boolean fallback;

	private final Secrets secrets;

	/**
	 * Create a registrar.
	 * @param agents the agent clients
	 * @param index where registrations are recorded
	 * @param leadership the leadership every write checks
	 * @param mapper recognises owned services
	 * @param hosts the hosts whose agents may be contacted
	 * @param settings the Consul settings
	 * @param secrets masked in the log (an agent's refusal may echo the token it was
	 * sent)
	 */
	public Registrar(AgentClients agents, RegistrationIndex index, Leadership leadership, ServiceMapper mapper,
			AgentHosts hosts, BridgeProperties.Consul settings, Secrets secrets) {
		this.secrets = secrets;
		this.agents = agents;
		this.index = index;
		this.leadership = leadership;
		this.mapper = mapper;
		this.hosts = hosts;
		this.fallback = settings.fallback();
	}

	/**
	 * Register a service on its task host's agent, or on the fallback agent.
	 * @param service the service
	 * @return where it was registered
	 * @throws RegistrationException when no agent took it
	 */
	public Placement register(DesiredService service) {
		this.leadership.checkLeader();
		String address = this.agents.addressOf(service.agentHost());
		try {
			this.agents.agent(address).agent().registerService(service.toRegistration());
			record(service, address);
			return new Placement(address, false);
		}
		catch (ConsulException ex) {
			String central = this.agents.centralAddress();
			if (!this.fallback || address.equals(central)) {
				throw new RegistrationException(
						"Registering " + service.serviceId() + " on " + address + " failed: " + ex.getMessage(), ex);
			}
			logger.warn("Registering " + service.serviceId() + " on " + address + " failed ("
					+ this.secrets.redact(String.valueOf(ex.getMessage())) + "); registering it on the fallback agent "
					+ central);
			this.leadership.checkLeader();
			try {
				this.agents.fallback().agent().registerService(service.toRegistration());
			}
			catch (ConsulException fallbackFailure) {
				fallbackFailure.addSuppressed(ex);
				throw new RegistrationException("Registering " + service.serviceId() + " failed on " + address
						+ " and on the fallback agent " + central + ": " + fallbackFailure.getMessage(),
						fallbackFailure);
			}
			record(service, central);
			return new Placement(central, true);
		}
	}

	private void record(DesiredService service, String address) {
		this.index.put(new Registered(service.serviceId(), address, service.taskId(), service.appId(), service.name(),
				System.nanoTime(), service.fingerprint()));
	}

	/**
	 * Deregister a service where it is.
	 * @param registered the registration
	 */
	public void deregister(Registered registered) {
		this.leadership.checkLeader();
		try {
			this.agents.agent(registered.agentAddress()).agent().deregisterService(registered.serviceId());
		}
		catch (ConsulNotFoundException ex) {
			// Already gone (newer agents answer 404 for an unknown service).
		}
		this.index.remove(registered);
	}

	/**
	 * Deregister every service of a task (or of every task of an instance). Until a full
	 * sync has listed every agent, services the index does not know (registered before a
	 * restart) are searched for on the task host's agent, when that host is one the
	 * bridge knows (a host named only by an event is never contacted), and on the central
	 * agent.
	 * @param taskOrInstanceId the task or instance ID
	 * @param host the task's host, if known (from an event: a hint, not trusted)
	 * @return the services deregistered
	 */
	public List<Registered> deregisterTask(String taskOrInstanceId, @Nullable String host) {
		List<Registered> known = this.index.forTask(taskOrInstanceId);
		if (known.isEmpty() && !this.index.complete()) {
			known = search(taskOrInstanceId, host);
		}
		for (Registered registered : known) {
			deregister(registered);
		}
		return known;
	}

	private List<Registered> search(String taskOrInstanceId, @Nullable String host) {
		Set<String> candidates = new LinkedHashSet<>();
		if (host != null && this.hosts.isKnown(host)) {
			candidates.add(this.agents.addressOf(host));
		}
		if (this.fallback || candidates.isEmpty()) {
			candidates.add(this.agents.centralAddress());
		}
		List<Registered> found = new ArrayList<>();
		for (String address : candidates) {
			try {
				for (OwnedService owned : owned(address)) {
					if (TaskIds.matches(owned.taskId(), taskOrInstanceId)) {
						found.add(new Registered(owned.service().id(), address, owned.taskId(), owned.appId(),
								(owned.service().service() != null) ? owned.service().service() : "",
								System.nanoTime()));
					}
				}
			}
			catch (ConsulException ex) {
				logger.warn("Could not list the services of " + address + " to find task " + taskOrInstanceId + ": "
						+ this.secrets.redact(String.valueOf(ex.getMessage())));
			}
		}
		return found;
	}

	/**
	 * The services on an agent that carry the bridge's registration tag.
	 * @param address the agent
	 * @return the owned services
	 */
	public List<OwnedService> owned(String address) {
		Map<String, AgentService> services = this.agents.agent(address).agent().services(QueryOptions.NONE).value();
		List<OwnedService> owned = new ArrayList<>();
		for (AgentService service : services.values()) {
			this.mapper.owned(service).ifPresent(owned::add);
		}
		return owned;
	}

	/**
	 * Where a registration went.
	 *
	 * @param agentAddress the agent
	 * @param fallback whether it is the fallback agent
	 */
	public record Placement(String agentAddress, boolean fallback) {
	}

}
