package io.cairn.testkit.marathon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

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

	private static final int MAX_HISTORY = 20_000;

	private static final String TERMINATED = "terminated";

	final MarathonVersion version;

	final boolean callbacks;

	final MarathonFaults faults;

	private final List<String> hosts;

	private final Duration callbackBackoff;

	private final HttpClient callbackClient = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final Map<String, SimApp> apps = new LinkedHashMap<>();

	private final Map<String, Integer> nextHostPort = new HashMap<>();

	private final Map<String, Subscriber> subscribers = new LinkedHashMap<>();

	private final List<Stream> streams = new CopyOnWriteArrayList<>();

	// A deque: dropping the oldest of 20,000 events from a list moved the other 19,999,
	// at every event once full (a benchmark's 100,000 tasks publish 300,000 events).
	private final ArrayDeque<PublishedEvent> history = new ArrayDeque<>();

	private final java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong();

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
		this.callbackBackoff = callbackBackoff;
		this.faults = new MarathonFaults();
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
		apiPost("/v2/apps", app);
		deploymentInfo(deployment, "StartApplication", id);
		scaleTo(sim, app.path("instances").asInt(1));
		deploymentDone(deployment, id);
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
			apiPost("/v2/apps" + appId, updated);
			deploymentInfo(deployment, "ScaleApplication", appId);
			scaleTo(sim, updated.path("instances").asInt(1));
		}
		else {
			sim.version = timestamp();
			updated.put("version", sim.version);
			sim.definition = updated;
			apiPost("/v2/apps" + appId, updated);
			deploymentInfo(deployment, "RestartApplication", appId);
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
		deploymentDone(deployment, appId);
		return sim.json(false);
	}

	synchronized void destroyApp(String appId) {
		SimApp sim = app(appId);
		String deployment = uuid();
		apiPost("/v2/apps" + appId, sim.definition);
		deploymentInfo(deployment, "StopApplication", appId);
		for (SimTask task : new ArrayList<>(sim.tasks.values())) {
			kill(sim, task, "TASK_KILLED", false);
		}
		this.apps.remove(appId);
		ObjectNode terminated = event("app_terminated_event");
		terminated.put("appId", appId);
		publish(terminated);
		deploymentDone(deployment, appId);
	}

	synchronized void scale(String appId, int instances) {
		SimApp sim = app(appId);
		sim.definition.put("instances", instances);
		String deployment = uuid();
		apiPost("/v2/apps" + appId, sim.definition);
		deploymentInfo(deployment, "ScaleApplication", appId);
		scaleTo(sim, instances);
		deploymentDone(deployment, appId);
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
				SimTask task = new SimTask(taskId, taskId, 1, id, recordedTask.path("host").asString("localhost"),
						ports, ip, recordedTask.path("version").asString(version));
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
				statusEvents(sim, task);
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
				statusEvents(sim, task);
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
				healthEvents(sim, task);
				return;
			}
		}
		throw new NotFound("Task '" + taskId + "' does not exist");
	}

	synchronized void emit(String type, String json) {
		publishRaw(type, json);
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
		return List.copyOf(this.subscribers.keySet());
	}

	synchronized ObjectNode subscribe(String callbackUrl, String clientIp) {
		Subscriber subscriber = this.subscribers.get(callbackUrl);
		if (subscriber == null) {
			subscriber = new Subscriber(callbackUrl);
			this.subscribers.put(callbackUrl, subscriber);
			subscriber.start();
		}
		ObjectNode event = event("subscribe_event");
		event.put("clientIp", clientIp);
		event.put("callbackUrl", callbackUrl);
		publish(event);
		ObjectNode answer = JSON.createObjectNode();
		answer.put("callbackUrl", callbackUrl);
		answer.put("clientIp", clientIp);
		answer.put("eventType", "subscribe_event");
		return answer;
	}

	synchronized ObjectNode unsubscribe(String callbackUrl, String clientIp) {
		Subscriber subscriber = this.subscribers.remove(callbackUrl);
		if (subscriber != null) {
			subscriber.stop();
		}
		ObjectNode event = event("unsubscribe_event");
		event.put("clientIp", clientIp);
		event.put("callbackUrl", callbackUrl);
		publish(event);
		ObjectNode answer = JSON.createObjectNode();
		answer.put("callbackUrl", callbackUrl);
		answer.put("clientIp", clientIp);
		answer.put("eventType", "unsubscribe_event");
		return answer;
	}

	synchronized void forgetSubscriptions() {
		this.subscribers.values().forEach(Subscriber::stop);
		this.subscribers.clear();
	}

	synchronized Map<String, List<Integer>> callbackResponses() {
		Map<String, List<Integer>> responses = new LinkedHashMap<>();
		this.subscribers.forEach((url, subscriber) -> responses.put(url, List.copyOf(subscriber.responses)));
		return responses;
	}

	synchronized int skippedCallbacks() {
		return this.subscribers.values().stream().mapToInt((subscriber) -> subscriber.skipped.get()).sum();
	}

	// ------------------------------------------------------------------ streams

	Stream attach(Set<String> filter, String owner, String remoteAddress) {
		Stream stream = new Stream(this.version.filtersEvents() ? filter : Set.of(), owner);
		synchronized (this) {
			this.streams.add(stream);
			ObjectNode attached = event("event_stream_attached");
			attached.put("remoteAddress", remoteAddress);
			publish(attached);
		}
		return stream;
	}

	void detach(Stream stream, String remoteAddress) {
		synchronized (this) {
			if (this.streams.remove(stream) && !this.closed) {
				ObjectNode detached = event("event_stream_detached");
				detached.put("remoteAddress", remoteAddress);
				publish(detached);
			}
		}
	}

	int streamCount() {
		return this.streams.size();
	}

	void dropStreams(@Nullable String owner) {
		for (Stream stream : this.streams) {
			if (owner == null || owner.equals(stream.owner)) {
				stream.close();
			}
		}
	}

	long publishedCount() {
		return this.published.get();
	}

	List<PublishedEvent> history() {
		synchronized (this.history) {
			return List.copyOf(this.history);
		}
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
		SimTask task = new SimTask(taskId, instanceId, incarnation, sim.id, host, ports, ip, sim.version);
		sim.tasks.put(taskId, task);
		for (String state : List.of("TASK_STAGING", "TASK_STARTING", "TASK_RUNNING")) {
			task.state = state;
			if (state.equals("TASK_RUNNING")) {
				task.startedAt = timestamp();
			}
			statusEvents(sim, task);
		}
		if (this.autoHealthy && sim.definition.path("healthChecks").size() > 0) {
			task.alive = true;
			healthEvents(sim, task);
		}
	}

	private void kill(SimApp sim, SimTask task, String terminalState, boolean replace) {
		if (this.version.hasInstances() && terminalState.equals("TASK_KILLED")) {
			task.state = "TASK_KILLING";
			statusEvents(sim, task);
		}
		task.state = terminalState;
		statusEvents(sim, task);
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

	private void statusEvents(SimApp sim, SimTask task) {
		ObjectNode status = event("status_update_event");
		status.put("slaveId", task.slaveId);
		status.put("taskId", task.id);
		status.put("taskStatus", task.state);
		status.put("message", "");
		status.put("appId", sim.id);
		status.put("host", task.host);
		ArrayNode ports = status.putArray("ports");
		task.ports.forEach(ports::add);
		if (this.version.hasInstances()) {
			task.ipAddresses(status.putArray("ipAddresses"));
		}
		status.put("version", task.version);
		publish(status);
		if (this.version.hasInstances()) {
			ObjectNode changed = event("instance_changed_event");
			changed.put("instanceId", task.instanceId);
			changed.put("condition", condition(task.state));
			changed.put("runSpecId", sim.id);
			changed.put("agentId", task.slaveId);
			changed.put("host", task.host);
			changed.put("runSpecVersion", task.version);
			publish(changed);
		}
	}

	private void healthEvents(SimApp sim, SimTask task) {
		boolean alive = Boolean.TRUE.equals(task.alive);
		if (this.version.hasInstances()) {
			ObjectNode instance = event("instance_health_changed_event");
			instance.put("instanceId", task.instanceId);
			instance.put("runSpecVersion", task.version);
			instance.put("healthy", alive);
			instance.put("runSpecId", sim.id);
			publish(instance);
		}
		ObjectNode health = event("health_status_changed_event");
		health.put("appId", sim.id);
		if (this.version.hasInstances()) {
			health.put("instanceId", task.instanceId);
		}
		else {
			health.put("taskId", task.id);
		}
		health.put("version", task.version);
		health.put("alive", alive);
		publish(health);
	}

	private static String condition(String state) {
		return switch (state) {
			case "TASK_STAGING" -> "Staging";
			case "TASK_STARTING" -> "Starting";
			case "TASK_RUNNING" -> "Running";
			case "TASK_KILLING" -> "Killing";
			case "TASK_KILLED" -> "Killed";
			case "TASK_FINISHED" -> "Finished";
			case "TASK_FAILED" -> "Failed";
			case "TASK_ERROR" -> "Error";
			case "TASK_DROPPED" -> "Dropped";
			case "TASK_LOST", "TASK_UNREACHABLE" -> "Unreachable";
			case "TASK_GONE", "TASK_GONE_BY_OPERATOR" -> "Gone";
			default -> "Unknown";
		};
	}

	private void apiPost(String uri, ObjectNode app) {
		ObjectNode post = event("api_post_event");
		post.put("clientIp", "127.0.0.1");
		post.put("uri", uri);
		post.set("appDefinition", app.deepCopy());
		publish(post);
	}

	private void deploymentInfo(String deployment, String action, String appId) {
		ObjectNode info = event("deployment_info");
		ObjectNode plan = info.putObject("plan");
		plan.put("id", deployment);
		ObjectNode step = plan.putArray("steps").addObject();
		step.put("action", action);
		step.put("app", appId);
		plan.put("version", timestamp());
		ObjectNode current = info.putObject("currentStep").putArray("actions").addObject();
		current.put((this.version == MarathonVersion.V1_3 || this.version == MarathonVersion.V0_15) ? "type" : "action",
				action);
		current.put("app", appId);
		publish(info);
	}

	private void deploymentDone(String deployment, String appId) {
		ObjectNode group = event("group_change_success");
		group.put("groupId", "/");
		group.put("version", timestamp());
		publish(group);
		ObjectNode success = event("deployment_success");
		success.put("id", deployment);
		publish(success);
	}

	private ObjectNode event(String type) {
		ObjectNode event = JSON.createObjectNode();
		event.put("eventType", type);
		event.put("timestamp", timestamp());
		return event;
	}

	private void publish(ObjectNode event) {
		publishRaw(event.get("eventType").asString(), event.toString());
	}

	private void publishRaw(String type, String json) {
		this.published.incrementAndGet();
		synchronized (this.history) {
			if (this.history.size() >= MAX_HISTORY) {
				this.history.removeFirst();
			}
			this.history.add(new PublishedEvent(type, json));
		}
		if (this.faults.loseEvents) {
			return;
		}
		// One data line per line of the JSON, as Server-Sent Events encode a multi-line
		// payload (Marathon's own JSON has none; a test's recorded example may).
		StringBuilder frame = new StringBuilder("event: ").append(type).append('\n');
		for (String line : json.split("\r\n|\r|\n", -1)) {
			frame.append("data: ").append(line).append('\n');
		}
		frame.append('\n');
		for (Stream stream : this.streams) {
			if (stream.filter.isEmpty() || stream.filter.contains(type)) {
				stream.frames.offer(frame.toString());
			}
		}
		for (Subscriber subscriber : this.subscribers.values()) {
			subscriber.queue.offer(json);
		}
	}

	private String uuid() {
		// Version-1-looking UUIDs like Marathon's, unique and readable in test output.
		UUID random = UUID.randomUUID();
		return random.toString();
	}

	private static String timestamp() {
		return Instant.now().toString();
	}

	// ------------------------------------------------------------------ types

	final class SimApp {

		final String id;

		ObjectNode definition;

		String version;

		final Map<String, SimTask> tasks = new LinkedHashMap<>();

		SimApp(String id, ObjectNode definition, String version) {
			this.id = id;
			this.definition = definition;
			this.version = version;
		}

		List<Integer> servicePorts() {
			List<Integer> ports = new ArrayList<>();
			for (JsonNode port : this.definition.path("portDefinitions")) {
				ports.add(port.path("port").asInt());
			}
			return ports;
		}

		ObjectNode json(boolean embedTasks) {
			ObjectNode app = this.definition.deepCopy();
			app.put("version", this.version);
			int running = 0;
			int staged = 0;
			int healthy = 0;
			int unhealthy = 0;
			for (SimTask task : this.tasks.values()) {
				if (task.state.equals("TASK_RUNNING")) {
					running++;
				}
				else {
					staged++;
				}
				if (Boolean.TRUE.equals(task.alive)) {
					healthy++;
				}
				else if (Boolean.FALSE.equals(task.alive)) {
					unhealthy++;
				}
			}
			app.put("tasksRunning", running);
			app.put("tasksStaged", staged);
			app.put("tasksHealthy", healthy);
			app.put("tasksUnhealthy", unhealthy);
			app.putArray("deployments");
			if (embedTasks) {
				ArrayNode list = app.putArray("tasks");
				this.tasks.values().forEach((task) -> list.add(task.json(this)));
			}
			return app;
		}

	}

	final class SimTask {

		final String id;

		final String instanceId;

		final int incarnation;

		final String appId;

		final String host;

		final String slaveId;

		final List<Integer> ports;

		final @Nullable String ip;

		final String version;

		String stagedAt = timestamp();

		volatile String state = "TASK_STAGING";

		volatile @Nullable String startedAt;

		volatile @Nullable Boolean alive;

		SimTask(String id, String instanceId, int incarnation, String appId, String host, List<Integer> ports,
				@Nullable String ip, String version) {
			this.id = id;
			this.instanceId = instanceId;
			this.incarnation = incarnation;
			this.appId = appId;
			this.host = host;
			this.slaveId = "20150707-153709-" + Math.abs(host.hashCode()) + "-5050-12052-S0";
			this.ports = List.copyOf(ports);
			this.ip = ip;
			this.version = version;
		}

		TaskInfo info() {
			return new TaskInfo(this.id, this.instanceId, this.appId, this.host, this.ports, this.ip, this.state,
					this.alive);
		}

		void ipAddresses(ArrayNode list) {
			ObjectNode address = list.addObject();
			address.put("ipAddress", (this.ip != null) ? this.ip : hostIp());
			address.put("protocol", "IPv4");
		}

		private String hostIp() {
			return "10.100.0." + (Math.abs(this.host.hashCode()) % 250 + 1);
		}

		ObjectNode json(SimApp app) {
			ObjectNode task = JSON.createObjectNode();
			task.put("id", this.id);
			task.put("slaveId", this.slaveId);
			task.put("host", this.host);
			if (MarathonState.this.version.hasTaskState()) {
				task.put("state", this.state);
			}
			if (this.startedAt != null) {
				task.put("startedAt", this.startedAt);
			}
			task.put("stagedAt", this.stagedAt);
			ArrayNode ports = task.putArray("ports");
			this.ports.forEach(ports::add);
			task.put("version", this.version);
			if (MarathonState.this.version.hasInstances() || this.ip != null) {
				ipAddresses(task.putArray("ipAddresses"));
			}
			task.put("appId", this.appId);
			ArrayNode servicePorts = task.putArray("servicePorts");
			app.servicePorts().forEach(servicePorts::add);
			if (this.alive != null && app.definition.path("healthChecks").size() > 0) {
				ArrayNode results = task.putArray("healthCheckResults");
				for (int i = 0; i < app.definition.path("healthChecks").size(); i++) {
					ObjectNode result = results.addObject();
					result.put("alive", this.alive);
					result.put("consecutiveFailures", this.alive ? 0 : 1);
					result.put("firstSuccess", this.stagedAt);
					result.putNull("lastFailure");
					result.put("lastSuccess", timestamp());
					result.putNull("lastFailureCause");
					result.put(MarathonState.this.version.hasInstances() ? "instanceId" : "taskId",
							MarathonState.this.version.hasInstances() ? this.instanceId : this.id);
				}
			}
			task.put("region", "primary");
			task.put("zone", "a");
			task.put("role", "*");
			return task;
		}

	}

	/**
	 * One {@code /v2/events} connection: frames wait here until the connection's thread
	 * writes them.
	 */
	static final class Stream {

		static final String CLOSE = "";

		final Set<String> filter;

		final String owner;

		final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

		volatile boolean closed;

		Stream(Set<String> filter, String owner) {
			this.filter = Set.copyOf(filter);
			this.owner = owner;
		}

		void close() {
			this.closed = true;
			this.frames.offer(CLOSE);
		}

	}

	/**
	 * An HTTP callback subscriber: events are posted in order by one thread, and a
	 * subscriber that fails or answers non-2xx is backed off exponentially with the
	 * events of that window skipped, as Marathon 1.4's {@code HttpEventActor} did.
	 */
	final class Subscriber {

		private static final String STOP = "";

		final String url;

		final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

		final List<Integer> responses = new CopyOnWriteArrayList<>();

		final AtomicInteger skipped = new AtomicInteger();

		private final Thread thread;

		private int failures;

		private long skipUntil;

		Subscriber(String url) {
			this.url = url;
			this.thread = new Thread(this::run, "marathon-sim-callback");
			this.thread.setDaemon(true);
		}

		void start() {
			this.thread.start();
		}

		void stop() {
			this.queue.offer(STOP);
		}

		private void run() {
			while (true) {
				String json;
				try {
					json = this.queue.take();
				}
				catch (InterruptedException ex) {
					return;
				}
				if (json == STOP) {
					return;
				}
				if (System.nanoTime() < this.skipUntil) {
					this.skipped.incrementAndGet();
					continue;
				}
				int status;
				try {
					HttpResponse<Void> response = MarathonState.this.callbackClient
						.send(HttpRequest.newBuilder(URI.create(this.url))
							.timeout(Duration.ofSeconds(10))
							.header("Content-Type", "application/json")
							.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
							.build(), HttpResponse.BodyHandlers.discarding());
					status = response.statusCode();
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (Exception ex) {
					status = -1;
				}
				this.responses.add(status);
				if (status >= 200 && status < 300) {
					this.failures = 0;
				}
				else {
					this.failures++;
					long backoff = MarathonState.this.callbackBackoff.toNanos() << Math.min(this.failures - 1, 10);
					this.skipUntil = System.nanoTime() + backoff;
				}
			}
		}

	}

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
