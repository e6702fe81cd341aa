package io.cairn.status.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real local HTTP server (the JDK's) standing in for alert providers: it records every
 * POST by path, answers 200 (or a status a test sets per path, e.g. 202 as Teams and
 * PagerDuty do, or 500 for a provider that is down), and can hold a path's requests
 * without answering until released (a provider that hangs).
 */
public final class AlertReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

	private final Map<String, Hold> holds = new ConcurrentHashMap<>();

	public AlertReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** Answer a path's requests with a status from now on. */
	public void answer(String path, int status) {
		this.statuses.put(path, status);
	}

	/**
	 * Hold a path's requests whose body contains a text unanswered until
	 * {@link #release}.
	 */
	public void hang(String path, String bodyContains) {
		this.holds.put(path, new Hold(bodyContains, new CountDownLatch(1)));
	}

	/** Answer the held requests of a path (with its status) and hold no more. */
	public void release(String path) {
		Hold hold = this.holds.remove(path);
		if (hold != null) {
			hold.latch().countDown();
		}
	}

	/** The bodies POSTed to a path, oldest first. */
	public List<String> bodies(String path) {
		return this.received.stream().filter((r) -> r.path().equals(path)).map(Received::body).toList();
	}

	/** Everything received. */
	public List<Received> all() {
		return List.copyOf(this.received);
	}

	public void clear() {
		this.received.clear();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			String path = exchange.getRequestURI().getPath();
			String text = new String(body, StandardCharsets.UTF_8);
			this.received.add(new Received(path, exchange.getRequestHeaders().getFirst("Content-Type"), text));
			Hold hold = this.holds.get(path);
			if (hold != null && text.contains(hold.bodyContains())) {
				try {
					hold.latch().await(2, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			exchange.sendResponseHeaders(this.statuses.getOrDefault(path, 200), -1);
		}
	}

	@Override
	public void close() {
		this.holds.values().forEach((hold) -> hold.latch().countDown());
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private record Hold(String bodyContains, CountDownLatch latch) {

	}

	/**
	 * One request.
	 *
	 * @param path its path
	 * @param contentType its content type
	 * @param body its body
	 */
	public record Received(String path, String contentType, String body) {

	}

}
