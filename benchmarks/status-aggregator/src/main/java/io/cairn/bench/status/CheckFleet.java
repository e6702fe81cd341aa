package io.cairn.bench.status;

import java.io.IOException;
import java.io.OutputStream;
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
 * The checked services: {@code /ok/<n>} answers OK at once and records when it was asked;
 * {@code /critical/<n>} answers Critical (and is recorded as check n's poll);
 * {@code /hang/<n>} accepts the request and never answers (for at most a bound, so that
 * the fleet's own threads stay bounded).
 */
final class CheckFleet implements AutoCloseable {

	private static final byte[] OK = "{\"status\": \"OK\", \"message\": \"fine\"}".getBytes(StandardCharsets.UTF_8);

	private static final byte[] CRITICAL = "{\"status\": \"Critical\", \"message\": \"down\"}"
		.getBytes(StandardCharsets.UTF_8);

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Map<Integer, List<Long>> polls = new ConcurrentHashMap<>();

	private final CountDownLatch stop = new CountDownLatch(1);

	CheckFleet() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String url(String kind, int n) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/" + kind + "/" + n;
	}

	/** Millisecond timestamps of the polls of check n. */
	List<Long> polls(int n) {
		return this.polls.getOrDefault(n, List.of());
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			String[] parts = exchange.getRequestURI().getPath().split("/");
			int n = Integer.parseInt(parts[2]);
			if (parts[1].equals("hang")) {
				try {
					this.stop.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return;
			}
			this.polls.computeIfAbsent(n, (k) -> new CopyOnWriteArrayList<>()).add(System.currentTimeMillis());
			byte[] answer = parts[1].equals("critical") ? CRITICAL : OK;
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		}
		finally {
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.stop.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
