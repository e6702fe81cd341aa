package io.cairn.bridge.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.settings.BridgeProperties.MappingMode;
import io.cairn.bridge.marathon.HostNames;
import io.cairn.bridge.event.TaskStates;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.marathon.MarathonTask;
import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.agent.CheckRegistration;

/**
 * Turns Marathon apps and tasks into the Consul services the bridge wants, and recognises
 * the services it owns.
 * <p>
 * Consular mode (the default) registers what Consular registered: one service per running
 * task, named after the app ({@link ServiceNames#consular}), with the task ID as service
 * ID, the task host as address (the task's own IP with container networking), the lowest
 * port (none when the task has no port), and the tags
 * {@code consular-reg-id=<registration id>} and {@code consular-app-id=<app id>}. Options
 * add one service per port, tags from labels, an opt-in label, health gating and Consul
 * checks. allegro mode registers what allegro/marathon-consul registered.
 */
public final class ServiceMapper {

	/** The label that opts an app in (and may name its service) in allegro mode. */
	public static final String ALLEGRO_LABEL = "consul";

	private static final String ALLEGRO_TASK_TAG = "marathon-task:";

	private final BridgeProperties.Mapping mapping;

	private final String registrationId;

	/**
	 * Create a mapper.
	 * @param properties the bridge properties
	 */
	public ServiceMapper(BridgeProperties properties) {
		this.mapping = properties.mapping();
		this.registrationId = properties.registrationId();
	}

	/**
	 * The tag every service the bridge registers carries, and by which it recognises its
	 * own: {@code consular-reg-id=<registration id>} (allegro mode: the consul tag).
	 * @return the tag
	 */
	public String ownershipTag() {
		return (this.mapping.mode() == MappingMode.ALLEGRO) ? this.mapping.allegro().consulTag()
				: this.mapping.registrationIdTag() + "=" + this.registrationId;
	}

	/**
	 * Whether the app's tasks are registered at all.
	 * @param app the app
	 * @return false when an opt-in label is required and absent
	 */
	public boolean optedIn(MarathonApp app) {
		if (this.mapping.mode() == MappingMode.ALLEGRO && !app.labelMap().containsKey(ALLEGRO_LABEL)) {
			return false;
		}
		String optIn = this.mapping.optInLabel();
		return optIn == null || optIn.isBlank() || app.labelMap().containsKey(optIn);
	}

	/**
	 * The name the app's services are based on.
	 * @param app the app
	 * @return the name
	 */
	public String baseName(MarathonApp app) {
		if (this.mapping.mode() == MappingMode.ALLEGRO) {
			String separator = this.mapping.allegro().nameSeparator();
			String label = app.labelMap().get(ALLEGRO_LABEL);
			if (label != null && !label.isBlank() && !label.strip().equalsIgnoreCase("true")) {
				String named = ServiceNames.allegro(label, separator);
				if (named != null) {
					return named;
				}
			}
			String derived = ServiceNames.allegro(app.id(), separator);
			return (derived != null) ? derived : ServiceNames.consular(app.id());
		}
		return ServiceNames.consular(app.id());
	}

	/**
	 * The service name the app's ID alone gives it, which other apps' IDs may give too
	 * ({@code /a/b-c}, {@code /a-b/c} and {@code /a-b-c} are all {@code a-b-c}): such a
	 * name is registered for one app only. {@code null} when the app is not opted in, or
	 * names its service itself (allegro's {@code consul} label), a name several apps may
	 * share on purpose.
	 * @param app the app
	 * @return the derived name, or {@code null}
	 */
	public @Nullable String derivedName(MarathonApp app) {
		if (!optedIn(app)) {
			return null;
		}
		if (this.mapping.mode() == MappingMode.ALLEGRO) {
			String label = app.labelMap().get(ALLEGRO_LABEL);
			if (label != null && !label.isBlank() && !label.strip().equalsIgnoreCase("true")
					&& ServiceNames.allegro(label, this.mapping.allegro().nameSeparator()) != null) {
				return null;
			}
		}
		return baseName(app);
	}

	/**
	 * The name under which the app's labels are kept in KV ({@code consular/<name>/...}):
	 * Consular's service name of the app, in every mode.
	 * @param appId the app ID
	 * @return the name
	 */
	public String kvName(String appId) {
		return ServiceNames.consular(appId);
	}

	/**
	 * Whether a task should be registered now.
	 * @param app the task's app
	 * @param task the task
	 * @return the verdict with its reason
	 */
	public Verdict verdict(MarathonApp app, MarathonTask task) {
		if (!TaskStates.isRunning(task.state())) {
			return Verdict.no("the task is " + task.state());
		}
		if (task.host() != null && !task.host().isEmpty() && !HostNames.isValid(task.host())) {
			return Verdict.no("Marathon names a host that is no host name or IP literal");
		}
		if (!optedIn(app)) {
			return Verdict.no("the app is not opted in");
		}
		if (this.mapping.healthGating() && !app.healthCheckList().isEmpty()) {
			List<MarathonTask.HealthResult> results = task.healthResults();
			if (results.isEmpty()) {
				return Verdict.no("waiting for the first health check result");
			}
			if (results.stream().anyMatch((result) -> !Boolean.TRUE.equals(result.alive()))) {
				return Verdict.no("a health check is failing");
			}
		}
		return Verdict.YES;
	}

	/**
	 * The services a task should have; empty when it should have none.
	 * @param app the task's app
	 * @param task the task
	 * @return the services
	 */
	public List<DesiredService> services(MarathonApp app, MarathonTask task) {
		if (!verdict(app, task).register()) {
			return List.of();
		}
		TaskEndpoint endpoint = TaskEndpoint.of(app, task);
		return (this.mapping.mode() == MappingMode.ALLEGRO) ? allegro(app, task, endpoint)
				: consular(app, task, endpoint);
	}

	private List<DesiredService> consular(MarathonApp app, MarathonTask task, TaskEndpoint endpoint) {
		String base = baseName(app);
		List<String> tags = new ArrayList<>();
		tags.add(ownershipTag());
		tags.add(this.mapping.appIdTag() + "=" + app.id());
		tags.addAll(prefixTags(app.labelMap()));
		String host = agentHost(task);
		Map<String, String> meta = meta(task, app);
		if (!this.mapping.servicePerPort() || endpoint.ports().isEmpty()) {
			Integer port = endpoint.lowestPort();
			String serviceId = task.id();
			return List.of(new DesiredService(serviceId, base, host, endpoint.address(), port, List.copyOf(tags), meta,
					checks(app, endpoint, null, serviceId, task), task.id(), app.id()));
		}
		List<DesiredService> services = new ArrayList<>();
		for (TaskEndpoint.Port port : endpoint.ports()) {
			String name = (port.name() != null && !port.name().isBlank()) ? base + "-" + port.name()
					: (port.index() == 0) ? base : base + "-" + port.index();
			String serviceId = task.id() + ":" + port.index();
			services.add(new DesiredService(serviceId, name, host, endpoint.address(), port.number(), List.copyOf(tags),
					meta, checks(app, endpoint, port, serviceId, task), task.id(), app.id()));
		}
		return services;
	}

	private List<DesiredService> allegro(MarathonApp app, MarathonTask task, TaskEndpoint endpoint) {
		String base = baseName(app);
		String separator = this.mapping.allegro().nameSeparator();
		Map<TaskEndpoint.Port, List<String>> intents = new LinkedHashMap<>();
		for (TaskEndpoint.Port port : endpoint.ports()) {
			String label = port.labels().get(ALLEGRO_LABEL);
			if (label != null) {
				List<String> names = new ArrayList<>();
				for (String part : label.split(",")) {
					String named = ServiceNames.allegro(part, separator);
					names.add((named != null) ? named : base);
				}
				intents.put(port, names);
			}
		}
		if (intents.isEmpty()) {
			if (endpoint.ports().isEmpty()) {
				return List.of();
			}
			intents.put(endpoint.ports().get(0), List.of(base));
		}
		List<String> appTags = tagLabels(app.labelMap(), endpoint);
		List<DesiredService> services = new ArrayList<>();
		String host = agentHost(task);
		Map<String, String> meta = meta(task, app);
		intents.forEach((port, names) -> {
			for (String name : names) {
				List<String> tags = new ArrayList<>();
				tags.add(ownershipTag());
				tags.addAll(tagLabels(port.labels(), endpoint));
				tags.addAll(appTags);
				tags.addAll(prefixTags(app.labelMap()));
				tags.add(ALLEGRO_TASK_TAG + task.id());
				String serviceId = task.id() + "_" + name + "_" + port.number();
				services.add(new DesiredService(serviceId, name, host, endpoint.address(), port.number(),
						List.copyOf(tags), meta, checks(app, endpoint, port, serviceId, task), task.id(), app.id()));
			}
		});
		return services;
	}

	/**
	 * allegro's tag labels: a label whose value is {@code tag} contributes its key, with
	 * {@code {port:<name>}} replaced by the task port of the named port.
	 */
	private static List<String> tagLabels(Map<String, String> labels, TaskEndpoint endpoint) {
		List<String> tags = new ArrayList<>();
		new TreeMap<>(labels).forEach((key, value) -> {
			if ("tag".equals(value)) {
				String tag = key;
				for (TaskEndpoint.Port port : endpoint.ports()) {
					if (port.name() != null) {
						tag = tag.replace("{port:" + port.name() + "}", Integer.toString(port.number()));
					}
				}
				tags.add(tag);
			}
		});
		return tags;
	}

	private List<String> prefixTags(Map<String, String> labels) {
		String prefix = this.mapping.labelTagPrefix();
		if (prefix == null || prefix.isEmpty()) {
			return List.of();
		}
		List<String> tags = new ArrayList<>();
		new TreeMap<>(labels).forEach((key, value) -> {
			if (key.startsWith(prefix) && key.length() > prefix.length()) {
				String name = key.substring(prefix.length());
				tags.add((value == null || value.isEmpty()) ? name : name + "=" + value);
			}
		});
		return tags;
	}

	private static String agentHost(MarathonTask task) {
		return (task.host() != null) ? task.host() : "";
	}

	private static Map<String, String> meta(MarathonTask task, MarathonApp app) {
		return Map.of(DesiredService.META_TASK_ID, task.id(), DesiredService.META_APP_ID, app.id());
	}

	/**
	 * Consul checks from the app's HTTP, HTTPS and TCP health checks (and their Mesos
	 * variants); command checks are not carried over (the agent would run arbitrary
	 * commands). A check is attached to the service of the port it checks; with one
	 * service per task, to that service.
	 */
	private List<CheckRegistration> checks(MarathonApp app, TaskEndpoint endpoint, TaskEndpoint.@Nullable Port only,
			String serviceId, MarathonTask task) {
		if (!this.mapping.consulChecks()) {
			return List.of();
		}
		List<CheckRegistration> checks = new ArrayList<>();
		boolean passing = !task.healthResults().isEmpty()
				&& task.healthResults().stream().allMatch((result) -> Boolean.TRUE.equals(result.alive()));
		int n = 0;
		for (MarathonApp.HealthCheck check : app.healthCheckList()) {
			n++;
			String protocol = (check.protocol() != null) ? check.protocol().toUpperCase(Locale.ROOT) : "HTTP";
			Integer port = checkedPort(check, endpoint);
			if (port == null) {
				continue;
			}
			if (only != null && only.number() != port) {
				continue;
			}
			String interval = ((check.intervalSeconds() != null) ? check.intervalSeconds() : 60) + "s";
			String timeout = ((check.timeoutSeconds() != null) ? check.timeoutSeconds() : 20) + "s";
			String id = serviceId + ":marathon-check-" + n;
			String name = "Marathon " + protocol + " check " + n;
			String path = (check.path() != null && !check.path().isEmpty()) ? check.path() : "/";
			String http = switch (protocol) {
				case "HTTP", "MESOS_HTTP" -> "http://" + hostPort(endpoint.address(), port) + path;
				case "HTTPS", "MESOS_HTTPS" -> "https://" + hostPort(endpoint.address(), port) + path;
				default -> null;
			};
			String tcp = (protocol.equals("TCP") || protocol.equals("MESOS_TCP")) ? hostPort(endpoint.address(), port)
					: null;
			if (http == null && tcp == null) {
				continue;
			}
			checks.add(new CheckRegistration(id, name, null, null, passing ? "passing" : null, null, interval, timeout,
					http, null, null, null, tcp, null, null, null, null, null, null, null, null, null, null, null, null,
					null, null, null, null));
		}
		return checks;
	}

	private static @Nullable Integer checkedPort(MarathonApp.HealthCheck check, TaskEndpoint endpoint) {
		if (check.port() != null && check.port() > 0) {
			return check.port();
		}
		int index = (check.portIndex() != null) ? check.portIndex() : 0;
		for (TaskEndpoint.Port port : endpoint.ports()) {
			if (port.index() == index) {
				return port.number();
			}
		}
		return null;
	}

	private static String hostPort(String address, int port) {
		return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
	}

	/**
	 * Recognise a service the bridge owns.
	 * @param service a service listed by an agent
	 * @return the owned service, empty when it does not carry the registration tag
	 */
	public Optional<OwnedService> owned(AgentService service) {
		List<String> tags = service.tagList();
		if (!tags.contains(ownershipTag())) {
			return Optional.empty();
		}
		Map<String, String> meta = (service.meta() != null) ? service.meta() : Map.of();
		String taskId = meta.get(DesiredService.META_TASK_ID);
		String appId = meta.get(DesiredService.META_APP_ID);
		String problem = null;
		if (this.mapping.mode() == MappingMode.ALLEGRO) {
			if (taskId == null) {
				taskId = tags.stream()
					.filter((tag) -> tag.startsWith(ALLEGRO_TASK_TAG))
					.map((tag) -> tag.substring(ALLEGRO_TASK_TAG.length()))
					.findFirst()
					.orElse(null);
			}
			if (taskId == null) {
				// allegro deregistered services without a task tag (its PR #107).
				taskId = service.id();
			}
		}
		else {
			String appIdPrefix = this.mapping.appIdTag() + "=";
			List<String> appIds = tags.stream()
				.filter((tag) -> tag.startsWith(appIdPrefix))
				.map((tag) -> tag.substring(appIdPrefix.length()))
				.toList();
			if (appId == null && !appIds.isEmpty()) {
				appId = appIds.get(0);
			}
			if (appIds.size() > 1) {
				problem = "the service carries " + appIds.size() + " " + appIdPrefix + " tags";
			}
			else if (appIds.isEmpty()) {
				problem = "the service has no " + appIdPrefix + " tag";
			}
			if (taskId == null) {
				taskId = consularTaskId(service.id());
			}
		}
		return Optional.of(new OwnedService(service, taskId, appId, problem));
	}

	/**
	 * Service IDs are task IDs, or {@code <task id>:<port index>} with one service per
	 * port (Marathon task IDs never contain {@code :}).
	 */
	private static String consularTaskId(String serviceId) {
		int colon = serviceId.lastIndexOf(':');
		if (colon > 0 && colon < serviceId.length() - 1
				&& serviceId.substring(colon + 1).chars().allMatch(Character::isDigit)) {
			return serviceId.substring(0, colon);
		}
		return serviceId;
	}

	/**
	 * Whether a task should be registered, and why not.
	 *
	 * @param register true to register
	 * @param reason why not, when not
	 */
	public record Verdict(boolean register, @Nullable String reason) {

		static final Verdict YES = new Verdict(true, null);

		static Verdict no(String reason) {
			return new Verdict(false, reason);
		}

	}

}
