package io.cairn.testkit.marathon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * The state every instance of a simulated Marathon cluster shares: apps and their tasks
 * ({@link AppRecord}, {@link TaskRecord}, with {@link AppDefinitions} and
 * {@link TaskPlacement}), the leader, callback subscriptions and the {@link EventBus}.
 * Every change happens under this object's lock and publishes its events (built by
 * {@link MarathonEvents}) in order while holding it, so every stream sees one order.
 */
final class MarathonState {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final MarathonVersion version;

	final boolean callbacks;

	final MarathonFaults faults;

	private final Map<String, AppRecord> apps = new LinkedHashMap<>();

	private final AppDefinitions definitions = new AppDefinitions();

	private final TaskPlacement placement;

	private final CallbackSubscriptions subscriptions;

	private final EventBus bus;

	private final MarathonEvents events;

	private volatile boolean autoHealthy;

	private volatile @Nullable String leader;

	private volatile boolean closed;

	MarathonState(MarathonVersion version, boolean callbacks, List<String> hosts, boolean autoHealthy,
			Duration callbackBackoff) {
		this.version = version;
		this.callbacks = callbacks && version.hasCallbacks();
		this.placement = new TaskPlacement(version, hosts);
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
		ObjectNode app = this.definitions.normalize(definition);
		String id = app.get("id").asString();
		if (this.apps.containsKey(id)) {
			throw new Conflict("An app with id [" + id + "] already exists.");
		}
		String version = timestamp();
		app.put("version", version);
		AppRecord sim = new AppRecord(id, app, version);
		this.apps.put(id, sim);
		String deployment = uuid();
		this.events.apiPost("/v2/apps", app);
		this.events.deploymentInfo(deployment, "StartApplication", id);
		scaleTo(sim, app.path("instances").asInt(1));
		this.events.deploymentDone(deployment, id);
		return sim.json(true);
	}

	synchronized ObjectNode updateApp(String appId, JsonNode patch, boolean restart) {
		AppRecord sim = app(appId);
		ObjectNode updated = sim.definition.deepCopy();
		for (Map.Entry<String, JsonNode> field : patch.properties()) {
			if (!field.getKey().equals("id")) {
				updated.set(field.getKey(), field.getValue().deepCopy());
			}
		}
		updated = this.definitions.normalize(updated);
		boolean scaleOnly = AppDefinitions.sameExceptInstances(sim.definition, updated);
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
				List<TaskRecord> old = new ArrayList<>(sim.tasks.values());
				for (int i = 0; i < updated.path("instances").asInt(1); i++) {
					launch(sim, null);
				}
				for (TaskRecord task : old) {
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
		AppRecord sim = app(appId);
		String deployment = uuid();
		this.events.apiPost("/v2/apps" + appId, sim.definition);
		this.events.deploymentInfo(deployment, "StopApplication", appId);
		for (TaskRecord task : new ArrayList<>(sim.tasks.values())) {
			kill(sim, task, "TASK_KILLED", false);
		}
		this.apps.remove(appId);
		this.events.appTerminated(appId);
		this.events.deploymentDone(deployment, appId);
	}

	synchronized void scale(String appId, int instances) {
		AppRecord sim = app(appId);
		sim.definition.put("instances", instances);
		String deployment = uuid();
		this.events.apiPost("/v2/apps" + appId, sim.definition);
		this.events.deploymentInfo(deployment, "ScaleApplication", appId);
		scaleTo(sim, instances);
		this.events.deploymentDone(deployment, appId);
	}

	synchronized void killTask(String taskId, boolean scale) {
		for (AppRecord sim : this.apps.values()) {
			TaskRecord task = sim.tasks.get(taskId);
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
		for (AppRecord sim : this.apps.values()) {
			TaskRecord task = sim.tasks.get(taskId);
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
		ObjectNode app = this.definitions.normalize(definition);
		String id = app.get("id").asString();
		if (this.apps.containsKey(id)) {
			throw new Conflict("An app with id [" + id + "] already exists.");
		}
		String version = app.path("version").asString(timestamp());
		app.put("version", version);
		AppRecord sim = new AppRecord(id, app, version);
		if (tasks != null) {
			for (JsonNode recordedTask : tasks) {
				TaskRecord task = TaskRecord.recorded(this.version, recordedTask, id, version);
				sim.tasks.put(task.id, task);
			}
		}
		this.apps.put(id, sim);
		return id;
	}

	synchronized void unreachable(String taskId) {
		for (AppRecord sim : this.apps.values()) {
			TaskRecord task = sim.tasks.get(taskId);
			if (task != null) {
				task.state = "TASK_UNREACHABLE";
				this.events.taskStatus(sim, task);
				return;
			}
		}
		throw new NotFound("Task '" + taskId + "' does not exist");
	}

	synchronized void reachable(String taskId) {
		for (AppRecord sim : this.apps.values()) {
			TaskRecord task = sim.tasks.get(taskId);
			if (task != null) {
				task.state = "TASK_RUNNING";
				this.events.taskStatus(sim, task);
				return;
			}
		}
		throw new NotFound("Task '" + taskId + "' does not exist");
	}

	synchronized void setHealth(String taskId, boolean alive) {
		for (AppRecord sim : this.apps.values()) {
			TaskRecord task = sim.tasks.get(taskId);
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
		AppRecord sim = this.apps.get(AppDefinitions.normalizeId(appId));
		if (sim == null) {
			return List.of();
		}
		return sim.tasks.values().stream().map(TaskRecord::info).toList();
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
		for (AppRecord sim : this.apps.values()) {
			if ((labelSelector == null || AppDefinitions.matchesLabel(sim.definition.path("labels"), labelSelector))
					&& !this.faults.unlisted.contains(sim.id)) {
				list.add(sim.json(embedTasks && !this.faults.appsWithoutTasks));
			}
		}
		return root;
	}

	synchronized @Nullable ObjectNode appJson(String appId, boolean embedTasks) {
		AppRecord sim = this.apps.get(AppDefinitions.normalizeId(appId));
		if (sim == null) {
			return null;
		}
		ObjectNode root = JSON.createObjectNode();
		root.set("app", sim.json(embedTasks));
		return root;
	}

	synchronized @Nullable ObjectNode appTasksJson(String appId) {
		AppRecord sim = this.apps.get(AppDefinitions.normalizeId(appId));
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
		for (AppRecord sim : this.apps.values()) {
			for (TaskRecord task : sim.tasks.values()) {
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
		for (AppRecord sim : this.apps.values()) {
			List<Integer> servicePorts = sim.servicePorts();
			for (int i = 0; i < Math.max(1, servicePorts.size()); i++) {
				text.append(sim.id.substring(1).replace('/', '_'))
					.append('\t')
					.append(servicePorts.isEmpty() ? " " : servicePorts.get(i));
				for (TaskRecord task : sim.tasks.values()) {
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

	private AppRecord app(String appId) {
		AppRecord sim = this.apps.get(AppDefinitions.normalizeId(appId));
		if (sim == null) {
			throw new NotFound("App '" + AppDefinitions.normalizeId(appId) + "' does not exist");
		}
		return sim;
	}

	private void scaleTo(AppRecord sim, int instances) {
		while (sim.tasks.size() < instances) {
			launch(sim, null);
		}
		List<TaskRecord> running = new ArrayList<>(sim.tasks.values());
		for (int i = running.size() - 1; i >= instances; i--) {
			kill(sim, running.get(i), "TASK_KILLED", false);
		}
	}

	private void launch(AppRecord sim, @Nullable TaskRecord predecessor) {
		TaskRecord task = this.placement.place(sim, predecessor);
		sim.tasks.put(task.id, task);
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

	private void kill(AppRecord sim, TaskRecord task, String terminalState, boolean replace) {
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

	private String uuid() {
		return UUID.randomUUID().toString();
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
