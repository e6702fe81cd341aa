package io.cairn.testkit.marathon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator against Marathon's documents: SSE framing and filters, the event JSON of
 * each version, REST shapes, callbacks with back-off, and a leader change.
 */
class MarathonSimulatorTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void eventStreamFramingIsExactAndFiltered() throws Exception {
		try (MarathonSimulator marathon = MarathonSimulator.builder().heartbeat(Duration.ofMillis(100)).start()) {
			HttpResponse<InputStream> stream = http.send(
					HttpRequest.newBuilder(URI.create(marathon.baseUrl() + "/v2/events?event_type=event_stream_attached"
							+ "&event_type=status_update_event"))
						.header("Accept", "text/event-stream")
						.build(),
					HttpResponse.BodyHandlers.ofInputStream());
			assertThat(stream.statusCode()).isEqualTo(200);
			assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream");
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
				assertThat(reader.readLine()).isEqualTo("event: event_stream_attached");
				assertThat(reader.readLine()).startsWith("data: {\"eventType\":\"event_stream_attached\"");
				assertThat(reader.readLine()).isEmpty();
				marathon.createApp("{\"id\":\"/web\"}");
				List<String> statuses = new ArrayList<>();
				boolean heartbeat = false;
				while (statuses.size() < 3) {
					String line = reader.readLine();
					if (line.equals(":")) {
						heartbeat = true;
						continue;
					}
					assertThat(line).isEqualTo("event: status_update_event");
					String data = reader.readLine();
					assertThat(data).startsWith("data: ");
					assertThat(reader.readLine()).isEmpty();
					statuses.add(json.readTree(data.substring(6)).get("taskStatus").asString());
				}
				assertThat(statuses).containsExactly("TASK_STAGING", "TASK_STARTING", "TASK_RUNNING");
				// Nothing else passes the filter: the next line is a heartbeat.
				if (!heartbeat) {
					assertThat(reader.readLine()).isEqualTo(":");
				}
			}
		}
	}

	@Test
	void eventsWithoutTheEventStreamAcceptHeaderAre405() throws Exception {
		try (MarathonSimulator marathon = MarathonSimulator.start()) {
			HttpResponse<String> response = get(marathon.baseUrl() + "/v2/events");
			assertThat(response.statusCode()).isEqualTo(405);
		}
	}

	@Test
	void marathon13UsesOldTaskIdsAndTaskHealthEvents() {
		try (MarathonSimulator marathon = MarathonSimulator.builder()
			.version(MarathonVersion.V1_3)
			.hosts("agent-a")
			.start()) {
			marathon
				.createApp("{\"id\":\"/tools/registry\",\"healthChecks\":[{\"protocol\":\"HTTP\",\"path\":\"/\"}]}");
			TaskInfo task = marathon.tasks("/tools/registry").get(0);
			assertThat(task.id()).matches("tools_registry\\.[0-9a-f-]{36}");
			assertThat(task.alive()).isTrue();
			JsonNode health = lastEvent(marathon, "health_status_changed_event");
			assertThat(health.get("taskId").asString()).isEqualTo(task.id());
			assertThat(health.has("instanceId")).isFalse();
			assertThat(marathon.events()).noneMatch((event) -> event.type().startsWith("instance_"));
			assertThat(lastEvent(marathon, "status_update_event").has("ipAddresses")).isFalse();
		}
	}

	@Test
	void marathon14UsesInstanceEvents() {
		try (MarathonSimulator marathon = MarathonSimulator.builder().version(MarathonVersion.V1_4).start()) {
			marathon.createApp("{\"id\":\"/web\",\"healthChecks\":[{\"protocol\":\"TCP\"}]}");
			TaskInfo task = marathon.tasks("/web").get(0);
			assertThat(task.id()).matches("web\\.marathon-[0-9a-f-]{36}").isEqualTo(task.instanceId());
			JsonNode health = lastEvent(marathon, "instance_health_changed_event");
			assertThat(health.get("instanceId").asString()).isEqualTo(task.instanceId());
			assertThat(health.get("runSpecId").asString()).isEqualTo("/web");
			assertThat(health.get("healthy").asBoolean()).isTrue();
			JsonNode changed = lastEvent(marathon, "instance_changed_event");
			assertThat(changed.get("condition").asString()).isEqualTo("Running");
			marathon.killTask(task.id(), true);
			assertThat(marathon.events()
				.stream()
				.filter((event) -> event.type().equals("status_update_event"))
				.map((event) -> json.readTree(event.json()).get("taskStatus").asString())
				.toList()).containsSubsequence("TASK_RUNNING", "TASK_KILLING", "TASK_KILLED");
		}
	}

	@Test
	void marathon18KeepsTheInstanceAcrossIncarnations() {
		try (MarathonSimulator marathon = MarathonSimulator.start()) {
			marathon.createApp("{\"id\":\"/web\"}");
			TaskInfo first = marathon.tasks("/web").get(0);
			assertThat(first.id()).isEqualTo(first.instanceId() + "._app.1");
			marathon.killTask(first.id());
			TaskInfo second = marathon.tasks("/web").get(0);
			assertThat(second.instanceId()).isEqualTo(first.instanceId());
			assertThat(second.id()).isEqualTo(first.instanceId() + "._app.2");
			JsonNode status = lastEvent(marathon, "status_update_event");
			assertThat(status.get("ipAddresses").get(0).get("protocol").asString()).isEqualTo("IPv4");
		}
	}

	@Test
	void restShapesFollowTheDocuments() throws Exception {
		try (MarathonSimulator marathon = MarathonSimulator.builder().hosts("srv1", "srv2").start()) {
			marathon.createApp("{\"id\":\"/web\",\"instances\":2,\"labels\":{\"consul\":\"\"},"
					+ "\"portDefinitions\":[{\"port\":0,\"name\":\"http\"},{\"port\":0,\"name\":\"admin\"}]}");
			marathon.createApp("{\"id\":\"/other\"}");
			JsonNode apps = json.readTree(get(marathon.baseUrl() + "/v2/apps?embed=apps.tasks&label=consul").body());
			assertThat(apps.get("apps")).hasSize(1);
			JsonNode app = apps.get("apps").get(0);
			assertThat(app.get("tasks")).hasSize(2);
			JsonNode task = app.get("tasks").get(0);
			assertThat(task.get("host").asString()).isEqualTo("srv1");
			assertThat(task.get("ports")).hasSize(2);
			assertThat(task.get("state").asString()).isEqualTo("TASK_RUNNING");
			assertThat(app.get("tasks").get(1).get("host").asString()).isEqualTo("srv2");
			assertThat(get(marathon.baseUrl() + "/v2/apps/missing").statusCode()).isEqualTo(404);
			assertThat(json.readTree(get(marathon.baseUrl() + "/v2/apps/web/tasks").body()).get("tasks")).hasSize(2);
			assertThat(json.readTree(get(marathon.baseUrl() + "/v2/apps/web?embed=app.tasks").body())
				.get("app")
				.get("tasks")).hasSize(2);
			assertThat(json.readTree(get(marathon.baseUrl() + "/v2/leader").body()).get("leader").asString())
				.isEqualTo(marathon.hostPort());
			assertThat(get(marathon.baseUrl() + "/v2/eventSubscriptions").statusCode()).isEqualTo(404);
			marathon.faults().emptyApps(true);
			assertThat(json.readTree(get(marathon.baseUrl() + "/v2/apps").body()).get("apps")).isEmpty();
			marathon.faults().clear().failNext("/v2/apps", 503, 1);
			assertThat(get(marathon.baseUrl() + "/v2/apps").statusCode()).isEqualTo(503);
			assertThat(get(marathon.baseUrl() + "/v2/apps").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void callbacksArePostedAndAFailingSubscriberIsBackedOff() throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		int[] status = { 200 };
		receiver.createContext("/events", (exchange) -> {
			received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(status[0], -1);
			exchange.close();
		});
		receiver.start();
		try (MarathonSimulator marathon = MarathonSimulator.builder()
			.version(MarathonVersion.V1_4)
			.callbacks(true)
			.callbackBackoff(Duration.ofSeconds(30))
			.start()) {
			String callback = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/events?registration=x";
			HttpResponse<String> subscribed = http.send(HttpRequest
				.newBuilder(URI.create(marathon.baseUrl() + "/v2/eventSubscriptions?callbackUrl=" + callback))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(subscribed.statusCode()).isEqualTo(200);
			assertThat(marathon.callbackUrls()).containsExactly(callback);
			marathon.createApp("{\"id\":\"/web\"}");
			await(() -> received.stream().anyMatch((body) -> body.contains("TASK_RUNNING")));
			status[0] = 400;
			marathon.scale("/web", 2);
			await(() -> marathon.skippedCallbacks() > 0);
			assertThat(marathon.callbackResponses().get(callback)).contains(400);
		}
		finally {
			receiver.stop(0);
		}
		try (MarathonSimulator marathon = MarathonSimulator.builder().version(MarathonVersion.V1_4).start()) {
			assertThat(get(marathon.baseUrl() + "/v2/eventSubscriptions").statusCode()).isEqualTo(400);
		}
	}

	@Test
	void aLeaderChangeClosesTheOldLeadersStreamsAndStandbysRedirect() throws Exception {
		try (MarathonCluster cluster = MarathonSimulator.builder().startCluster(2)) {
			MarathonSimulator first = cluster.leader();
			MarathonSimulator second = cluster.members().get(1);
			HttpResponse<String> redirect = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(second.baseUrl() + "/v2/events?event_type=x"))
					.header("Accept", "text/event-stream")
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(redirect.statusCode()).isEqualTo(302);
			assertThat(redirect.headers().firstValue("Location"))
				.hasValue("http://" + first.hostPort() + "/v2/events?event_type=x");
			HttpResponse<InputStream> stream = http
				.send(HttpRequest.newBuilder(URI.create(first.baseUrl() + "/v2/events"))
					.header("Accept", "text/event-stream")
					.build(), HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream in = stream.body()) {
				in.read();
				cluster.failover();
				in.readAllBytes();
			}
			assertThat(cluster.leader()).isSameAs(second);
			assertThat(json.readTree(get(first.baseUrl() + "/v2/leader").body()).get("leader").asString())
				.isEqualTo(second.hostPort());
			cluster.abdicate();
			assertThat(get(first.baseUrl() + "/v2/leader").statusCode()).isEqualTo(404);
		}
	}

	private HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode lastEvent(MarathonSimulator marathon, String type) {
		List<PublishedEvent> events = marathon.events();
		for (int i = events.size() - 1; i >= 0; i--) {
			if (events.get(i).type().equals(type)) {
				return json.readTree(events.get(i).json());
			}
		}
		throw new AssertionError("no " + type);
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(10);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("condition not met within 10 s");
			}
			Thread.sleep(10);
		}
	}

}
