package io.cairn.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The Consul agent as one bridge replica sees it: an HTTP reverse proxy (the JDK's server
 * and client) in front of the Consul simulator, one per replica, so that every request
 * that reaches Consul through it is known to come from that replica. Every write
 * (anything but GET) is recorded with the replica's name and the instant it arrived,
 * before it is passed on, so that it can be compared with who led at that instant. When
 * the simulator does not answer (restarting), the replica's connection is closed, as the
 * agent's own would be.
 */
final class RecordingConsulProxy implements AutoCloseable {

	private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
			"transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "date");

	private final String replica;

	private final URI upstream;

	private final HttpServer server;

	private final ExecutorService workers = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "consul-proxy");
		thread.setDaemon(true);
		return thread;
	});

	private final List<Write> writes;

	RecordingConsulProxy(String replica, String bindHost, URI upstream, List<Write> writes) {
		this.replica = replica;
		this.upstream = upstream;
		this.writes = writes;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindHost), 0), 256);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(this.workers);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** {@code host:port} for {@code cairn.consul.addresses}. */
	String address() {
		return this.server.getAddress().getHostString() + ":" + this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		byte[] body = exchange.getRequestBody().readAllBytes();
		URI uri = this.upstream
			.resolve(exchange.getRequestURI().getRawPath() + ((exchange.getRequestURI().getRawQuery() != null)
					? "?" + exchange.getRequestURI().getRawQuery() : ""));
		Write write = null;
		if (!method.equals("GET") && !method.equals("HEAD")) {
			write = new Write(this.replica, System.nanoTime(), method, exchange.getRequestURI().getPath(),
					serviceId(exchange.getRequestURI().getPath(), body));
			this.writes.add(write);
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofMinutes(11))
			.method(method, (body.length == 0) ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofByteArray(body));
		for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
			if (!HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
				header.getValue().forEach((value) -> request.header(header.getKey(), value));
			}
		}
		HttpResponse<byte[]> response;
		try {
			response = Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			if (write != null) {
				write.status = -1;
			}
			exchange.close();
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			exchange.close();
			return;
		}
		if (write != null) {
			write.status = response.statusCode();
		}
		response.headers().map().forEach((name, values) -> {
			if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
				exchange.getResponseHeaders().put(name, values);
			}
		});
		byte[] answer = response.body();
		exchange.sendResponseHeaders(response.statusCode(), (answer.length == 0) ? -1 : answer.length);
		if (answer.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		}
		exchange.close();
	}

	private static @Nullable String serviceId(String path, byte[] body) {
		if (path.startsWith("/v1/agent/service/deregister/")) {
			return path.substring("/v1/agent/service/deregister/".length());
		}
		if (path.equals("/v1/agent/service/register") && body.length > 0) {
			try {
				JsonNode registration = Http.JSON.readTree(body);
				JsonNode id = registration.has("ID") ? registration.get("ID") : registration.get("Name");
				return (id != null) ? id.asString() : null;
			}
			catch (RuntimeException ex) {
				return null;
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.workers.shutdownNow();
	}

	/** One write that reached Consul, with who sent it and when (nanoTime). */
	static final class Write {

		final String replica;

		final long at;

		final String method;

		final String path;

		final @Nullable String serviceId;

		volatile int status;

		Write(String replica, long at, String method, String path, @Nullable String serviceId) {
			this.replica = replica;
			this.at = at;
			this.method = method;
			this.path = path;
			this.serviceId = serviceId;
		}

		boolean isRegistration() {
			return this.path.equals("/v1/agent/service/register");
		}

		boolean isDeregistration() {
			return this.path.startsWith("/v1/agent/service/deregister/");
		}

		@Override
		public String toString() {
			return this.replica + " " + this.method + " " + this.path + " -> " + this.status;
		}

	}

	static List<Write> newLog() {
		return Collections.synchronizedList(new ArrayList<>());
	}

}
