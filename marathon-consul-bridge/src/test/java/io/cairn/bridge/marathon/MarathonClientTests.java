package io.cairn.bridge.marathon;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.testkit.marathon.MarathonCluster;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.MarathonVersion;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The REST client against the simulator and against answers Marathon should not give
 * (Consular's client tests: URLs, missing fields, 4xx and 5xx).
 */
class MarathonClientTests {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static MarathonClient client(List<URI> urls, boolean followLeader) {
		return client(urls, followLeader, Map.of());
	}

	private static MarathonClient client(List<URI> urls, boolean followLeader, Map<String, String> properties) {
		BridgeProperties.Marathon settings = new Binder(new MapConfigurationPropertySource(properties))
			.bindOrCreate("cairn.bridge.marathon", BridgeProperties.Marathon.class);
		settings = new BridgeProperties.Marathon(urls, followLeader, "http", null, null, null,
				settings.connectTimeout(), settings.requestTimeout(), settings.listTimeout(),
				settings.maxResponseSize());
		MarathonLocator locator = new MarathonLocator(urls, followLeader, "http", null,
				io.cairn.mesos.marathon.MarathonHttpLeaderLookup.of(urls));
		return new MarathonClient(locator, HttpClient.newHttpClient(), settings, JSON);
	}

	@Test
	void appsWithTasksInOneCallAndOneAppWith404AsEmpty() {
		try (MarathonSimulator marathon = MarathonSimulator.builder().hosts("srv1").start()) {
			marathon.createApp("{\"id\":\"/my-group/my-app\",\"instances\":2,\"labels\":{\"a\":\"b\"}}");
			MarathonClient client = client(List.of(marathon.baseUrl()), true);
			List<MarathonApp> apps = client.apps();
			assertThat(apps).hasSize(1);
			assertThat(apps.get(0).taskList()).hasSize(2).allMatch((task) -> "srv1".equals(task.host()));
			assertThat(marathon.requests("/v2/apps")).containsExactly("GET /v2/apps?embed=apps.tasks");
			assertThat(client.app("/my-group/my-app").orElseThrow().labelMap()).containsEntry("a", "b");
			assertThat(client.app("/missing")).isEmpty();
			assertThatExceptionOfType(MarathonException.class).isThrownBy(() -> client.app("/../../etc"));
			marathon.faults().failNext("/v2/apps", 500, 1);
			assertThatExceptionOfType(MarathonException.class).isThrownBy(client::apps)
				.satisfies((ex) -> assertThat(ex.status()).isEqualTo(500));
		}
	}

	@Test
	void theLeaderIsFollowedThroughAnyInstance() {
		try (MarathonCluster cluster = MarathonSimulator.builder().startCluster(2)) {
			MarathonSimulator standby = cluster.members().get(1);
			MarathonClient client = client(List.of(standby.baseUrl()), true);
			assertThat(client.ping()).isEqualTo(cluster.leader().baseUrl());
			MarathonClient direct = client(List.of(standby.baseUrl()), false);
			assertThat(direct.ping()).isEqualTo(standby.baseUrl());
			cluster.abdicate();
			MarathonClient leaderless = client(List.of(standby.baseUrl()), true);
			assertThatExceptionOfType(MarathonException.class).isThrownBy(leaderless::apps)
				.withMessageContaining("no leader");
		}
	}

	@Test
	void subscriptionsAndMarathonWithoutCallbacks() {
		try (MarathonSimulator marathon = MarathonSimulator.builder()
			.version(MarathonVersion.V1_4)
			.callbacks(true)
			.start()) {
			MarathonClient client = client(List.of(marathon.baseUrl()), true);
			String url = "http://bridge.example.com:7000/events?registration=the-uuid";
			client.subscribe(url);
			assertThat(client.callbackUrls()).containsExactly(url);
			client.unsubscribe(url);
			assertThat(client.callbackUrls()).isEmpty();
		}
		try (MarathonSimulator marathon = MarathonSimulator.builder().version(MarathonVersion.V1_4).start()) {
			assertThatExceptionOfType(MarathonException.class)
				.isThrownBy(() -> client(List.of(marathon.baseUrl()), true).callbackUrls())
				.satisfies((ex) -> assertThat(ex.status()).isEqualTo(400))
				.withMessageContaining("http event callback system is not running");
		}
	}

	@Test
	void answersThatAreNotMarathonsAreErrorsNotCrashes() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		String[] body = { "{}" };
		server.createContext("/", (exchange) -> {
			byte[] bytes = body[0].getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		server.start();
		try {
			MarathonClient client = client(List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
					false);
			assertThatExceptionOfType(MarathonException.class).isThrownBy(client::apps)
				.withMessageContaining("no \"apps\" field");
			body[0] = "{\"apps\": [{\"id\": \"/x\", \"tasks\": \"not a list\"}]}";
			assertThatExceptionOfType(MarathonException.class).isThrownBy(client::apps)
				.withMessageContaining("not the JSON expected");
			body[0] = "{\"apps\": []}";
			assertThat(client.apps()).isEmpty();
			body[0] = "<html>";
			assertThatExceptionOfType(MarathonException.class).isThrownBy(client::apps);
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void aLargeAnswerParsesAsTheWholeArrayDid() throws Exception {
		try (MarathonSimulator marathon = MarathonSimulator.builder().hosts("srv1", "srv2").start()) {
			for (int i = 0; i < 60; i++) {
				marathon.createApp(
						"{\"id\":\"/large/app-" + i + "\",\"instances\":50,\"labels\":{\"team\":\"t" + i + "\"}}");
			}
			byte[] whole = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(marathon.baseUrl() + "/v2/apps?embed=apps.tasks")).build(),
						HttpResponse.BodyHandlers.ofByteArray())
				.body();
			// Larger than G1's humongous threshold at -Xmx1g (half of a 1MB region).
			assertThat(whole.length).isGreaterThan(1024 * 1024);
			List<MarathonApp> fromArray = JSON.readValue(whole, MarathonClient.AppList.class).apps();

			List<MarathonApp> streamed = client(List.of(marathon.baseUrl()), true).apps();

			assertThat(streamed).hasSize(60).isEqualTo(fromArray);
			assertThat(streamed).allSatisfy((app) -> assertThat(app.taskList()).hasSize(50));
		}
	}

	@Test
	void anAnswerOverTheBoundIsRefusedNamingTheProperty() throws IOException {
		StringBuilder apps = new StringBuilder("{\"apps\":[");
		for (int i = 0; i < 100; i++) {
			apps.append((i > 0) ? "," : "").append("{\"id\":\"/app-").append(i).append("\",\"tasks\":[]}");
		}
		byte[] large = apps.append("]}").toString().getBytes(StandardCharsets.UTF_8);
		assertThat(large.length).isGreaterThan(2048);
		boolean[] announced = { true };
		byte[][] body = { large };
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			// 0: chunked, the size known only from what is sent
			exchange.sendResponseHeaders(200, announced[0] ? body[0].length : 0);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body[0]);
			}
			catch (IOException ex) {
				// the client stopped reading
			}
		});
		server.start();
		try {
			MarathonClient client = client(List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
					false, Map.of("cairn.bridge.marathon.max-response-size", "2KB"));
			assertThatExceptionOfType(MarathonException.class).isThrownBy(client::apps)
				.withMessageContaining("more than 2048 bytes")
				.withMessageContaining("cairn.bridge.marathon.max-response-size");
			announced[0] = false;
			assertThatExceptionOfType(MarathonException.class).isThrownBy(client::apps)
				.withMessageContaining("more than 2048 bytes")
				.withMessageContaining("cairn.bridge.marathon.max-response-size");
			// Within the bound, announced or not, the same client reads on.
			body[0] = "{\"apps\":[{\"id\":\"/small\",\"tasks\":[]}]}".getBytes(StandardCharsets.UTF_8);
			assertThat(client.apps()).extracting(MarathonApp::id).containsExactly("/small");
			announced[0] = true;
			assertThat(client.apps()).extracting(MarathonApp::id).containsExactly("/small");
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void aCutOrGarbledAnswerIsAMarathonExceptionAndTheNextCallWorks() throws IOException {
		String[] mode = { "cut" };
		byte[] good = "{\"apps\":[{\"id\":\"/a\",\"tasks\":[]},{\"id\":\"/b\",\"tasks\":[]}]}"
			.getBytes(StandardCharsets.UTF_8);
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			switch (mode[0]) {
				case "cut" -> {
					// Announces the whole answer, sends its first half, and hangs up.
					exchange.sendResponseHeaders(200, good.length);
					OutputStream out = exchange.getResponseBody();
					out.write(good, 0, good.length / 2);
					out.flush();
					exchange.close();
				}
				case "cut-chunked" -> {
					exchange.sendResponseHeaders(200, 0);
					OutputStream out = exchange.getResponseBody();
					out.write(good, 0, good.length / 2);
					out.flush();
					// The server closes a connection whose handler fails: no last chunk.
					throw new IOException("hang up");
				}
				case "garbage" -> {
					byte[] bytes = { 0x00, (byte) 0xff, (byte) 0xfe, '{', '"', 'a', 0x01 };
					exchange.sendResponseHeaders(200, bytes.length);
					try (OutputStream out = exchange.getResponseBody()) {
						out.write(bytes);
					}
				}
				default -> {
					exchange.sendResponseHeaders(200, good.length);
					try (OutputStream out = exchange.getResponseBody()) {
						out.write(good);
					}
				}
			}
		});
		server.start();
		try {
			MarathonClient client = client(List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
					false);
			for (String fault : List.of("cut", "cut-chunked", "garbage")) {
				mode[0] = fault;
				assertThatExceptionOfType(MarathonException.class).as(fault).isThrownBy(client::apps);
			}
			mode[0] = "good";
			assertThat(client.apps()).extracting(MarathonApp::id).containsExactly("/a", "/b");
		}
		finally {
			server.stop(0);
		}
	}

}
