package io.cairn.testkit.marathon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One simulated Marathon instance's HTTP API: the routing table of every served path,
 * Marathon's answers and errors, and the {@code /v2/events} Server-Sent Events stream,
 * over the {@link MarathonState} the instances of a cluster share.
 */
final class MarathonHttpApi {

	private static final int MAX_RECORDED = 20_000;

	private final MarathonState state;

	private final Duration heartbeat;

	private final String hostPort;

	private final int port;

	private final @Nullable String authorization;

	private final List<String> requests;

	MarathonHttpApi(MarathonState state, Duration heartbeat, String hostPort, int port, @Nullable String authorization,
			List<String> requests) {
		this.state = state;
		this.heartbeat = heartbeat;
		this.hostPort = hostPort;
		this.port = port;
		this.authorization = authorization;
		this.requests = requests;
	}

	void handle(HttpExchange exchange) {
		try (exchange) {
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getRawPath();
			String rawQuery = exchange.getRequestURI().getRawQuery();
			if (this.requests.size() < MAX_RECORDED) {
				this.requests.add(method + " " + path + ((rawQuery != null) ? "?" + rawQuery : ""));
			}
			while (this.state.faults.hangs(path)) {
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
			if (this.authorization != null
					&& !this.authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				// Marathon's answer with --http_credentials when the credentials are
				// missing or wrong.
				exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Mesosphere Marathon\"");
				send(exchange, 401, message("Invalid username or password."));
				return;
			}
			Integer failure = this.state.faults.takeFailure(method, path);
			if (failure != null) {
				send(exchange, failure, message("Injected failure"));
				return;
			}
			Map<String, List<String>> query = query(rawQuery);
			try {
				route(exchange, method, path, query);
			}
			catch (MarathonState.NotFound ex) {
				send(exchange, 404, message(ex.getMessage()));
			}
			catch (MarathonState.Conflict ex) {
				send(exchange, 409, message(ex.getMessage()));
			}
			catch (MarathonState.BadRequest | JacksonException ex) {
				send(exchange, 422, message(ex.getMessage()));
			}
		}
		catch (IOException | RuntimeException ex) {
			// The client went away, or the simulator is stopping.
		}
	}

	private void route(HttpExchange exchange, String method, String path, Map<String, List<String>> query)
			throws IOException {
		if (path.equals("/ping")) {
			sendText(exchange, 200, "text/plain", "pong");
		}
		else if (path.equals("/v2/leader") && method.equals("GET")) {
			String leader = this.state.leader();
			if (leader == null) {
				send(exchange, 404, message("There is no leader"));
			}
			else {
				ObjectNode body = MarathonState.JSON.createObjectNode();
				body.put("leader", leader);
				send(exchange, 200, body);
			}
		}
		else if (path.equals("/v2/info") && method.equals("GET")) {
			send(exchange, 200, info());
		}
		else if (path.equals("/v2/events")) {
			events(exchange, method, query);
		}
		else if (path.equals("/v2/eventSubscriptions")) {
			subscriptions(exchange, method, query);
		}
		else if (path.equals("/v2/tasks") && method.equals("GET")) {
			String accept = exchange.getRequestHeaders().getFirst("Accept");
			if (accept != null && accept.contains("text/plain") && !accept.contains("json")) {
				sendText(exchange, 200, "text/plain", this.state.tasksText());
			}
			else {
				send(exchange, 200, this.state.tasksJson(first(query, "status")));
			}
		}
		else if (path.equals("/v2/apps") || path.equals("/v2/apps/")) {
			if (method.equals("GET")) {
				boolean embed = query.getOrDefault("embed", List.of()).contains("apps.tasks");
				send(exchange, 200, this.state.appsJson(embed, first(query, "label")));
			}
			else if (method.equals("POST")) {
				ObjectNode app = this.state.createApp(parse(body(exchange)));
				app.remove("tasks");
				send(exchange, 201, app);
			}
			else {
				send(exchange, 405, message("Method not allowed"));
			}
		}
		else if (path.startsWith("/v2/apps/")) {
			app(exchange, method, decode(path.substring("/v2/apps".length())), query);
		}
		else {
			send(exchange, 404, message("Not found: " + path));
		}
	}

	private void app(HttpExchange exchange, String method, String rest, Map<String, List<String>> query)
			throws IOException {
		int tasksAt = rest.indexOf("/tasks");
		if (tasksAt >= 0 && (rest.endsWith("/tasks") || rest.startsWith("/tasks/", tasksAt))) {
			String appId = rest.substring(0, tasksAt);
			String taskId = rest.endsWith("/tasks") ? null : rest.substring(tasksAt + "/tasks/".length());
			if (method.equals("GET") && taskId == null) {
				ObjectNode tasks = this.state.appTasksJson(appId);
				if (tasks == null) {
					send(exchange, 404, message("App '" + AppDefinitions.normalizeId(appId) + "' does not exist"));
				}
				else {
					send(exchange, 200, tasks);
				}
			}
			else if (method.equals("DELETE") && taskId != null) {
				this.state.killTask(taskId, "true".equals(first(query, "scale")));
				send(exchange, 200, deployment());
			}
			else {
				send(exchange, 405, message("Method not allowed"));
			}
			return;
		}
		switch (method) {
			case "GET" -> {
				ObjectNode app = this.state.appJson(rest, query.getOrDefault("embed", List.of()).contains("app.tasks"));
				if (app == null) {
					send(exchange, 404, message("App '" + AppDefinitions.normalizeId(rest) + "' does not exist"));
				}
				else {
					send(exchange, 200, app);
				}
			}
			case "PUT" -> {
				this.state.updateApp(rest, parse(body(exchange)), true);
				send(exchange, 200, deployment());
			}
			case "DELETE" -> {
				this.state.destroyApp(rest);
				send(exchange, 200, deployment());
			}
			default -> send(exchange, 405, message("Method not allowed"));
		}
	}

	private void subscriptions(HttpExchange exchange, String method, Map<String, List<String>> query)
			throws IOException {
		if (!this.state.version.hasCallbacks()) {
			send(exchange, 404, message("Not found: /v2/eventSubscriptions"));
			return;
		}
		if (!this.state.callbacks) {
			send(exchange, 400, message("http event callback system is not running on this Marathon instance. "
					+ "Please re-start this instance with \"--event_subscriber http_callback\"."));
			return;
		}
		String clientIp = exchange.getRemoteAddress().getAddress().getHostAddress();
		switch (method) {
			case "GET" -> {
				ObjectNode body = MarathonState.JSON.createObjectNode();
				ArrayNode urls = body.putArray("callbackUrls");
				this.state.callbackUrls().forEach(urls::add);
				send(exchange, 200, body);
			}
			case "POST", "DELETE" -> {
				String callbackUrl = callbackUrl(exchange.getRequestURI().getRawQuery());
				if (callbackUrl == null || callbackUrl.isEmpty()) {
					send(exchange, 400, message("callbackUrl is required"));
				}
				else if (method.equals("POST")) {
					send(exchange, 200, this.state.subscribe(callbackUrl, clientIp));
				}
				else {
					send(exchange, 200, this.state.unsubscribe(callbackUrl, clientIp));
				}
			}
			default -> send(exchange, 405, message("Method not allowed"));
		}
	}

	/**
	 * The callback URL is everything after {@code callbackUrl=}: clients (Consular among
	 * them) pass it unescaped, query string included, and Marathon's servlet container
	 * kept it whole because the callback's own {@code &}-separated parameters only follow
	 * the first {@code ?}.
	 */
	private static @Nullable String callbackUrl(@Nullable String rawQuery) {
		if (rawQuery == null) {
			return null;
		}
		int at = rawQuery.indexOf("callbackUrl=");
		if (at < 0) {
			return null;
		}
		String value = rawQuery.substring(at + "callbackUrl=".length());
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private void events(HttpExchange exchange, String method, Map<String, List<String>> query) throws IOException {
		String accept = exchange.getRequestHeaders().getFirst("Accept");
		if (!method.equals("GET") || accept == null || !accept.contains("text/event-stream")) {
			sendText(exchange, 405, "text/html;charset=ISO-8859-1",
					"<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=ISO-8859-1\"/>\n"
							+ "<title>Error 405 </title>\n</head>\n<body>\n<h2>HTTP ERROR: 405</h2>\n"
							+ "<p>Problem accessing /v2/events. Reason:\n"
							+ "<pre>    HTTP method GET is not supported by this URL</pre></p>\n</body>\n</html>\n");
			return;
		}
		if (this.state.faults.refuseStreams) {
			send(exchange, 503, message("Event stream refused (injected)"));
			return;
		}
		String leader = this.state.leader();
		if (leader == null) {
			send(exchange, 503, message("Could not determine the current leader"));
			return;
		}
		if (!leader.equals(this.hostPort) && this.state.version.redirectsEvents()) {
			String rawQuery = exchange.getRequestURI().getRawQuery();
			exchange.getResponseHeaders()
				.add("Location", "http://" + leader + "/v2/events" + ((rawQuery != null) ? "?" + rawQuery : ""));
			exchange.sendResponseHeaders(302, -1);
			return;
		}
		Set<String> filter = new LinkedHashSet<>(query.getOrDefault("event_type", List.of()));
		String remote = exchange.getRemoteAddress().getAddress().getHostAddress();
		exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
		exchange.getResponseHeaders().add("Cache-Control", "no-cache");
		exchange.sendResponseHeaders(200, 0);
		OutputStream out = exchange.getResponseBody();
		EventStream stream = this.state.attach(filter, this.hostPort, remote);
		try {
			while (!stream.closed) {
				String frame = stream.frames.poll(this.heartbeat.toMillis(), TimeUnit.MILLISECONDS);
				if (frame == EventStream.CLOSE || stream.closed) {
					break;
				}
				// A comment line keeps proxies and idle timers from closing it.
				out.write(((frame != null) ? frame : ":\n").getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// The client went away.
		}
		finally {
			this.state.detach(stream, remote);
		}
	}

	private ObjectNode info() {
		ObjectNode info = MarathonState.JSON.createObjectNode();
		info.put("name", "marathon");
		info.put("version", this.state.version.release());
		info.put("elected", this.state.leader() != null);
		info.put("leader", this.state.leader());
		info.put("frameworkId", "20150714-191408-4163031306-5050-1590-0000");
		ObjectNode config = info.putObject("marathon_config");
		config.put("master", "zk://localhost:2181/mesos");
		if (this.state.version.hasCallbacks()) {
			config.put("event_subscriber", this.state.callbacks ? "http_callback" : null);
		}
		info.putObject("zookeeper_config").put("zk", "zk://localhost:2181/marathon");
		info.putObject("http_config").put("http_port", this.port);
		return info;
	}

	private static ObjectNode deployment() {
		ObjectNode body = MarathonState.JSON.createObjectNode();
		body.put("deploymentId", UUID.randomUUID().toString());
		body.put("version", Instant.now().toString());
		return body;
	}

	private static ObjectNode message(@Nullable String text) {
		ObjectNode body = MarathonState.JSON.createObjectNode();
		body.put("message", (text != null) ? text : "");
		return body;
	}

	private static JsonNode parse(String json) {
		return MarathonState.JSON.readTree(json);
	}

	private static String body(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
		sendText(exchange, status, "application/json; qs=2", body.toString());
	}

	private static void sendText(HttpExchange exchange, int status, String contentType, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", contentType);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private static Map<String, List<String>> query(@Nullable String rawQuery) {
		Map<String, List<String>> query = new LinkedHashMap<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return query;
		}
		for (String pair : rawQuery.split("&")) {
			int equals = pair.indexOf('=');
			String name = decode((equals < 0) ? pair : pair.substring(0, equals));
			String value = (equals < 0) ? "" : decode(pair.substring(equals + 1));
			query.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		return query;
	}

	private static @Nullable String first(Map<String, List<String>> query, String name) {
		List<String> values = query.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

}
