package io.cairn.status.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real local HTTP server (the JDK's) that records every request it gets (method, path,
 * headers, body) and answers a Megaphone OK document; {@code /away?to=URL} redirects.
 */
public final class RecordingServer implements AutoCloseable {

	private final HttpServer server;

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	public RecordingServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(Executors.newFixedThreadPool(4));
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
		String path = exchange.getRequestURI().getPath();
		this.requests
			.add(new Recorded(exchange.getRequestMethod(), path, headers, new String(body, StandardCharsets.UTF_8)));
		String query = exchange.getRequestURI().getQuery();
		if (path.equals("/away") && query != null && query.startsWith("to=")) {
			exchange.getResponseHeaders().add("Location", query.substring(3));
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
			return;
		}
		byte[] answer = "{\"status\": \"OK\", \"message\": \"fine\"}".getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		if (exchange.getRequestMethod().equals("HEAD")) {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
			return;
		}
		exchange.sendResponseHeaders(200, answer.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(answer);
		}
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/**
	 * The requests to a path so far.
	 * @param path the path
	 * @return them, oldest first
	 */
	public List<Recorded> requests(String path) {
		return this.requests.stream().filter((request) -> request.path().equals(path)).toList();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * A request as it arrived.
	 *
	 * @param method its method
	 * @param path its path
	 * @param headers its headers (names in any case)
	 * @param body its body
	 */
	public record Recorded(String method, String path, Map<String, String> headers, String body) {

	}

}
