package io.cairn.bench.consul;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
		this.process = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+UseParallelGC", "-cp",
				System.getProperty("java.class.path"), ConsulSimulator.class.getName()))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		BufferedReader out = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
		String line = out.readLine();
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
