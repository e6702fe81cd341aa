package io.cairn.bridge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One bridge as users run it: the whole application on a random port, started with
 * {@link SpringApplicationBuilder} and the given properties, talked to over real HTTP.
 */
public final class TestBridge implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ConfigurableApplicationContext context;

	private final String token;

	private TestBridge(ConfigurableApplicationContext context, String token) {
		this.context = context;
		this.token = token;
	}

	/**
	 * Start a bridge.
	 * @param properties its properties (on top of quick test defaults)
	 * @return the running bridge
	 */
	public static TestBridge start(Map<String, String> properties) {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("server.port", "0");
		all.put("cairn.consul.use-environment", "false");
		all.put("cairn.bridge.events.reconnect-backoff", "50ms");
		all.put("cairn.bridge.events.max-reconnect-backoff", "500ms");
		all.put("cairn.bridge.sync.interval", "0s");
		all.put("spring.main.banner-mode", "off");
		all.put("logging.level.root", "WARN");
		all.put("logging.level.io.cairn.bridge", "WARN");
		all.putAll(properties);
		// Command-line arguments, not default properties: application.yaml must not win.
		String[] args = all.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(MarathonConsulBridgeApplication.class)
			.run(args);
		return new TestBridge(context, all.getOrDefault("cairn.security.token", ""));
	}

	/**
	 * A bean of the running bridge.
	 * @param <T> the type
	 * @param type the type
	 * @return the bean
	 */
	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/**
	 * The HTTP port.
	 * @return the port
	 */
	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	/**
	 * A URL of the bridge.
	 * @param path the path and query
	 * @return the URL
	 */
	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port() + path);
	}

	/**
	 * GET a path.
	 * @param path the path
	 * @return the response
	 */
	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).GET().build());
	}

	/**
	 * The status document.
	 * @return {@code /v1/status} as JSON
	 */
	public JsonNode status() throws IOException, InterruptedException {
		return JSON.readTree(get("/v1/status").body());
	}

	/**
	 * Run a full sync through the API (with the token).
	 * @return the sync's result as JSON
	 */
	public JsonNode sync() throws IOException, InterruptedException {
		return sync(false);
	}

	/**
	 * Run a full sync through the API (with the token).
	 * @param force override the guard
	 * @return the result as JSON
	 */
	public JsonNode sync(boolean force) throws IOException, InterruptedException {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/sync" + (force ? "?force=true" : "")))
			.header("Authorization", "Bearer " + this.token)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		if (response.statusCode() != 200) {
			throw new AssertionError("POST /v1/sync answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

	/**
	 * POST a callback event.
	 * @param query the query string (with {@code ?}), or empty
	 * @param body the body
	 * @return the response
	 */
	public HttpResponse<String> postEvent(String query, String body) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri("/events" + query))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/**
	 * Send a request.
	 * @param request the request
	 * @return the response
	 */
	public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Whether the context is still running.
	 * @return true while running
	 */
	public boolean isRunning() {
		return this.context.isRunning();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
