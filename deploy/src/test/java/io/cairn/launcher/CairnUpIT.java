package io.cairn.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn up} as a user runs it: the packaged launcher starts embedded PostgreSQL
 * and ZooKeeper and every app, prints the consoles, stops everything on a signal, and a
 * second start finds what the first one stored and, with {@code --with-examples}, runs
 * the examples: hello-caller reaches hello-service through the registry.
 */
class CairnUpIT {

	private static final int OFFSET = 20000;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void startsEverythingStopsCleanlyAndKeepsItsData(@TempDir Path data) throws Exception {
		int postgresPort = freePort();
		int zookeeperPort = freePort();
		Run first = start(data, postgresPort, zookeeperPort);
		try {
			for (PlatformApp app : Platform.apps()) {
				assertThat(first.output()).anySatisfy((line) -> assertThat(line).contains(app.name())
					.contains("http://localhost:" + (app.port() + OFFSET) + "/"));
				assertThat(get(app.port() + OFFSET, "/").statusCode()).isEqualTo(200);
				assertThat(get(app.port() + OFFSET, "/actuator/health/readiness").statusCode()).isEqualTo(200);
				// Components and their status, no details for anonymous readers (finding
				// L3).
				assertThat(get(app.port() + OFFSET, "/actuator/health").body()).contains("\"components\"")
					.doesNotContain("\"details\"");
			}
			// Principle 7: nothing of it listens beyond this machine unless --bind says
			// so.
			Optional<InetAddress> outside = nonLoopbackAddress();
			if (outside.isPresent()) {
				for (int port : List.of(Platform.REGISTRY.port() + OFFSET, Platform.STATUS.port() + OFFSET,
						Platform.BRIDGE.port() + OFFSET, postgresPort, zookeeperPort)) {
					assertThat(isListening(outside.get(), port)).as("port " + port + " on " + outside.get()).isFalse();
				}
			}
			int registry = Platform.REGISTRY.port() + OFFSET;
			HttpResponse<String> ping = this.http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + registry + "/api"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(
						"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"kept\",\"10.30.0.1\",80],\"id\":1}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(ping.body()).contains("\"result\":true");
			// End to end: a service on this machine registered with a status URL
			// becomes a status-aggregator check, which is polled (status-aggregator
			// refuses loopback targets unless cairn up allows them).
			HttpServer service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			service.createContext("/status", (exchange) -> {
				byte[] body = "{\"status\": \"OK\", \"message\": \"fine\"}".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			service.start();
			try {
				int port = service.getAddress().getPort();
				HttpResponse<String> registered = this.http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + registry + "/v1/instances"))
						.header("Content-Type", "application/json")
						.PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"local\",\"host\":\"127.0.0.1\",\"port\":"
								+ port + ",\"labels\":{\"status-url\":\"/status\"}}"))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
				String check = "/checks/registry-local@127.0.0.1-" + port;
				Awaitility.await()
					.atMost(Duration.ofMinutes(2))
					.pollInterval(Duration.ofSeconds(1))
					.untilAsserted(() -> assertThat(get(Platform.STATUS.port() + OFFSET, check).body())
						.contains("\"lastPolled\"")
						.contains("\"reportedStatus\":\"OK\""));
			}
			finally {
				service.stop(0);
			}
			try (CuratorFramework zookeeper = CuratorFrameworkFactory.newClient("127.0.0.1:" + zookeeperPort,
					new RetryOneTime(200))) {
				zookeeper.start();
				assertThat(zookeeper.getChildren().forPath("/services")).contains("registry-service");
			}
		}
		finally {
			first.stop();
		}
		assertThat(first.output()).as("exit %s", first.exitValue())
			.anySatisfy((line) -> assertThat(line).contains("Stopped."));
		for (PlatformApp app : Platform.apps()) {
			assertThat(isListening(app.port() + OFFSET)).as(app.name() + " stopped").isFalse();
		}
		assertThat(isListening(postgresPort)).as("PostgreSQL stopped").isFalse();
		assertThat(isListening(zookeeperPort)).as("ZooKeeper stopped").isFalse();
		for (PlatformApp app : Platform.apps()) {
			// Each app stops gracefully before PostgreSQL does: its shutdown never sees
			// the
			// server's "terminating connection due to administrator command" (57P01).
			String log = Files.readString(data.resolve("logs").resolve(app.name() + ".log"));
			assertThat(log).as(app.name() + " log").contains("Graceful shutdown complete").doesNotContain("57P01");
		}

		// The second start also runs the examples (a start of the platform of its own
		// would double this test's minutes).
		Run second = start(data, postgresPort, zookeeperPort, "--with-examples");
		try {
			HttpResponse<String> kept = get(Platform.REGISTRY.port() + OFFSET, "/v1/instances?service=kept&all=true");
			assertThat(kept.body()).contains("\"host\":\"10.30.0.1\"");
			int helloService = Platform.HELLO_SERVICE.port() + OFFSET;
			int helloCaller = Platform.HELLO_CALLER.port() + OFFSET;
			assertThat(second.output()).anySatisfy((line) -> assertThat(line).contains("hello-caller")
				.contains("http://localhost:" + helloCaller + "/call"));
			// hello-service registered itself; hello-caller reaches it by name through
			// its
			// @LoadBalanced RestClient, which knows it from the registry only.
			assertThat(get(Platform.REGISTRY.port() + OFFSET, "/v1/instances?service=hello-service").body())
				.contains("\"port\":" + helloService);
			HttpResponse<String> call = get(helloCaller, "/call");
			assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
			assertThat(call.body()).contains("\"message\":\"hello\"").contains("\"port\":\"" + helloService + "\"");
		}
		finally {
			second.stop();
		}
		for (PlatformApp example : Platform.examples()) {
			assertThat(isListening(example.port() + OFFSET)).as(example.name() + " stopped").isFalse();
			String log = Files.readString(data.resolve("logs").resolve(example.name() + ".log"));
			assertThat(log).as(example.name() + " log").contains("Graceful shutdown complete");
		}
	}

	private Run start(Path data, int postgresPort, int zookeeperPort, String... options) throws Exception {
		Path root = Path.of("..").toAbsolutePath().normalize();
		Path launcher = Path.of("target", "cairn-launcher.jar").toAbsolutePath();
		List<PlatformApp> apps = new ArrayList<>(Platform.apps());
		apps.addAll(Platform.examples());
		for (PlatformApp app : apps) {
			assertThat(root.resolve(app.jar())).as("built by the reactor before this module").exists();
		}
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", launcher.toString(),
						"up", "--root=" + root, "--data-dir=" + data, "--postgres-port=" + postgresPort,
						"--zookeeper-port=" + zookeeperPort, "--port-offset=" + OFFSET));
		command.addAll(List.of(options));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		// The examples' token follows the registry's: none here, whatever this shell has.
		builder.environment().remove("CAIRN_SECURITY_TOKEN");
		builder.environment().remove("CAIRN_REGISTRY_TOKEN");
		Process process = builder.start();
		Run run = new Run(process);
		run.awaitLine("Press Ctrl-C to stop.", Duration.ofMinutes(15));
		return run;
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static boolean isListening(int port) {
		return isListening(InetAddress.getLoopbackAddress(), port);
	}

	private static boolean isListening(InetAddress address, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address, port), 2000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
		for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (network.isUp() && !network.isLoopback()) {
				for (InetAddress address : Collections.list(network.getInetAddresses())) {
					if (address instanceof Inet4Address) {
						return Optional.of(address);
					}
				}
			}
		}
		return Optional.empty();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * A running launcher whose output is collected line by line.
	 */
	private static final class Run {

		private final Process process;

		private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

		Run(Process process) {
			this.process = process;
			Thread reader = new Thread(() -> {
				try (BufferedReader in = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line = in.readLine(); line != null; line = in.readLine()) {
						this.lines.add(line);
					}
				}
				catch (IOException ex) {
					// the process ended
				}
			});
			reader.setDaemon(true);
			reader.start();
		}

		void awaitLine(String expected, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				if (output().stream().anyMatch((line) -> line.contains(expected))) {
					return;
				}
				if (!this.process.isAlive()) {
					throw new AssertionError("cairn up exited with " + this.process.exitValue() + ": " + output());
				}
				Thread.sleep(200);
			}
			throw new AssertionError("cairn up did not print '" + expected + "': " + output());
		}

		int exitValue() {
			return this.process.exitValue();
		}

		List<String> output() {
			synchronized (this.lines) {
				return List.copyOf(this.lines);
			}
		}

		/**
		 * SIGINT, what Ctrl-C sends. (Process.destroy() would also close this side's
		 * pipes and lose what the launcher prints while it stops.)
		 */
		void stop() throws Exception {
			new ProcessBuilder("kill", "-INT", Long.toString(this.process.pid())).start().waitFor();
			if (!this.process.waitFor(90, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				throw new AssertionError("cairn up did not stop within 90 s: " + output());
			}
			Thread.sleep(500);
		}

	}

}
