package io.cairn.status.testsupport;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Real HTTP status endpoints for checks to poll, on 127.0.0.1: every answer the
 * aggregator must cope with (OK, Warning, Critical, odd statuses, no status, HTML, 500s,
 * slow, hanging and trickling responses, huge bodies, redirect loops, redirects to
 * forbidden places) and a few whose answer tests change.
 */
public final class CheckEndpoints implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	private final Map<String, List<Long>> hitTimes = new ConcurrentHashMap<>();

	private final Map<String, Answer> dynamic = new ConcurrentHashMap<>();

	private final CountDownLatch release = new CountDownLatch(1);

	public CheckEndpoints() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	public int hits(String path) {
		AtomicInteger count = this.hits.get(path);
		return (count != null) ? count.get() : 0;
	}

	public List<Long> hitTimes(String path) {
		return List.copyOf(this.hitTimes.getOrDefault(path, List.of()));
	}

	/**
	 * Set what {@code /dynamic/<name>} answers.
	 */
	public void answer(String name, int status, String body) {
		this.dynamic.put(name, new Answer(status, body));
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		this.hits.computeIfAbsent(path, (p) -> new AtomicInteger()).incrementAndGet();
		this.hitTimes.computeIfAbsent(path, (p) -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
		try {
			route(exchange, path);
		}
		finally {
			exchange.close();
		}
	}

	private void route(HttpExchange exchange, String path) throws IOException {
		if (path.startsWith("/dynamic/")) {
			Answer answer = this.dynamic.getOrDefault(path.substring("/dynamic/".length()),
					new Answer(200, "{\"status\": \"OK\", \"message\": \"default\"}"));
			send(exchange, answer.status, "application/json", answer.body);
			return;
		}
		if (path.startsWith("/slow-r")) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
			send(exchange, 200, "application/json", "{\"status\": \"OK\", \"message\": \"slow but fine\"}");
			return;
		}
		if (path.startsWith("/ok")) {
			send(exchange, 200, "application/json", "{\"status\": \"OK\", \"message\": \"Everything is groovy\"}");
			return;
		}
		switch (path) {
			case "/warning" -> send(exchange, 200, "application/json",
					"{\"status\": \"Warning\", \"message\": \"Houston, I think we have a problem.\", \"version\": \"2.0.0\"}");
			case "/critical", "/critical-m" -> send(exchange, 200, "application/json",
					"{\"status\": \"Critical\", \"message\": \"The database is down\"}");
			case "/lowercase" ->
				send(exchange, 200, "application/json", "{\"status\": \"critical\", \"message\": \"lower\"}");
			case "/actuator-up" -> send(exchange, 200, "application/json", "{\"status\": \"UP\"}");
			case "/actuator-down" -> send(exchange, 503, "application/json", "{\"status\": \"DOWN\"}");
			case "/odd" ->
				send(exchange, 200, "application/json", "{\"status\": \"Degraded\", \"message\": \"odd value\"}");
			case "/nomsg" -> send(exchange, 200, "application/json", "{\"status\": \"Critical\"}");
			case "/nostatus" -> send(exchange, 200, "application/json", "{\"message\": \"no status field\"}");
			case "/numberstatus" ->
				send(exchange, 200, "application/json", "{\"status\": 2, \"message\": \"numeric\"}");
			case "/array" -> send(exchange, 200, "application/json", "[1, 2, 3]");
			case "/html" -> send(exchange, 200, "text/html", "<html><body><h1>Status</h1>OK</body></html>");
			case "/500" -> send(exchange, 500, "text/plain", "Internal Server Error");
			case "/503json" ->
				send(exchange, 503, "application/json", "{\"status\": \"Critical\", \"message\": \"shedding load\"}");
			case "/nested" -> send(exchange, 200, "application/json",
					"{\"a\": {\"b\": {\"status\": \"Warning\"}}, \"message\": \"deep\"}");
			case "/unicode" -> send(exchange, 200, "application/json",
					"{\"status\": \"Warning\", \"message\": \"caf\u00e9 \\\"quoted\\\" | piped\", \"n\": 1.5, \"ok\": true, \"x\": null}");
			case "/slow" -> {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
				send(exchange, 200, "application/json", "{\"status\": \"OK\", \"message\": \"slow but fine\"}");
			}
			case "/hang" -> {
				try {
					this.release.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			case "/drip" -> drip(exchange);
			case "/huge" -> huge(exchange, false);
			case "/huge-declared" -> huge(exchange, true);
			case "/loop" -> redirect(exchange, "/loop");
			case "/redirect-ok" -> redirect(exchange, "/ok");
			case "/redirect-metadata" -> redirect(exchange, "http://169.254.169.254/latest/meta-data/");
			case "/redirect-file" -> redirect(exchange, "file:///etc/passwd");
			case "/redirect-denied" -> redirect(exchange, "http://127.0.0.2:" + port() + "/ok");
			default -> send(exchange, 404, "text/plain", "not found");
		}
	}

	private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void redirect(HttpExchange exchange, String location) throws IOException {
		exchange.getResponseHeaders().set("Location", location);
		exchange.sendResponseHeaders(302, -1);
	}

	private void drip(HttpExchange exchange) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, 0);
		OutputStream out = exchange.getResponseBody();
		out.write('{');
		out.flush();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < end && this.release.getCount() > 0) {
			// One byte well within the read timeout: only the overall deadline stops it.
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
			out.write(' ');
			out.flush();
		}
	}

	private static void huge(HttpExchange exchange, boolean declared) throws IOException {
		long size = 10L * 1024 * 1024;
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, declared ? size : 0);
		byte[] chunk = new byte[8192];
		java.util.Arrays.fill(chunk, (byte) ' ');
		try (OutputStream out = exchange.getResponseBody()) {
			out.write('{');
			for (long written = 1; written < size; written += chunk.length) {
				out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
			}
		}
		catch (IOException ex) {
			// the client aborted, as it should
		}
	}

	@Override
	public void close() {
		this.release.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private record Answer(int status, String body) {

	}

}
