package io.cairn.bench.consul;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.cairn.testkit.consul.ConsulSimulator;

/**
 * The Consul simulator in a JVM of its own, so that its allocations do not count as the
 * client's ({@code -prof gc} measures the benchmark JVM) and its threads stay off the
 * measured process.
 */
final class SimulatorProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	SimulatorProcess() throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseParallelGC"));
		// Extra options for the simulator's JVM, such as a profiler agent (diagnostics
		// only).
		String extra = System.getProperty("bench.simulator.jvmArgs", "").strip();
		if (!extra.isEmpty()) {
			command.addAll(List.of(extra.split("\\s+")));
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), ConsulSimulator.class.getName()));
		this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		BufferedReader out = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
		String line = out.readLine();
		// an agent given through bench.simulator.jvmArgs may print a line or two first
		for (int skipped = 0; line != null && !line.startsWith("LISTENING ") && skipped < 5; skipped++) {
			line = out.readLine();
		}
		if (line == null || !line.startsWith("LISTENING ")) {
			this.process.destroyForcibly();
			throw new IOException("The simulator did not start: " + line);
		}
		this.port = Integer.parseInt(line.substring("LISTENING ".length()).strip());
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.process.getOutputStream().close();
		if (!this.process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
