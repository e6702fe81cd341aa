package io.cairn.testkit.marathon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state every instance of a simulated Marathon cluster shares: apps, tasks, callback
 * subscribers and the event bus. Every change happens under this object's lock and
 * publishes its events in order while holding it, so every stream sees one order.
 */
final class MarathonState {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TERMINATED = "terminated";

	final MarathonVersion version;

	final boolean callbacks;

	final MarathonFaults faults;

	private final List<String> hosts;

	private final Map<String, SimApp> apps = new LinkedHashMap<>();

	private final Map<String, Integer> nextHostPort = new HashMap<>();

	private final CallbackSubscriptions subscriptions;

	private final EventBus bus;

	private final MarathonEvents events;

	private volatile boolean autoHealthy;

	private volatile @Nullable String leader;

	private int hostCursor;

	private int nextServicePort = 10000;

	private int nextContainerIp = 1;

	private volatile boolean closed;

	MarathonState(MarathonVersion version, boolean callbacks, List<String> hosts, boolean autoHealthy,
			Duration callbackBackoff) {
		this.version = version;
		this.callbacks = callbacks && version.hasCallbacks();
		this.hosts = List.copyOf(hosts);
		this.autoHealthy = autoHealthy;
		this.faults = new MarathonFaults();
		this.subscriptions = new CallbackSubscriptions(callbackBackoff);
		this.bus = new EventBus(this.faults, this.subscriptions);
		this.events = new MarathonEvents(version, this.bus);
	}

	// ------------------------------------------------------------------ leader

	@Nullable String leader() {
		return this.leader;
	}

	void leader(@Nullable String hostPort) {
		this.leader = hostPort;
	}

	void autoHealthy(boolean autoHealthy) {
		this.autoHealthy = autoHealthy;
	}

	// ------------------------------------------------------------------ apps

	synchronized ObjectNode createApp(JsonNode definition) {
		ObjectNode app = normalize(definition);
		String id = app.get("id").asString();
		if (this.apps.containsKey(id)) {
			throw new Conflict("An app with id [" + id + "] already exists.");
		}
		String version = timestamp();
		app.put("version", version);
		SimApp sim = new SimApp(id, app, version);
		this.apps.put(id, sim);
		String deployment = uuid();
		this.events.apiPost("/v2/apps", app);
		this.events.deploymentInfo(deployment, "StartApplication", id);
		scaleTo(sim, app.path("instances").asInt(1));
		this.events.deploymentDone(deployment, id);
		return sim.json(true);
	}

	synchronized ObjectNode updateApp(String appId, JsonNode patch, boolean restart) {
		SimApp sim = app(appId);
		ObjectNode updated = sim.definition.deepCopy();
		for (Map.Entry<String, JsonNode> field : patch.properties()) {
			if (!field.getKey().equals("id")) {
				updated.set(field.getKey(), field.getValue().deepCopy());
			}
		}
		updated = normalize(updated);
		boolean scaleOnly = sameExceptInstances(sim.definition, updated);
		String deployment = uuid();
		if (scaleOnly) {
			sim.definition = updated;
			this.events.apiPost("/v2/apps" + appId, updated);
			this.events.deploymentInfo(deployment, "ScaleApplication", appId);
			scaleTo(sim, updated.path("instances").asInt(1));
		}
		else {
			sim.version = timestamp();
			updated.put("version", sim.version);
			sim.definition = updated;
			this.events.apiPost("/v2/apps" + appId, updated);
			this.events.deploymentInfo(deployment, "RestartApplication", appId);
			if (restart) {
				List<SimTask> old = new ArrayList<>(sim.tasks.values());
				for (int i = 0; i < updated.path("instances").asInt(1); i++) {
					launch(sim, null);
				}
				for (SimTask task : old) {
					kill(sim, task, "TASK_KILLED", false);
				}
			}
			else {
				scaleTo(sim, updated.path("instances").asInt(1));
			}
		}
		this.events.deploymentDone(deployment, appId);
		return sim.json(false);
	}

	synchronized void destroyApp(String appId) {
		SimApp sim = app(appId);
		String deployment = uuid();
		this.events.apiPost("/v2/apps" + appId, sim.definition);
		this.events.deploymentInfo(deployment, "StopApplication", appId);
		for (SimTask task : new ArrayList<>(sim.tasks.values())) {
			kill(sim, task, "TASK_KILLED", false);
		}
		this.apps.remove(appId);
		this.events.appTerminated(appId);
		this.events.deploymentDone(deployment, appId);
	}

	synchronized void scale(String appId, int instances) {
		SimApp sim = app(appId);
		sim.definition.put("instances", instances);
		String deployment = uuid();
		this.events.apiPost("/v2/apps" + appId, sim.definition);
		this.events.deploymentInfo(deployment, "ScaleApplication", appId);
		scaleTo(sim, instances);
		this.events.deploymentDone(deployment, appId);
	}

	synchronized void killTask(String taskId, boolean scale) {
		for (SimApp sim : this.apps.values()) {
			SimTask task = sim.tasks.get(taskId);
			if (task != null) {
				if (scale) {
					sim.definition.put("instances", Math.max(0, sim.definition.path("instances").asInt(1) - 1));
				}
				kill(sim, task, "TASK_KILLED", !scale);
				return;
			}
		}
		throw new NotFound("Task '" + taskId + "' does not exist");
	}

	synchronized void endTask(String taskId, String terminalState, boolean replace) {
		for (SimApp sim : this.apps.values()) {
			SimTask task = sim.tasks.get(taskId);
			if (task != null) {
				kill(sim, task, terminalState, replace);
				return;
			}
		}
		throw new NotFound("Task '" + taskId + "' does not exist");
	}

	synchronized String importApp(JsonNode recorded) {
		if (!recorded.isObject()) {
			throw new BadRequest("An app needs to be a JSON object");
		}
		ObjectNode definition = ((ObjectNode) recorded).deepCopy();
		JsonNode tasks = definition.remove("tasks");
		ObjectNode app = normalize(definition);
		String id = app.get("id").asString();
		if (this.apps.containsKey(id)) {
			throw new Conflict("An app with id [" + id + "] already exists.");
		}
		String version = app.path("version").asString(timestamp());
		app.put("version", version);
		SimApp sim = new SimApp(id, app, version);
		if (tasks != null) {
			for (JsonNode recordedTask : tasks) {
				String taskId = recordedTask.path("id").asString();
				List<Integer> ports = new ArrayList<>();
				for (JsonNode port : recordedTask.path("ports")) {
					ports.add(port.asInt());
				}
				String ip = null;
				JsonNode addresses = recordedTask.path("ipAddresses");
				if (addresses.isArray() && !addresses.isEmpty()) {
					ip = addresses.get(0).path("ipAddress").asString(null);
				}
				SimTask task = new SimTask(this.version, taskId, taskId, 1, id,
						recordedTask.path("host").asString("localhost"), ports, ip,
						recordedTask.path("version").asString(version));
				task.stagedAt = recordedTask.path("stagedAt").asString(task.stagedAt);
				task.startedAt = recordedTask.path("startedAt").asString(null);
				String state = recordedTask.path("state").asString(null);
				task.state = (state != null) ? state : (task.startedAt != null) ? "TASK_RUNNING" : "TASK_STAGING";
				JsonNode results = recordedTask.path("healthCheckResults");
				if (results.isArray() && !results.isEmpty()) {
					task.alive = results.get(0).path("alive").asBoolean(false);
				}
				sim.tasks.put(taskId, task);
			}
		}
		this.apps.put(id, sim);
		return id;
	}

	synchronized void unreachable(String taskId) {
		for (SimApp sim : this.apps.values()) {
			SimTask task = sim.tasks.get(taskId);
			if (task != null) {
				task.state = "TASK_UNREACHABLE";
				this.events.taskStatus(sim, task);
				return;
			}
		}
		throw new NotFound("Task '" + taskId + "' does not exist");
	}

	synchronized void reachable(String taskId) {
		for (SimApp sim : this.apps.values()) {
			SimTask task = sim.tasks.get(taskId);
			if (task != null) {
				task.state = "TASK_RUNNING";
				this.events.taskStatus(sim, task);
				return;
			}
		}
		throw new NotFound("Task '" + taskId + "' does not exist");
	}

	synchronized void setHealth(String taskId, boolean alive) {
		for (SimApp sim : this.apps.values()) {
			SimTask task = sim.tasks.get(taskId);
			if (task != null) {
				task.alive = alive;
				this.events.taskHealth(sim, task);
				return;
			}
		}
		throw new NotFound("Task '" + taskId + "' does not exist");
	}

	synchronized void emit(String type, String json) {
		this.bus.publish(type, json);
	}

	synchronized List<TaskInfo> tasks(String appId) {
		SimApp sim = this.apps.get(normalizeId(appId));
		if (sim == null) {
			return List.of();
		}
		return sim.tasks.values().stream().map(SimTask::info).toList();
	}

	synchronized List<TaskInfo> allTasks() {
		List<TaskInfo> all = new ArrayList<>();
		this.apps.values().forEach((sim) -> sim.tasks.values().forEach((task) -> all.add(task.info())));
		return all;
	}

	synchronized List<String> appIds() {
		return List.copyOf(this.apps.keySet());
	}

	// ------------------------------------------------------------------ REST views

	synchronized ObjectNode appsJson(boolean embedTasks, @Nullable String labelSelector) {
		ObjectNode root = JSON.createObjectNode();
		ArrayNode list = root.putArray("apps");
		if (this.faults.emptyApps) {
			return root;
		}
		for (SimApp sim : this.apps.values()) {
			if ((labelSelector == null || matches(sim.definition.path("labels"), labelSelector))
					&& !this.faults.unlisted.contains(sim.id)) {
				list.add(sim.json(embedTasks && !this.faults.appsWithoutTasks));
			}
		}
		return root;
	}

	synchronized @Nullable ObjectNode appJson(String appId, boolean embedTasks) {
		SimApp sim = this.apps.get(normalizeId(appId));
		if (sim == null) {
			return null;
		}
		ObjectNode root = JSON.createObjectNode();
		root.set("app", sim.json(embedTasks));
		return root;
	}

	synchronized @Nullable ObjectNode appTasksJson(String appId) {
		SimApp sim = this.apps.get(normalizeId(appId));
		if (sim == null) {
			return null;
		}
		ObjectNode root = JSON.createObjectNode();
		ArrayNode list = root.putArray("tasks");
		sim.tasks.values().forEach((task) -> list.add(task.json(sim)));
		return root;
	}

	synchronized ObjectNode tasksJson(@Nullable String status) {
		ObjectNode root = JSON.createObjectNode();
		ArrayNode list = root.putArray("tasks");
		if (this.faults.emptyApps) {
			return root;
		}
		for (SimApp sim : this.apps.values()) {
			for (SimTask task : sim.tasks.values()) {
				if (status == null || ("running".equals(status) && task.state.equals("TASK_RUNNING"))
						|| ("staging".equals(status) && task.state.equals("TASK_STAGING"))) {
					list.add(task.json(sim));
				}
			}
		}
		return root;
	}

	synchronized String tasksText() {
		StringBuilder text = new StringBuilder();
		for (SimApp sim : this.apps.values()) {
			List<Integer> servicePorts = sim.servicePorts();
			for (int i = 0; i < Math.max(1, servicePorts.size()); i++) {
				text.append(sim.id.substring(1).replace('/', '_'))
					.append('\t')
					.append(servicePorts.isEmpty() ? " " : servicePorts.get(i));
				for (SimTask task : sim.tasks.values()) {
					if (i < task.ports.size()) {
						text.append('\t').append(task.host).append(':').append(task.ports.get(i));
					}
				}
				text.append('\n');
			}
		}
		return text.toString();
	}

	// ------------------------------------------------------------------ subscriptions

	synchronized List<String> callbackUrls() {
		return this.subscriptions.urls();
	}

	synchronized ObjectNode subscribe(String callbackUrl, String clientIp) {
		this.subscriptions.subscribe(callbackUrl);
		this.events.subscription("subscribe_event", clientIp, callbackUrl);
		return subscriptionAnswer(callbackUrl, clientIp, "subscribe_event");
	}

	synchronized ObjectNode unsubscribe(String callbackUrl, String clientIp) {
		this.subscriptions.unsubscribe(callbackUrl);
		this.events.subscription("unsubscribe_event", clientIp, callbackUrl);
		return subscriptionAnswer(callbackUrl, clientIp, "unsubscribe_event");
	}

	private static ObjectNode subscriptionAnswer(String callbackUrl, String clientIp, String eventType) {
		ObjectNode answer = JSON.createObjectNode();
		answer.put("callbackUrl", callbackUrl);
		answer.put("clientIp", clientIp);
		answer.put("eventType", eventType);
		return answer;
	}

	synchronized void forgetSubscriptions() {
		this.subscriptions.forget();
	}

	synchronized Map<String, List<Integer>> callbackResponses() {
		return this.subscriptions.responses();
	}

	synchronized int skippedCallbacks() {
		return this.subscriptions.skipped();
	}

	// ------------------------------------------------------------------ streams

	EventStream attach(Set<String> filter, String owner, String remoteAddress) {
		EventStream stream = new EventStream(this.version.filtersEvents() ? filter : Set.of(), owner);
		synchronized (this) {
			this.bus.attach(stream);
			this.events.streamAttached(remoteAddress);
		}
		return stream;
	}

	void detach(EventStream stream, String remoteAddress) {
		synchronized (this) {
			if (this.bus.detach(stream) && !this.closed) {
				this.events.streamDetached(remoteAddress);
			}
		}
	}

	int streamCount() {
		return this.bus.streamCount();
	}

	void dropStreams(@Nullable String owner) {
		this.bus.dropStreams(owner);
	}

	long publishedCount() {
		return this.bus.publishedCount();
	}

	List<PublishedEvent> history() {
		return this.bus.history();
	}

	void close() {
		this.closed = true;
		dropStreams(null);
		synchronized (this) {
			forgetSubscriptions();
		}
	}

	// ------------------------------------------------------------------ internals

	private SimApp app(String appId) {
		SimApp sim = this.apps.get(normalizeId(appId));
		if (sim == null) {
			throw new NotFound("App '" + normalizeId(appId) + "' does not exist");
		}
		return sim;
	}

	static String normalizeId(String appId) {
		String id = appId.startsWith("/") ? appId : "/" + appId;
		return (id.length() > 1 && id.endsWith("/")) ? id.substring(0, id.length() - 1) : id;
	}

	private ObjectNode normalize(JsonNode definition) {
		if (!definition.isObject() || !definition.path("id").isString()) {
			throw new BadRequest("An app definition needs a string id");
		}
		ObjectNode app = (ObjectNode) definition.deepCopy();
		String id = normalizeId(app.get("id").asString());
		if (!id.matches("(/[a-z0-9]([a-z0-9.-]*[a-z0-9])?)+")) {
			throw new BadRequest(
					"Invalid app id " + id + ": path must contain only lowercase letters, digits, hyphens and dots");
		}
		app.put("id", id);
		if (!app.has("instances")) {
			app.put("instances", 1);
		}
		if (!app.has("labels")) {
			app.putObject("labels");
		}
		if (!app.has("healthChecks")) {
			app.putArray("healthChecks");
		}
		if (!app.has("portDefinitions") && !app.has("ports") && !usesPortMappings(app)
				&& !app.hasNonNull("ipAddress")) {
			ObjectNode port = app.putArray("portDefinitions").addObject();
			port.put("port", 0);
			port.put("protocol", "tcp");
			port.put("name", "default");
			port.putObject("labels");
		}
		if (app.path("portDefinitions").isArray()) {
			for (JsonNode port : app.path("portDefinitions")) {
				if (port.path("port").asInt(0) == 0) {
					((ObjectNode) port).put("port", this.nextServicePort++);
				}
			}
		}
		return app;
	}

	private static boolean usesPortMappings(JsonNode app) {
		return app.path("container").path("portMappings").isArray()
				|| app.path("container").path("docker").path("portMappings").isArray();
	}

	private static boolean sameExceptInstances(ObjectNode before, ObjectNode after) {
		ObjectNode a = before.deepCopy();
		ObjectNode b = after.deepCopy();
		a.remove(List.of("instances", "version"));
		b.remove(List.of("instances", "version"));
		return a.equals(b);
	}

	private static boolean matches(JsonNode labels, String selector) {
		int equals = selector.indexOf("==");
		if (equals > 0) {
			return labels.path(selector.substring(0, equals).trim())
				.asString(TERMINATED)
				.equals(selector.substring(equals + 2).trim());
		}
		return labels.has(selector.trim());
	}

	private void scaleTo(SimApp sim, int instances) {
		while (sim.tasks.size() < instances) {
			launch(sim, null);
		}
		List<SimTask> running = new ArrayList<>(sim.tasks.values());
		for (int i = running.size() - 1; i >= instances; i--) {
			kill(sim, running.get(i), "TASK_KILLED", false);
		}
	}

	private void launch(SimApp sim, @Nullable SimTask predecessor) {
		String host = this.hosts.get(this.hostCursor++ % this.hosts.size());
		int hostPortCount = hostPortCount(sim.definition);
		List<Integer> ports = new ArrayList<>();
		for (int i = 0; i < hostPortCount; i++) {
			int port = this.nextHostPort.getOrDefault(host, 31000);
			ports.add(port);
			this.nextHostPort.put(host, port + 1);
		}
		String ip = containerNetworking(sim.definition)
				? "10.200." + (this.nextContainerIp / 250) + "." + (this.nextContainerIp++ % 250 + 1) : null;
		String base = sim.id.substring(1).replace('/', '_');
		String instanceId;
		String taskId;
		int incarnation = 1;
		switch (this.version) {
			case V0_15, V1_3 -> {
				instanceId = base + "." + uuid();
				taskId = instanceId;
			}
			case V1_4 -> {
				instanceId = base + ".marathon-" + uuid();
				taskId = instanceId;
			}
			default -> {
				if (predecessor != null) {
					instanceId = predecessor.instanceId;
					incarnation = predecessor.incarnation + 1;
				}
				else {
					instanceId = base + ".instance-" + uuid();
				}
				taskId = instanceId + "._app." + incarnation;
			}
		}
		SimTask task = new SimTask(this.version, taskId, instanceId, incarnation, sim.id, host, ports, ip, sim.version);
		sim.tasks.put(taskId, task);
		for (String state : List.of("TASK_STAGING", "TASK_STARTING", "TASK_RUNNING")) {
			task.state = state;
			if (state.equals("TASK_RUNNING")) {
				task.startedAt = timestamp();
			}
			this.events.taskStatus(sim, task);
		}
		if (this.autoHealthy && sim.definition.path("healthChecks").size() > 0) {
			task.alive = true;
			this.events.taskHealth(sim, task);
		}
	}

	private void kill(SimApp sim, SimTask task, String terminalState, boolean replace) {
		if (this.version.hasInstances() && terminalState.equals("TASK_KILLED")) {
			task.state = "TASK_KILLING";
			this.events.taskStatus(sim, task);
		}
		task.state = terminalState;
		this.events.taskStatus(sim, task);
		sim.tasks.remove(task.id);
		if (replace) {
			launch(sim, task);
		}
	}

	private static int hostPortCount(JsonNode app) {
		if (app.hasNonNull("ipAddress")) {
			return 0;
		}
		JsonNode docker = app.path("container").path("docker");
		String dockerNetwork = docker.path("network").asString("");
		if (dockerNetwork.equals("USER")) {
			return 0;
		}
		if (dockerNetwork.equals("BRIDGE")) {
			return docker.path("portMappings").size();
		}
		String mode = app.path("networks").path(0).path("mode").asString("host");
		if (mode.equals("container")) {
			int count = 0;
			for (JsonNode mapping : app.path("container").path("portMappings")) {
				if (mapping.hasNonNull("hostPort")) {
					count++;
				}
			}
			return count;
		}
		if (mode.equals("container/bridge")) {
			return app.path("container").path("portMappings").size();
		}
		if (app.path("portDefinitions").isArray()) {
			return app.path("portDefinitions").size();
		}
		return app.path("ports").size();
	}

	private static boolean containerNetworking(JsonNode app) {
		return app.hasNonNull("ipAddress")
				|| app.path("container").path("docker").path("network").asString("").equals("USER")
				|| app.path("networks").path(0).path("mode").asString("host").equals("container");
	}

	private String uuid() {
		// Version-1-looking UUIDs like Marathon's, unique and readable in test output.
		UUID random = UUID.randomUUID();
		return random.toString();
	}

	static String timestamp() {
		return Instant.now().toString();
	}

	// ------------------------------------------------------------------ types

	static class NotFound extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NotFound(String message) {
			super(message);
		}

	}

	static class Conflict extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Conflict(String message) {
			super(message);
		}

	}

	static class BadRequest extends RuntimeException {

		private static final long serialVersionUID = 1L;

		BadRequest(String message) {
			super(message);
		}

	}

}
