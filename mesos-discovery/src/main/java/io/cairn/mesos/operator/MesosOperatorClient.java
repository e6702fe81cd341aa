package io.cairn.mesos.operator;

import java.io.Closeable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cairn.mesos.http.EventStream;
import io.cairn.mesos.http.MasterResolver;
import io.cairn.mesos.http.MesosApiException;
import io.cairn.mesos.http.MesosHttp;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of the Mesos master's operator API ({@code POST /api/v1}, JSON), always
 * talking to the leading master: built on a {@link MasterResolver} (usually a
 * {@link io.cairn.mesos.detector.MasterDetector}), following 307 redirects and retrying
 * 503 answers through {@link MesosHttp}.
 *
 * <pre>{@code
 * MasterDetector detector = MasterDetector.create(ZkUrl.parse("zk://zk1:2181/mesos"));
 * detector.start();
 * MesosOperatorClient mesos = MesosOperatorClient.create(
 *         MasterResolver.following(detector, HostField.IP, "http"));
 * boolean healthy = mesos.health();
 * try (MesosOperatorClient.Subscription events = mesos.subscribe((event) -> handle(event))) { ... }
 * }</pre>
 */
public final class MesosOperatorClient {

	/** The API path. */
	public static final String PATH = "/api/v1";

	private final MesosHttp http;

	private final Duration defaultHeartbeat;

	/**
	 * A client on given plumbing.
	 * @param http the plumbing (resolver, auth, TLS, timeouts)
	 * @param defaultHeartbeat the heartbeat interval assumed until a master announces one
	 */
	public MesosOperatorClient(MesosHttp http, Duration defaultHeartbeat) {
		this.http = http;
		this.defaultHeartbeat = defaultHeartbeat;
	}

	/**
	 * A client with defaults: no auth, 30 s request timeout, 30 s retry budget while no
	 * leader answers, 15 s heartbeat until the master announces one.
	 * @param resolver where the leading master is
	 * @return the client
	 */
	public static MesosOperatorClient create(MasterResolver resolver) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		return new MesosOperatorClient(
				new MesosHttp(http, resolver, null, null, Duration.ofSeconds(30), Duration.ofSeconds(30)),
				Duration.ofSeconds(15));
	}

	/**
	 * {@code GET_HEALTH}.
	 * @return whether the leading master says it is healthy
	 * @throws InterruptedException if interrupted
	 */
	public boolean health() throws InterruptedException {
		return call("GET_HEALTH").path("get_health").path("healthy").asBoolean(false);
	}

	/**
	 * {@code GET_VERSION}.
	 * @return the leading master's version
	 * @throws InterruptedException if interrupted
	 */
	public VersionInfo version() throws InterruptedException {
		return read(call("GET_VERSION").path("get_version").path("version_info"), VersionInfo.class);
	}

	/**
	 * {@code GET_MASTER}.
	 * @return the leading master's info and times
	 * @throws InterruptedException if interrupted
	 */
	public MasterState master() throws InterruptedException {
		return read(call("GET_MASTER").path("get_master"), MasterState.class);
	}

	/**
	 * {@code GET_STATE}.
	 * @return the whole cluster state
	 * @throws InterruptedException if interrupted
	 */
	public ClusterState state() throws InterruptedException {
		return read(call("GET_STATE").path("get_state"), ClusterState.class);
	}

	/**
	 * {@code GET_AGENTS}.
	 * @return the agents
	 * @throws InterruptedException if interrupted
	 */
	public Agents agents() throws InterruptedException {
		return read(call("GET_AGENTS").path("get_agents"), Agents.class);
	}

	/**
	 * {@code GET_FRAMEWORKS}.
	 * @return the frameworks
	 * @throws InterruptedException if interrupted
	 */
	public Frameworks frameworks() throws InterruptedException {
		return read(call("GET_FRAMEWORKS").path("get_frameworks"), Frameworks.class);
	}

	/**
	 * {@code GET_TASKS}.
	 * @return the tasks
	 * @throws InterruptedException if interrupted
	 */
	public Tasks tasks() throws InterruptedException {
		return read(call("GET_TASKS").path("get_tasks"), Tasks.class);
	}

	/**
	 * Any call without parameters, by type, for the calls this client has no method for.
	 * @param type the call type, such as {@code GET_FLAGS}
	 * @return the response as JSON (an empty object for {@code 202 Accepted})
	 * @throws InterruptedException if interrupted
	 */
	public JsonNode call(String type) throws InterruptedException {
		ObjectNode request = OperatorJson.MAPPER.createObjectNode();
		request.put("type", type);
		return call(request);
	}

	/**
	 * Any call, as its JSON request.
	 * @param request the request, with its {@code type}
	 * @return the response as JSON (an empty object for {@code 202 Accepted})
	 * @throws MesosApiException for an error answer or when no leader answers in time
	 * @throws InterruptedException if interrupted
	 */
	public JsonNode call(JsonNode request) throws InterruptedException {
		MesosHttp.Exchange exchange = this.http.post(PATH,
				OperatorJson.MAPPER.writeValueAsString(request).getBytes(StandardCharsets.UTF_8), Map.of());
		if (exchange.status() == 202 || (exchange.status() == 200 && exchange.bytes().length == 0)) {
			return OperatorJson.MAPPER.createObjectNode();
		}
		if (exchange.status() != 200) {
			throw new MesosApiException(request.path("type").asString("call") + " answered " + exchange.status()
					+ " by " + exchange.master() + ": " + exchange.text().trim(), exchange.status(), exchange.master());
		}
		try {
			return OperatorJson.MAPPER.readTree(exchange.bytes());
		}
		catch (JacksonException ex) {
			throw new MesosApiException("unreadable answer from " + exchange.master() + ": " + ex.getOriginalMessage(),
					exchange.status(), exchange.master(), ex);
		}
	}

	/**
	 * {@code SUBSCRIBE}: follows the event stream of the leading master, subscribing
	 * again after failovers, broken streams and silence past five heartbeat intervals.
	 * @param listener receives the events
	 * @return the subscription; close it to stop
	 */
	public Subscription subscribe(OperatorEventListener listener) {
		AtomicBoolean confirmed = new AtomicBoolean();
		EventStream[] holder = new EventStream[1];
		byte[] body = "{\"type\":\"SUBSCRIBE\"}".getBytes(StandardCharsets.UTF_8);
		EventStream stream = new EventStream(this.http, PATH, () -> body, new EventStream.Handler() {

			@Override
			public void connected(URI master, HttpHeaders headers) {
				confirmed.set(false);
				listener.onConnected(master);
			}

			@Override
			public void record(byte[] record) {
				JsonNode json = OperatorJson.MAPPER.readTree(record);
				OperatorEvent event = new OperatorEvent(json.path("type").asString("UNKNOWN"), json);
				if ("SUBSCRIBED".equals(event.type())) {
					confirmed.set(true);
					double interval = json.path("subscribed").path("heartbeat_interval_seconds").asDouble(0);
					holder[0].heartbeatInterval(Duration.ofMillis((long) (interval * 1000)));
				}
				listener.onEvent(event);
			}

			@Override
			public boolean confirmed() {
				return confirmed.get();
			}

			@Override
			public void disconnected(Throwable cause) {
				listener.onDisconnected(cause);
			}

		}, this.defaultHeartbeat, Duration.ofSeconds(15), "mesos-operator-subscription");
		holder[0] = stream;
		stream.start();
		return stream::close;
	}

	private static <T> T read(JsonNode node, Class<T> type) {
		if (node.isMissingNode() || node.isNull()) {
			throw new MesosApiException("the answer has no " + type.getSimpleName(), 200, null);
		}
		return OperatorJson.MAPPER.treeToValue(node, type);
	}

	/**
	 * A running subscription.
	 */
	@FunctionalInterface
	public interface Subscription extends Closeable {

		/**
		 * Ends the stream and stops subscribing.
		 */
		@Override
		void close();

	}

}
