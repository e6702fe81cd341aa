package io.cairn.consul;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Paths;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;
import io.cairn.consul.model.agent.AgentMetrics;
import io.cairn.consul.model.agent.AgentSelf;
import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.agent.AgentTokenType;
import io.cairn.consul.model.agent.AgentVersion;
import io.cairn.consul.model.agent.CheckRegistration;
import io.cairn.consul.model.agent.HostInfo;
import io.cairn.consul.model.agent.LocalServiceHealth;
import io.cairn.consul.model.agent.Member;
import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.consul.model.health.CheckStatus;
import io.cairn.consul.model.health.HealthCheck;

/**
 * The local agent ({@code /v1/agent}): its configuration, members, local services and
 * checks. Services and checks registered here are synced to the catalog by the agent; see
 * {@link RegistrationKeeper} to keep them registered across agent restarts.
 */
public final class AgentClient {

	private static final ObjectReader SELF = Json.reader(AgentSelf.class);

	private static final ObjectReader VERSION = Json.reader(AgentVersion.class);

	private static final ObjectReader HOST = Json.reader(HostInfo.class);

	private static final ObjectReader MEMBERS = Json.reader(new TypeReference<List<Member>>() {
	});

	private static final ObjectReader METRICS = Json.reader(AgentMetrics.class);

	private static final ObjectReader SERVICES = Json.reader(new TypeReference<Map<String, AgentService>>() {
	});

	private static final ObjectReader SERVICE = Json.reader(AgentService.class);

	private static final ObjectReader CHECKS = Json.reader(new TypeReference<Map<String, HealthCheck>>() {
	});

	private static final ObjectReader LOCAL_HEALTH = Json.reader(LocalServiceHealth.class);

	private static final ObjectReader LOCAL_HEALTH_LIST = Json.reader(new TypeReference<List<LocalServiceHealth>>() {
	});

	private final Transport transport;

	AgentClient(Transport transport) {
		this.transport = transport;
	}

	private static Request get(String template, String path) {
		return Request.get(template, path).noConsistency();
	}

	private void put(Request request) {
		this.transport.execute(request, Decoders.ignore());
	}

	/**
	 * The agent's configuration and membership.
	 * @return the agent's self description
	 */
	public ConsulResponse<AgentSelf> self() {
		return this.transport.execute(get("/v1/agent/self", "agent/self").notFoundIsEmpty(false), Decoders.json(SELF));
	}

	/**
	 * The agent's version (Consul 1.12+).
	 * @return the version
	 */
	public ConsulResponse<AgentVersion> version() {
		return this.transport.execute(get("/v1/agent/version", "agent/version").notFoundIsEmpty(false),
				Decoders.json(VERSION));
	}

	/**
	 * The agent's host: memory, CPUs, operating system and root disk. Consul calls this
	 * answer unstable; unknown fields are ignored and missing parts are {@code null}.
	 * @return the host information
	 */
	public ConsulResponse<HostInfo> host() {
		return this.transport.execute(get("/v1/agent/host", "agent/host").notFoundIsEmpty(false), Decoders.json(HOST));
	}

	/**
	 * The members of the LAN (or WAN) gossip pool as this agent sees them.
	 * @param wan list WAN members (servers only)
	 * @return the members
	 */
	public ConsulResponse<List<Member>> members(boolean wan) {
		return this.transport.execute(get("/v1/agent/members", "agent/members").flag("wan", wan),
				Decoders.list(MEMBERS));
	}

	/**
	 * Ask the agent to join another agent.
	 * @param address the other agent's address
	 * @param wan join over the WAN pool (servers only)
	 */
	public void join(String address, boolean wan) {
		put(Request.put("/v1/agent/join/{address}", "agent/join/" + Paths.segment(address)).flag("wan", wan));
	}

	/**
	 * Make the agent leave the cluster gracefully and shut down.
	 */
	public void leave() {
		put(Request.put("/v1/agent/leave", "agent/leave"));
	}

	/**
	 * Force a failed node into the left state.
	 * @param node the node name
	 * @param prune also remove it from the member list
	 * @param wan only from the WAN pool (Consul 1.11+)
	 */
	public void forceLeave(String node, boolean prune, boolean wan) {
		put(Request.put("/v1/agent/force-leave/{node}", "agent/force-leave/" + Paths.segment(node))
			.flag("prune", prune)
			.flag("wan", wan));
	}

	/**
	 * Reload the agent's configuration.
	 */
	public void reload() {
		put(Request.put("/v1/agent/reload", "agent/reload"));
	}

	/**
	 * Put the node in or out of maintenance mode.
	 * @param enable {@code true} to enter maintenance
	 * @param reason a reason for operators, or {@code null}
	 */
	public void maintenance(boolean enable, @Nullable String reason) {
		put(Request.put("/v1/agent/maintenance", "agent/maintenance").param("enable", enable).param("reason", reason));
	}

	/**
	 * The agent's metrics of the last interval.
	 * @return the metrics
	 */
	public ConsulResponse<AgentMetrics> metrics() {
		return this.transport.execute(get("/v1/agent/metrics", "agent/metrics").notFoundIsEmpty(false),
				Decoders.json(METRICS));
	}

	/**
	 * The agent's metrics in Prometheus text format (needs
	 * {@code prometheus_retention_time}).
	 * @return the text
	 */
	public ConsulResponse<String> metricsPrometheus() {
		return this.transport.execute(
				get("/v1/agent/metrics", "agent/metrics").param("format", "prometheus").notFoundIsEmpty(false),
				Decoders.text());
	}

	/**
	 * Stream the agent's log lines to a consumer until the returned handle is closed (or
	 * the agent ends the stream). The lines are read on a new daemon thread.
	 * @param logLevel the lowest level ({@code trace}, {@code debug}, {@code info}, ...)
	 * @param lines receives each line
	 * @return a handle that stops the stream
	 */
	public Closeable monitor(String logLevel, Consumer<String> lines) {
		AtomicReference<@Nullable InputStream> stream = new AtomicReference<>();
		Request request = get("/v1/agent/monitor", "agent/monitor").param("loglevel", logLevel)
			.notFoundIsEmpty(false)
			.timeout(java.time.Duration.ofDays(365));
		Thread reader = new Thread(() -> {
			try {
				this.transport.executeStream(request, (body, meta) -> {
					stream.set(body);
					try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
						for (String line = in.readLine(); line != null; line = in.readLine()) {
							lines.accept(line);
						}
					}
					return Boolean.TRUE;
				});
			}
			catch (RuntimeException ex) {
				// The stream ends when closed by the caller or when the agent goes away.
			}
		}, "consul-agent-monitor");
		reader.setDaemon(true);
		reader.start();
		return () -> {
			InputStream body = stream.get();
			if (body != null) {
				body.close();
			}
			reader.interrupt();
		};
	}

	/**
	 * Set one of the agent's ACL tokens.
	 * @param type which token
	 * @param token the secret ID
	 */
	public void updateToken(AgentTokenType type, String token) {
		put(Request.put("/v1/agent/token/{type}", "agent/token/" + type.path())
			.body(Json.write(Map.of("Token", token)), "application/json"));
	}

	/**
	 * The services registered with this agent.
	 * @param options per-request options (filter)
	 * @return the services by instance ID
	 */
	public ConsulResponse<Map<String, AgentService>> services(QueryOptions options) {
		return this.transport.execute(get("/v1/agent/services", "agent/services").options(options),
				Decoders.map(SERVICES));
	}

	/**
	 * One local service, with hash-based blocking: pass the previous answer's
	 * {@link ResponseMeta#contentHash()} with {@link QueryOptions#after(ResponseMeta)}.
	 * @param serviceId the instance ID
	 * @param options per-request options
	 * @return the service, empty when not registered
	 */
	public ConsulResponse<Optional<AgentService>> service(String serviceId, QueryOptions options) {
		return this.transport.execute(
				get("/v1/agent/service/{id}", "agent/service/" + Paths.segment(serviceId)).options(options),
				Decoders.optional(SERVICE));
	}

	/**
	 * The aggregated health of the local instances of a service. The agent's 429 and 503
	 * answers are statuses (warning, critical), returned here as values.
	 * @param name the service name
	 * @return the instances with their aggregated status, empty when none is registered
	 */
	public ConsulResponse<List<LocalServiceHealth>> serviceHealthByName(String name) {
		return this.transport
			.execute(get("/v1/agent/health/service/name/{name}", "agent/health/service/name/" + Paths.segment(name))
				.answers(429, 503), Decoders.list(LOCAL_HEALTH_LIST));
	}

	/**
	 * The aggregated health of one local service instance (200, 429 and 503 are
	 * statuses).
	 * @param serviceId the instance ID
	 * @return the instance with its aggregated status, empty when not registered
	 */
	public ConsulResponse<Optional<LocalServiceHealth>> serviceHealthById(String serviceId) {
		return this.transport
			.execute(get("/v1/agent/health/service/id/{id}", "agent/health/service/id/" + Paths.segment(serviceId))
				.answers(429, 503), Decoders.optional(LOCAL_HEALTH));
	}

	/**
	 * Register a service (with its checks) on this agent.
	 * @param registration the service
	 */
	public void registerService(ServiceRegistration registration) {
		registerService(registration, false, QueryOptions.NONE);
	}

	/**
	 * Register a service (with its checks) on this agent.
	 * @param registration the service
	 * @param replaceExistingChecks remove the service's checks that the registration does
	 * not list
	 * @param options per-request options (token)
	 */
	public void registerService(ServiceRegistration registration, boolean replaceExistingChecks, QueryOptions options) {
		put(Request.put("/v1/agent/service/register", "agent/service/register")
			.resendable()
			.flag("replace-existing-checks", replaceExistingChecks)
			.body(Json.write(registration), "application/json")
			.options(options));
	}

	/**
	 * Remove a service (and its checks) from this agent; nothing happens if it is not
	 * there.
	 * @param serviceId the instance ID
	 */
	public void deregisterService(String serviceId) {
		put(Request.put("/v1/agent/service/deregister/{id}", "agent/service/deregister/" + Paths.segment(serviceId))
			.resendable());
	}

	/**
	 * Put a local service in or out of maintenance mode.
	 * @param serviceId the instance ID
	 * @param enable {@code true} to enter maintenance
	 * @param reason a reason for operators, or {@code null}
	 */
	public void serviceMaintenance(String serviceId, boolean enable, @Nullable String reason) {
		put(Request.put("/v1/agent/service/maintenance/{id}", "agent/service/maintenance/" + Paths.segment(serviceId))
			.resendable()
			.param("enable", enable)
			.param("reason", reason));
	}

	/**
	 * The checks registered with this agent.
	 * @param options per-request options (filter)
	 * @return the checks by check ID
	 */
	public ConsulResponse<Map<String, HealthCheck>> checks(QueryOptions options) {
		return this.transport.execute(get("/v1/agent/checks", "agent/checks").options(options), Decoders.map(CHECKS));
	}

	/**
	 * Register a check on this agent.
	 * @param check the check
	 */
	public void registerCheck(CheckRegistration check) {
		put(Request.put("/v1/agent/check/register", "agent/check/register")
			.resendable()
			.body(Json.write(check), "application/json"));
	}

	/**
	 * Remove a check; nothing happens if it is not there.
	 * @param checkId the check ID
	 */
	public void deregisterCheck(String checkId) {
		put(Request.put("/v1/agent/check/deregister/{id}", "agent/check/deregister/" + Paths.segment(checkId))
			.resendable());
	}

	/**
	 * Report a TTL check as passing.
	 * @param checkId the check ID
	 * @param note output to record, or {@code null}
	 */
	public void pass(String checkId, @Nullable String note) {
		put(Request.put("/v1/agent/check/pass/{id}", "agent/check/pass/" + Paths.segment(checkId))
			.resendable()
			.param("note", note));
	}

	/**
	 * Report a TTL check as warning.
	 * @param checkId the check ID
	 * @param note output to record, or {@code null}
	 */
	public void warn(String checkId, @Nullable String note) {
		put(Request.put("/v1/agent/check/warn/{id}", "agent/check/warn/" + Paths.segment(checkId))
			.resendable()
			.param("note", note));
	}

	/**
	 * Report a TTL check as critical.
	 * @param checkId the check ID
	 * @param note output to record, or {@code null}
	 */
	public void fail(String checkId, @Nullable String note) {
		put(Request.put("/v1/agent/check/fail/{id}", "agent/check/fail/" + Paths.segment(checkId))
			.resendable()
			.param("note", note));
	}

	/**
	 * Set a TTL check's status and output.
	 * @param checkId the check ID
	 * @param status the status (passing, warning or critical)
	 * @param output the output, or {@code null}
	 */
	public void updateCheck(String checkId, CheckStatus status, @Nullable String output) {
		Map<String, String> body = (output != null) ? Map.of("Status", status.wireName(), "Output", output)
				: Map.of("Status", status.wireName());
		put(Request.put("/v1/agent/check/update/{id}", "agent/check/update/" + Paths.segment(checkId))
			.resendable()
			.body(Json.write(body), "application/json"));
	}

}
