package io.cairn.registry.client.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server that answers at a registry's address whatever a test scripts: bad
 * answers (garbage, truncated JSON, huge bodies, 5xx, hangs), paged lists, refusals. The
 * handler for a path is looked up by the longest matching prefix; unscripted paths get a
 * well-formed registry answer ({@code /v1/info} with a 60 s TTL, empty lists).
 */
public final class ScriptedRegistry implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, Handler> handlers = new ConcurrentHashMap<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	/**
	 * Answers one request.
	 */
	@FunctionalInterface
	public interface Handler {

		/**
		 * Answer the exchange.
		 * @param exchange the exchange
		 * @throws IOException when the client goes away
		 */
		void handle(HttpExchange exchange) throws IOException;

	}

	private ScriptedRegistry() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/", this::dispatch);
		on("/v1/info", json(200, "{\"ttlSeconds\":60,\"retentionSeconds\":3600,\"renewalFlushMillis\":1000,"
				+ "\"index\":1,\"serverTime\":\"2026-01-01T00:00:00Z\"}"));
		on("/v1/events", json(200, "{\"index\":1,\"events\":[]}"));
		on("/v1/instances", (exchange) -> {
			if ("PUT".equals(exchange.getRequestMethod())) {
				json(200, "{\"outcome\":\"RENEWED\",\"name\":\"x\",\"host\":\"h\",\"port\":1}").handle(exchange);
			}
			else if ("DELETE".equals(exchange.getRequestMethod())) {
				send(exchange, 204, "", null);
			}
			else {
				json(200, "{\"index\":1,\"instances\":[]}").handle(exchange);
			}
		});
		on("/v1/services", json(200, "{\"index\":1,\"services\":[]}"));
		this.server.start();
	}

	/**
	 * Start a server with the default answers.
	 * @return the server
	 */
	public static ScriptedRegistry start() {
		return new ScriptedRegistry();
	}

	/**
	 * Script the answers under a path.
	 * @param path a path prefix such as {@code /v1/instances}
	 * @param handler the answers
	 * @return this server
	 */
	public ScriptedRegistry on(String path, Handler handler) {
		this.handlers.put(path, handler);
		return this;
	}

	/**
	 * The server's URL.
	 * @return {@code http://127.0.0.1:port}
	 */
	public URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/**
	 * The requests received, as {@code METHOD path?query}.
	 * @return the requests
	 */
	public List<String> requests() {
		return this.requests;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * Answer with a status and a JSON body.
	 * @param status the status
	 * @param body the body
	 * @return the handler
	 */
	public static Handler json(int status, String body) {
		return (exchange) -> send(exchange, status, body, "application/json");
	}

	/**
	 * Write an answer.
	 * @param exchange the exchange
	 * @param status the status
	 * @param body the body
	 * @param contentType its type, or null
	 * @throws IOException when the client goes away
	 */
	public static void send(HttpExchange exchange, int status, String body, String contentType) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		if (contentType != null) {
			exchange.getResponseHeaders().set("Content-Type", contentType);
		}
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private void dispatch(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getRawPath();
		String query = exchange.getRequestURI().getRawQuery();
		this.requests.add(exchange.getRequestMethod() + " " + path + ((query != null) ? "?" + query : ""));
		exchange.getRequestBody().readAllBytes();
		Handler handler = this.handlers.entrySet()
			.stream()
			.filter((entry) -> path.startsWith(entry.getKey()))
			.max(java.util.Comparator.comparingInt((entry) -> entry.getKey().length()))
			.map(Map.Entry::getValue)
			.orElse((unknown) -> send(unknown, 404, "", null));
		try {
			handler.handle(exchange);
		}
		catch (IOException ex) {
			// The client went away, as the tests of bounded reads make it.
		}
		finally {
			exchange.close();
		}
	}

}
