package io.cairn.benchmarks.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * A service instance: answers {@code GET /hello} on 127.0.0.1 and records when its first
 * request arrived ({@link System#nanoTime()}, comparable with the driver's clock since it
 * runs in the driver's JVM).
 */
final class InstanceServer implements AutoCloseable {

	private final HttpServer server;

	private final AtomicLong firstRequest = new AtomicLong();

	private final AtomicLong requests = new AtomicLong();

	InstanceServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newFixedThreadPool(2, (runnable) -> {
			Thread thread = new Thread(runnable, "instance-" + port());
			thread.setDaemon(true);
			return thread;
		}));
		this.server.createContext("/", (exchange) -> {
			long now = System.nanoTime();
			this.firstRequest.compareAndSet(0, now);
			this.requests.incrementAndGet();
			byte[] body = ("hello from " + port()).getBytes(StandardCharsets.UTF_8);
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * When the first request arrived.
	 * @return its {@code nanoTime}, 0 while none has
	 */
	long firstRequest() {
		return this.firstRequest.get();
	}

	long requests() {
		return this.requests.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
