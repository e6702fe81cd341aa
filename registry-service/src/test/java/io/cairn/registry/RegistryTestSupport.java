package io.cairn.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.registry.service.ExpiryReaper;
import io.cairn.support.test.MutableClock;
import io.cairn.support.test.SharedPostgres;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The registry as its clients see it: the whole app on a random port over a real
 * PostgreSQL, with a clock the tests move by hand. Every class that extends this shares
 * one application context (and one database), so tests use names of their own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
public abstract class RegistryTestSupport {

	private static final String DATABASE = SharedPostgres.newDatabase();

	protected static final JsonMapper json = JsonMapper.builder().build();

	protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	protected int port;

	@Autowired
	protected MutableClock clock;

	@Autowired
	protected ExpiryReaper reaper;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> DATABASE);
		registry.add("spring.datasource.username", SharedPostgres::user);
	}

	/**
	 * A service name no other test uses.
	 */
	protected static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	protected URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	protected HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).GET().build());
	}

	protected HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Call a JSON-RPC method and return the whole response object.
	 */
	protected JsonNode rpc(String method, String params) throws IOException, InterruptedException {
		HttpResponse<String> response = postJson("/api",
				"{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":1}");
		return json.readTree(response.body());
	}

	protected void ping(String name, String host, int port) throws IOException, InterruptedException {
		JsonNode response = rpc("ping", "[\"" + name + "\",\"" + host + "\"," + port + "]");
		if (!response.get("result").asBoolean()) {
			throw new AssertionError("ping failed: " + response);
		}
	}

	protected JsonNode locate(String pattern) throws IOException, InterruptedException {
		return rpc("locate_service", json.writeValueAsString(new String[] { pattern })).get("result");
	}

}
