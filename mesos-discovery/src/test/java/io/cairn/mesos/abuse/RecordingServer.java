package io.cairn.mesos.abuse;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.jspecify.annotations.Nullable;

/**
 * A real local HTTP(S) server on 127.0.0.1 that answers every request with what a
 * function says and records what it received: a fake master that redirects, or a listener
 * that must never see credentials.
 */
final class RecordingServer implements Closeable {

	private final HttpServer server;

	private final ExecutorService executor;

	private final String scheme;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private RecordingServer(HttpServer server, String scheme, Function<Received, Answer> answers) {
		this.server = server;
		this.scheme = scheme;
		this.executor = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "recording-server");
			thread.setDaemon(true);
			return thread;
		});
		server.setExecutor(this.executor);
		server.createContext("/", (exchange) -> handle(exchange, answers));
		server.start();
	}

	static RecordingServer http(Function<Received, Answer> answers) throws IOException {
		return new RecordingServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
				"http", answers);
	}

	static RecordingServer https(SSLContext tls, Function<Received, Answer> answers) throws IOException {
		HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(tls));
		return new RecordingServer(server, "https", answers);
	}

	/** Answers every call as a healthy leading master would answer GET_HEALTH. */
	static Answer healthy(Received request) {
		return new Answer(200, Map.of("Content-Type", "application/json"),
				"{\"type\":\"GET_HEALTH\",\"get_health\":{\"healthy\":true}}");
	}

	static Function<Received, Answer> redirectingTo(String location) {
		return (request) -> new Answer(307, Map.of("Location", location), "");
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	URI url() {
		return URI.create(this.scheme + "://127.0.0.1:" + port());
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	private void handle(HttpExchange exchange, Function<Received, Answer> answers) throws IOException {
		try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
			Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
					exchange.getRequestHeaders().getFirst("Authorization"),
					new String(in.readAllBytes(), StandardCharsets.UTF_8));
			this.received.add(request);
			Answer answer = answers.apply(request);
			answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(answer.status(), (body.length == 0) ? -1 : body.length);
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	record Received(String method, String path, @Nullable String authorization, String body) {
	}

	record Answer(int status, Map<String, String> headers, String body) {
	}

}
