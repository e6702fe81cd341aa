package io.cairn.bench.consul;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

import io.cairn.consul.Consul;

/**
 * A diagnostic, not a benchmark: bytes allocated per KV read (all threads of this JVM) by
 * the bare JDK HTTP client and by each library, to see where allocation goes.
 */
public final class AllocationProbe {

	private AllocationProbe() {
	}

	/**
	 * Run the probe.
	 * @param args ignored
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("jdk")) {
			try (SimulatorProcess simulator = new SimulatorProcess()) {
				HttpClient direct = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.executor(Runnable::run)
					.proxy(HttpClient.Builder.NO_PROXY)
					.build();
				URI uri = URI.create("http://127.0.0.1:" + simulator.port() + "/v1/kv/probe/key");
				for (int round = 0; round < 5; round++) {
					measure("jdk direct", () -> {
						try {
							return direct
								.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
								.body().length;
						}
						catch (Exception ex) {
							throw new IllegalStateException(ex);
						}
					});
				}
			}
			return;
		}
		if (args.length > 0) {
			try (SimulatorProcess simulator = new SimulatorProcess();
					BenchClient client = Clients.create(args[0], simulator.port())) {
				client.put("probe/key", "{\"replicas\":3}".getBytes(StandardCharsets.UTF_8));
				for (int round = 0; round < 5; round++) {
					measure(args[0], () -> client.get("probe/key").length);
				}
			}
			return;
		}
		try (SimulatorProcess simulator = new SimulatorProcess()) {
			int port = simulator.port();
			try (Consul setup = Consul.builder().address("127.0.0.1:" + port).build()) {
				setup.kv().put("probe/key", "{\"replicas\":3}");
			}
			HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			URI uri = URI.create("http://127.0.0.1:" + port + "/v1/kv/probe/key");
			measure("jdk-httpclient send", () -> {
				try {
					return jdk.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
						.body().length;
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			measure("jdk-httpclient sendAsync.get", () -> {
				try {
					return jdk.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
						.get()
						.body().length;
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			HttpClient direct = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.executor(Runnable::run)
				.build();
			measure("jdk-httpclient direct executor", () -> {
				try {
					return direct.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
						.body().length;
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			java.net.URL url = uri.toURL();
			measure("HttpURLConnection", () -> {
				try {
					java.net.HttpURLConnection connection = (java.net.HttpURLConnection) url.openConnection();
					connection.setReadTimeout(5000);
					try (java.io.InputStream in = connection.getInputStream()) {
						return in.readAllBytes().length + connection.getResponseCode();
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			for (String name : new String[] { "cairn", "kiwi", "ecwid", "cairn" }) {
				try (BenchClient client = Clients.create(name, port)) {
					measure(name, () -> client.get("probe/key").length);
				}
			}
			String uriText = "http://127.0.0.1:" + port + "/v1/kv/probe/key";
			measure("URI.create only", () -> URI.create(uriText).getPort());
			measure("string build only", () -> ("/v1/" + "kv/probe/key").getBytes(StandardCharsets.UTF_8).length);
		}
	}

	private static void measure(String name, IntSupplier operation) {
		for (int i = 0; i < 3000; i++) {
			operation.getAsInt();
		}
		int count = 3000;
		long before = allocated();
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			operation.getAsInt();
		}
		long micros = (System.nanoTime() - start) / 1000 / count;
		long bytes = (allocated() - before) / count;
		System.out.printf("%-30s %8d B/op %6d us/op%n", name, bytes, micros);
	}

	private static long allocated() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long total = 0;
		for (long id : threads.getAllThreadIds()) {
			long bytes = threads.getThreadAllocatedBytes(id);
			if (bytes > 0) {
				total += bytes;
			}
		}
		return total;
	}

}
