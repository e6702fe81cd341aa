package io.cairn.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * One replica of an app: the packaged jar in its own JVM (optionally inside a network
 * namespace), killed with SIGKILL or stopped with SIGTERM as an operator or the kernel
 * would, and started again with the same arguments. Its output goes to
 * {@code target/faults/<name>.log}, appended across restarts.
 */
final class AppProcess implements AutoCloseable {

	private final String name;

	private final List<String> command;

	private final URI baseUri;

	private final String readyPath;

	private final Path log;

	private @Nullable Process process;

	AppProcess(String name, @Nullable String namespace, Path jar, String host, int port, String readyPath,
			List<String> arguments) {
		this.name = name;
		this.baseUri = URI.create("http://" + host + ":" + port);
		this.readyPath = readyPath;
		this.log = Jvm.workDirectory("logs").resolve(name + ".log");
		List<String> command = new ArrayList<>();
		if (namespace != null) {
			command.addAll(List.of("ip", "netns", "exec", namespace));
		}
		// Small heaps and the serial collector: six JVMs share two cores.
		command.addAll(List.of(Jvm.java(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
				jar.toString(), "--server.port=" + port));
		command.addAll(arguments);
		this.command = List.copyOf(command);
	}

	String name() {
		return this.name;
	}

	URI uri(String path) {
		return this.baseUri.resolve(path);
	}

	synchronized AppProcess start() {
		try {
			this.process = new ProcessBuilder(this.command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.name, ex);
		}
	}

	/** Wait until the ready path answers 200, or fail at once if the JVM exits. */
	Duration awaitReady(Duration timeout) {
		long start = System.nanoTime();
		Deadline.await(this.name + " ready at " + uri(this.readyPath), timeout, () -> {
			Process current = this.process;
			if (current == null || !current.isAlive()) {
				throw new IllegalStateException(this.name + " exited; see " + this.log);
			}
			try {
				return Http.CLIENT
					.send(HttpRequest.newBuilder(uri(this.readyPath)).timeout(Duration.ofSeconds(2)).build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		});
		return Duration.ofNanos(System.nanoTime() - start);
	}

	boolean isAlive() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	/**
	 * The JVM's threads as {@code jcmd <pid> Thread.print} shows them, written next to
	 * its log: what the request threads wait for during a fault.
	 */
	void threadDump(String label) {
		Process current = this.process;
		if (current == null || !current.isAlive()) {
			return;
		}
		Path target = this.log.resolveSibling(this.name + "-" + label + "-threads.txt");
		try {
			Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					Long.toString(current.pid()), "Thread.print")
				.redirectErrorStream(true)
				.redirectOutput(target.toFile())
				.start();
			jcmd.waitFor(60, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			// A report without it.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** SIGKILL: no shutdown hook runs, nothing is flushed. */
	void kill() {
		Process current = this.process;
		if (current != null) {
			current.destroyForcibly();
			waitFor(current, Duration.ofSeconds(30));
		}
	}

	/** SIGTERM: the graceful shutdown an orchestrator asks for. */
	void stop() {
		Process current = this.process;
		if (current != null) {
			current.destroy();
			if (!waitFor(current, Duration.ofSeconds(60))) {
				current.destroyForcibly();
				waitFor(current, Duration.ofSeconds(30));
			}
		}
	}

	private static boolean waitFor(Process process, Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public void close() {
		if (isAlive()) {
			stop();
		}
	}

	@Override
	public String toString() {
		return this.name;
	}

}
