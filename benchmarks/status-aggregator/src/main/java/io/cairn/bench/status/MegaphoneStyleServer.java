package io.cairn.bench.status;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The old behaviour, for comparison: Megaphone's {@code /status} fetched every check on
 * every request, one after the other (2013) and with a timeout per fetch (2016's 10 s,
 * here the same timeout the aggregator uses). Served by a thread pool as large as the
 * load's connections, so that the comparison is about the polling, not the server.
 */
final class MegaphoneStyleServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(32);

	private final List<String> urls = new CopyOnWriteArrayList<>();

	private final Duration timeout;

	private final HttpClient client;

	MegaphoneStyleServer(Duration timeout) throws IOException {
		this.timeout = timeout;
		this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
		this.server.setExecutor(this.executor);
		this.server.createContext("/status", this::status);
		this.server.start();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	void setChecks(List<String> urls) {
		this.urls.clear();
		this.urls.addAll(urls);
	}

	private void status(HttpExchange exchange) throws IOException {
		int worst = 0;
		StringBuilder message = new StringBuilder();
		for (String url : this.urls) {
			String body = fetch(url);
			if (body == null || !body.contains("\"OK\"")) {
				worst = 2;
				message.append(url).append(":Critical:Unable to communicate with ").append(url).append("!|");
			}
		}
		byte[] bytes = ("{\"status\": \"" + ((worst == 0) ? "OK" : "Critical") + "\", \"message\": \""
				+ ((message.length() == 0) ? "Everything is OK!" : message) + "\", \"date\": \"x\"}")
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private String fetch(String url) {
		try {
			return this.client
				.send(HttpRequest.newBuilder(URI.create(url)).timeout(this.timeout).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
