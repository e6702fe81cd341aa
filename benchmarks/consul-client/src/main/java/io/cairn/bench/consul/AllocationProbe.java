package io.cairn.bench.consul;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A diagnostic, not a benchmark: per KV read, the bytes allocated (all threads of this
 * JVM), the wall time and the CPU time of the calling thread, for each library and for
 * the bare transports under them, in alternating rounds in one JVM against one simulator.
 * The bare transports show the floor each design can reach: {@code huc} (the JDK's
 * {@code HttpURLConnection}, what Cairn's client runs on), {@code jdk} (the JDK's
 * {@code java.net.http} client, what it ran on before) and {@code socket} (a minimal
 * HTTP/1.1 exchange on a kept-alive {@code java.net.Socket}: what a hand-written
 * transport could reach).
 * <p>
 * Arguments: the modes to compare (default {@code socket,huc,jdk,cairn,kiwi,ecwid}) and
 * the number of rounds (default 4; the first is warm-up and not printed).
 */
public final class AllocationProbe {

	private static final int CALLS = 5000;

	private static final String KEY = "probe/key";

	private AllocationProbe() {
	}

	/**
	 * Run the probe.
	 * @param args modes (comma-separated) and rounds
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		String[] modes = ((args.length > 0) ? args[0] : "socket,huc,jdk,cairn,kiwi,ecwid").split(",");
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 4;
		try (SimulatorProcess simulator = new SimulatorProcess()) {
			int port = simulator.port();
			List<AutoCloseable> closing = new ArrayList<>();
			Map<String, IntSupplier> operations = new LinkedHashMap<>();
			for (String mode : modes) {
				operations.put(mode, operation(mode, port, closing));
			}
			try (BenchClient setup = Clients.create("cairn", port)) {
				setup.put(KEY, "{\"replicas\":3,\"image\":\"registry.example/app:1.4.2\",\"mode\":\"blue\"}"
					.getBytes(StandardCharsets.UTF_8));
			}
			// process CPU: every thread of this JVM (a client's own threads too), less
			// disturbed by other load on the machine than the wall time
			System.out.printf("%-12s %10s %10s %16s %16s%n", "mode", "B/op", "us/op", "caller CPU us/op",
					"process CPU us/op");
			for (int round = 0; round < rounds; round++) {
				for (Map.Entry<String, IntSupplier> operation : operations.entrySet()) {
					measure(operation.getKey(), operation.getValue(), round > 0);
				}
			}
			for (AutoCloseable resource : closing) {
				resource.close();
			}
		}
	}

	private static IntSupplier operation(String mode, int port, List<AutoCloseable> closing) throws IOException {
		String path = "/v1/kv/" + KEY;
		switch (mode) {
			case "socket" -> {
				RawHttp raw = new RawHttp(port);
				closing.add(raw);
				return () -> raw.get(path);
			}
			case "huc" -> {
				URL url = URI.create("http://127.0.0.1:" + port + path).toURL();
				return () -> httpUrlConnection(url);
			}
			case "jdk" -> {
				HttpClient client = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.executor(Runnable::run)
					.proxy(HttpClient.Builder.NO_PROXY)
					.build();
				URI uri = URI.create("http://127.0.0.1:" + port + path);
				return () -> {
					try {
						return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
							.body().length;
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException(ex);
					}
				};
			}
			default -> {
				BenchClient client = Clients.create(mode, port);
				closing.add(client);
				return () -> client.get(KEY).length;
			}
		}
	}

	private static int httpUrlConnection(URL url) {
		try {
			HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
			connection.setReadTimeout(30_000);
			int status = connection.getResponseCode();
			String index = connection.getHeaderField("X-Consul-Index");
			int length = connection.getContentLength();
			try (InputStream in = connection.getInputStream()) {
				return in.readNBytes(length).length + status + index.length();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void measure(String name, IntSupplier operation, boolean print) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		com.sun.management.OperatingSystemMXBean process = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		long bytes = allocated(threads);
		long cpu = threads.getCurrentThreadCpuTime();
		long processCpu = process.getProcessCpuTime();
		long start = System.nanoTime();
		for (int i = 0; i < CALLS; i++) {
			operation.getAsInt();
		}
		long wall = System.nanoTime() - start;
		cpu = threads.getCurrentThreadCpuTime() - cpu;
		processCpu = process.getProcessCpuTime() - processCpu;
		bytes = allocated(threads) - bytes;
		if (print) {
			System.out.printf("%-12s %10d %10d %16d %16d%n", name, bytes / CALLS, wall / 1000 / CALLS,
					cpu / 1000 / CALLS, processCpu / 1000 / CALLS);
		}
	}

	private static long allocated(com.sun.management.ThreadMXBean threads) {
		long total = 0;
		for (long id : threads.getAllThreadIds()) {
			long bytes = threads.getThreadAllocatedBytes(id);
			if (bytes > 0) {
				total += bytes;
			}
		}
		return total;
	}

	/**
	 * The least an HTTP/1.1 client must do for a KV read: one request written on a
	 * kept-alive socket with Nagle off, the headers scanned for their end and the
	 * Content-Length, the body read into an array of that length. No redirects, chunks,
	 * TLS, pooling or error handling: a floor, not a client.
	 */
	private static final class RawHttp implements AutoCloseable {

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		private final byte[] buffer = new byte[8192];

		private final byte[] request;

		RawHttp(int port) throws IOException {
			this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
			this.socket.setTcpNoDelay(true);
			this.in = this.socket.getInputStream();
			this.out = this.socket.getOutputStream();
			this.request = ("GET /v1/kv/" + KEY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1);
		}

		int get(String path) {
			try {
				this.out.write(this.request);
				int filled = 0;
				int end = -1;
				while (end < 0) {
					int n = this.in.read(this.buffer, filled, this.buffer.length - filled);
					if (n < 0) {
						throw new EOFException();
					}
					filled += n;
					end = headerEnd(filled);
				}
				int length = contentLength(end);
				byte[] body = new byte[length];
				int have = Math.min(length, filled - end);
				System.arraycopy(this.buffer, end, body, 0, have);
				while (have < length) {
					int n = this.in.read(body, have, length - have);
					if (n < 0) {
						throw new EOFException();
					}
					have += n;
				}
				return body.length;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private int headerEnd(int filled) {
			for (int i = 3; i < filled; i++) {
				if (this.buffer[i] == '\n' && this.buffer[i - 2] == '\n') {
					return i + 1;
				}
			}
			return -1;
		}

		private int contentLength(int end) {
			byte[] name = "content-length:".getBytes(StandardCharsets.ISO_8859_1);
			for (int i = 0; i < end - name.length; i++) {
				if (this.buffer[i] == '\n' && matches(i + 1, name)) {
					int value = 0;
					for (int j = i + 1 + name.length; this.buffer[j] != '\r'; j++) {
						if (this.buffer[j] != ' ') {
							value = value * 10 + (this.buffer[j] - '0');
						}
					}
					return value;
				}
			}
			throw new IllegalStateException("no Content-Length");
		}

		private boolean matches(int at, byte[] name) {
			for (int k = 0; k < name.length; k++) {
				if (Character.toLowerCase(this.buffer[at + k]) != name[k]) {
					return false;
				}
			}
			return true;
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
