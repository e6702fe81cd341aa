package io.cairn.bridge.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.marathon.MarathonSimulator;

/**
 * The packaged bridge as its own process (its own JVM, real HTTP), leading alone, with
 * periodic syncs off so that every sync but the one at start is one the benchmark asked
 * for; every host's agent is the one simulated agent.
 */
final class BridgeProcess implements AutoCloseable {

	private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

	private final Process process;

	private final int port;

	private BridgeProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Start the bridge and wait until it leads with its event stream connected.
	 * @param jar the bridge's jar
	 * @param heap its {@code -Xmx}
	 * @param jvmOptions more JVM options (a flight recording, say), may be empty
	 * @param marathon the Marathon simulator
	 * @param consul the Consul simulator
	 * @param hosts the task hosts
	 * @param log where its output goes
	 * @return the running bridge
	 */
	static BridgeProcess start(String jar, String heap, List<String> jvmOptions, MarathonSimulator marathon,
			ConsulSimulator consul, String[] hosts, Path log) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx" + heap);
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar, "--server.port=" + port,
				"--cairn.bridge.marathon.urls=" + marathon.baseUrl(), "--cairn.consul.addresses=" + consul.address(),
				"--cairn.consul.use-environment=false", "--cairn.bridge.leader.election=none",
				"--cairn.bridge.sync.interval=0s", "--cairn.bridge.consul.discover-agents=false",
				"--logging.level.root=WARN", "--logging.level.io.cairn.bridge.sync=INFO"));
		for (String host : hosts) {
			// Every host's agent is the one simulated agent: the per-host path, one
			// process.
			command.add("--cairn.bridge.consul.agents." + host + "=" + consul.address());
		}
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		BridgeProcess bridge = new BridgeProcess(process, port);
		try {
			// Five minutes: on a machine shared by several builds the bridge took over
			// two to start.
			// Every half second: GET /v1/status lists name clashes, a pass over every app
			// under the lock the sync needs, and a restarted bridge syncs while this
			// waits.
			Bench.await("the bridge leads with its stream connected", Duration.ofMinutes(5), Duration.ofMillis(500),
					() -> {
						if (!process.isAlive()) {
							throw new IllegalStateException("The bridge stopped; see " + log);
						}
						try {
							JsonNode status = bridge.status();
							return status.get("role").asString().equals("leader")
									&& status.get("marathon").get("stream").asString().equals("connected");
						}
						catch (IOException | RuntimeException ex) {
							return false;
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
							return false;
						}
					});
		}
		catch (RuntimeException | InterruptedException ex) {
			// Otherwise the bridge outlives the benchmark that gave up on it.
			process.destroyForcibly();
			throw ex;
		}
		return bridge;
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	JsonNode status() throws IOException, InterruptedException {
		return Bench.JSON.readTree(Bench.get(uri("/v1/status")).body());
	}

	/**
	 * Ask for a full sync and wait for its result.
	 * @return the sync's result
	 */
	JsonNode sync() throws Exception {
		HttpResponse<String> response = Bench.HTTP.send(HttpRequest.newBuilder(uri("/v1/sync"))
			.timeout(Duration.ofMinutes(20))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("POST /v1/sync answered " + response.statusCode() + ": " + response.body());
		}
		return Bench.JSON.readTree(response.body());
	}

	/**
	 * The CPU time the bridge's process has used so far (user and system, all threads):
	 * on a shared machine a sync's wall time is mostly its wait for a core, this is what
	 * it cost.
	 * @return seconds, or -1 where {@code /proc} does not tell
	 */
	double cpuSeconds() {
		try {
			String stat = Files.readString(Path.of("/proc/" + this.process.pid() + "/stat"));
			// After the command name (in parentheses): state is field 3, utime 14, stime
			// 15.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * The bridge's resident set size.
	 * @return kibibytes, or -1 where {@code /proc} does not tell
	 */
	long rssKib() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + this.process.pid() + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// Not Linux, or the process is gone.
		}
		return -1;
	}

	/**
	 * The bridge's heap in use right after a full collection ({@code jcmd GC.run}, then
	 * {@code GC.heap_info}): what its data holds, not what garbage happens to wait.
	 * @return kibibytes, or -1 when jcmd did not tell
	 */
	long heapAfterGcKib() throws IOException, InterruptedException {
		jcmd("GC.run");
		Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
		return used.find() ? Long.parseLong(used.group(1)) : -1;
	}

	private String jcmd(String command) throws IOException, InterruptedException {
		Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(this.process.pid()), command)
			.redirectErrorStream(true)
			.start();
		byte[] output = jcmd.getInputStream().readAllBytes();
		jcmd.waitFor(2, TimeUnit.MINUTES);
		return new String(output, StandardCharsets.UTF_8);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
	}

}
