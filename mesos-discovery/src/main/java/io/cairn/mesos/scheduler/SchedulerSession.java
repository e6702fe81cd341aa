package io.cairn.mesos.scheduler;

import java.io.Closeable;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.cairn.mesos.http.EventStream;
import io.cairn.mesos.http.MesosApiException;
import io.cairn.mesos.http.MesosHttp;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A subscribed framework: its event stream, and the calls it may make while subscribed.
 * Calls go to the master holding the stream with its {@code Mesos-Stream-Id}, and succeed
 * with {@code 202 Accepted}; made while not subscribed they throw
 * {@link IllegalStateException} (the master would answer 403).
 */
public final class SchedulerSession implements Closeable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final MesosHttp http;

	private final FrameworkInfo framework;

	private final SchedulerEventListener listener;

	private final EventStream stream;

	private final Object monitor = new Object();

	private @Nullable String frameworkId;

	private @Nullable String streamId;

	private @Nullable URI master;

	private boolean subscribed;

	private boolean forced;

	SchedulerSession(MesosHttp http, FrameworkInfo framework, @Nullable String frameworkId,
			SchedulerEventListener listener, Duration defaultHeartbeat) {
		this.http = http;
		this.framework = framework;
		this.frameworkId = frameworkId;
		this.listener = listener;
		this.stream = new EventStream(http, MesosSchedulerClient.PATH, this::subscribeBody, new Handler(),
				defaultHeartbeat, Duration.ofSeconds(15), "mesos-scheduler " + framework.name());
	}

	void start() {
		this.stream.start();
	}

	/**
	 * Waits until the master confirmed the subscription.
	 * @param timeout the longest to wait
	 * @return whether subscribed
	 * @throws InterruptedException if interrupted
	 */
	public boolean awaitSubscribed(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.monitor) {
			while (!this.subscribed) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.monitor, remaining);
			}
			return true;
		}
	}

	/**
	 * The framework's id, once a master assigned or confirmed it.
	 * @return the id
	 */
	public Optional<String> frameworkId() {
		synchronized (this.monitor) {
			return Optional.ofNullable(this.frameworkId);
		}
	}

	/**
	 * {@code ACCEPT}: uses offers for operations (such as {@code LAUNCH}).
	 * @param offerIds the offers
	 * @param operations the operations, as Mesos JSON {@code Offer.Operation} objects
	 * @param refuseSeconds how long to keep declined resources away, or {@code null}
	 * @throws InterruptedException if interrupted
	 */
	public void accept(List<String> offerIds, List<JsonNode> operations, @Nullable Double refuseSeconds)
			throws InterruptedException {
		ObjectNode accept = JSON.createObjectNode();
		ids(accept.putArray("offer_ids"), offerIds);
		ArrayNode ops = accept.putArray("operations");
		operations.forEach(ops::add);
		filters(accept, refuseSeconds);
		call("ACCEPT", accept);
	}

	/**
	 * {@code DECLINE}: returns offers.
	 * @param offerIds the offers
	 * @param refuseSeconds how long to keep the resources away, or {@code null}
	 * @throws InterruptedException if interrupted
	 */
	public void decline(List<String> offerIds, @Nullable Double refuseSeconds) throws InterruptedException {
		ObjectNode decline = JSON.createObjectNode();
		ids(decline.putArray("offer_ids"), offerIds);
		filters(decline, refuseSeconds);
		call("DECLINE", decline);
	}

	/**
	 * {@code REVIVE}: removes the filters set by earlier declines.
	 * @throws InterruptedException if interrupted
	 */
	public void revive() throws InterruptedException {
		call("REVIVE", null);
	}

	/**
	 * {@code KILL}: kills a task.
	 * @param taskId the task
	 * @param agentId the agent it runs on, if known
	 * @throws InterruptedException if interrupted
	 */
	public void kill(String taskId, @Nullable String agentId) throws InterruptedException {
		ObjectNode kill = JSON.createObjectNode();
		kill.putObject("task_id").put("value", taskId);
		if (agentId != null) {
			kill.putObject("agent_id").put("value", agentId);
		}
		call("KILL", kill);
	}

	/**
	 * {@code ACKNOWLEDGE}: acknowledges a status update that carried a uuid.
	 * @param agentId the agent
	 * @param taskId the task
	 * @param uuid the update's uuid, base64 as received
	 * @throws InterruptedException if interrupted
	 */
	public void acknowledge(String agentId, String taskId, String uuid) throws InterruptedException {
		ObjectNode acknowledge = JSON.createObjectNode();
		acknowledge.putObject("agent_id").put("value", agentId);
		acknowledge.putObject("task_id").put("value", taskId);
		acknowledge.put("uuid", uuid);
		call("ACKNOWLEDGE", acknowledge);
	}

	/**
	 * {@code RECONCILE}: asks for the status of tasks (all of the framework's when the
	 * list is empty); answers arrive as {@code UPDATE} events.
	 * @param tasks the tasks, as task id to agent id (the agent id may be {@code null})
	 * @throws InterruptedException if interrupted
	 */
	public void reconcile(Map<String, @Nullable String> tasks) throws InterruptedException {
		ObjectNode reconcile = JSON.createObjectNode();
		ArrayNode list = reconcile.putArray("tasks");
		tasks.forEach((taskId, agentId) -> {
			ObjectNode task = list.addObject();
			task.putObject("task_id").put("value", taskId);
			if (agentId != null) {
				task.putObject("agent_id").put("value", agentId);
			}
		});
		call("RECONCILE", reconcile);
	}

	/**
	 * {@code TEARDOWN}: removes the framework (its tasks are killed) and ends the
	 * session.
	 * @throws InterruptedException if interrupted
	 */
	public void teardown() throws InterruptedException {
		call("TEARDOWN", null);
		close();
	}

	/**
	 * Ends the stream without tearing the framework down: the master keeps its tasks for
	 * the failover timeout.
	 */
	@Override
	public void close() {
		this.stream.close();
	}

	private void call(String type, @Nullable ObjectNode payload) throws InterruptedException {
		URI target;
		String stream;
		String id;
		synchronized (this.monitor) {
			if (!this.subscribed || this.master == null || this.streamId == null || this.frameworkId == null) {
				throw new IllegalStateException(type + " needs a subscribed framework");
			}
			target = this.master;
			stream = this.streamId;
			id = this.frameworkId;
		}
		ObjectNode body = JSON.createObjectNode();
		body.putObject("framework_id").put("value", id);
		body.put("type", type);
		if (payload != null) {
			body.set(type.toLowerCase(java.util.Locale.ROOT), payload);
		}
		MesosHttp.Exchange exchange = this.http.postTo(target, MesosSchedulerClient.PATH,
				JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8), Map.of("Mesos-Stream-Id", stream));
		if (exchange.status() != 202) {
			throw new MesosApiException(
					type + " answered " + exchange.status() + " by " + target + ": " + exchange.text().trim(),
					exchange.status(), target);
		}
	}

	private byte[] subscribeBody() {
		ObjectNode body = JSON.createObjectNode();
		body.put("type", "SUBSCRIBE");
		ObjectNode subscribe = body.putObject("subscribe");
		synchronized (this.monitor) {
			subscribe.set("framework_info", this.framework.toJson(JSON, this.frameworkId));
			subscribe.put("force", !this.forced);
			this.forced = true;
		}
		return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
	}

	private static void ids(ArrayNode array, List<String> ids) {
		ids.forEach((id) -> array.addObject().put("value", id));
	}

	private static void filters(ObjectNode call, @Nullable Double refuseSeconds) {
		if (refuseSeconds != null) {
			call.putObject("filters").put("refuse_seconds", refuseSeconds);
		}
	}

	private final class Handler implements EventStream.Handler {

		private boolean confirmed;

		@Override
		public void connected(URI master, HttpHeaders headers) {
			synchronized (SchedulerSession.this.monitor) {
				SchedulerSession.this.master = master;
				SchedulerSession.this.streamId = headers.firstValue("Mesos-Stream-Id").orElse(null);
				SchedulerSession.this.subscribed = false;
			}
			this.confirmed = false;
		}

		@Override
		public void record(byte[] record) {
			JsonNode json = JSON.readTree(record);
			SchedulerEvent event = new SchedulerEvent(json.path("type").asString("UNKNOWN"), json);
			if ("SUBSCRIBED".equals(event.type())) {
				JsonNode subscribedEvent = json.path("subscribed");
				String id = subscribedEvent.path("framework_id").path("value").asString(null);
				URI at;
				synchronized (SchedulerSession.this.monitor) {
					SchedulerSession.this.frameworkId = id;
					SchedulerSession.this.subscribed = true;
					at = SchedulerSession.this.master;
					SchedulerSession.this.monitor.notifyAll();
				}
				this.confirmed = true;
				double interval = subscribedEvent.path("heartbeat_interval_seconds").asDouble(0);
				SchedulerSession.this.stream.heartbeatInterval(Duration.ofMillis((long) (interval * 1000)));
				if (id != null && at != null) {
					SchedulerSession.this.listener.onSubscribed(id, at);
				}
			}
			SchedulerSession.this.listener.onEvent(event);
		}

		@Override
		public boolean confirmed() {
			return this.confirmed;
		}

		@Override
		public void disconnected(Throwable cause) {
			synchronized (SchedulerSession.this.monitor) {
				SchedulerSession.this.subscribed = false;
			}
			SchedulerSession.this.listener.onDisconnected(cause);
		}

	}

}
