package io.cairn.registry.client.test;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cairn.support.test.SharedPostgres;

/**
 * A real registry-service, run from its packaged jar as its own process on a random port,
 * over a database of the test JVM's shared embedded PostgreSQL. It can be killed (as
 * {@code kill -9} would), stopped gracefully and started again on the same port and
 * database, or on a fresh database.
 * <p>
 * The jar's path comes from the system property {@code cairn.registry-service.jar}, which
 * the build sets; the reactor builds registry-service before the modules that use this.
 */
public final class RegistryServiceProcess implements Closeable {

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port[^0-9]*(\\d+)");

	private static final Duration STARTUP = Duration.ofMinutes(5);

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly)));
	}

	private final String database;

	private final List<String> properties;

	private final Path log;

	private Process process;

	private int port;

	private RegistryServiceProcess(String database, List<String> properties, int port) {
		this.database = database;
		this.properties = List.copyOf(properties);
		try {
			this.log = Files.createTempFile("registry-service-", ".log");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.port = port;
		this.process = launch();
	}

	/**
	 * Start a registry over a new, empty database.
	 * @param properties extra {@code name=value} Spring properties, such as
	 * {@code cairn.registry.ttl=3s}
	 * @return the running registry
	 */
	public static RegistryServiceProcess start(String... properties) {
		return onDatabase(SharedPostgres.newDatabase(), properties);
	}

	/**
	 * Start a registry over a given database (a second replica shares the first one's).
	 * @param database the JDBC URL
	 * @param properties extra Spring properties
	 * @return the running registry
	 */
	public static RegistryServiceProcess onDatabase(String database, String... properties) {
		return new RegistryServiceProcess(database, List.of(properties), 0);
	}

	/**
	 * The registry's base URL.
	 * @return {@code http://127.0.0.1:port}
	 */
	public URI url() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/**
	 * The port it listens on (kept across restarts).
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Its database, for a replica.
	 * @return the JDBC URL
	 */
	public String database() {
		return this.database;
	}

	/**
	 * End the process at once, as {@code kill -9} does: no graceful shutdown, no flush.
	 */
	public void kill() {
		this.process.destroyForcibly();
		await();
	}

	/**
	 * Stop the process gracefully (SIGTERM), as an operator would.
	 */
	public void stop() {
		this.process.destroy();
		await();
	}

	/**
	 * Start it again after {@link #kill()} or {@link #stop()}, on the same port.
	 * @param freshDatabase whether to give it a new, empty database (a registry that has
	 * forgotten everything)
	 * @return this registry, running again
	 */
	public RegistryServiceProcess restart(boolean freshDatabase) {
		if (this.process.isAlive()) {
			throw new IllegalStateException("The registry is still running");
		}
		if (freshDatabase) {
			return new RegistryServiceProcess(SharedPostgres.newDatabase(), this.properties, this.port);
		}
		this.process = launch();
		return this;
	}

	/**
	 * Whether the process is running.
	 * @return true while alive
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			await();
		}
	}

	private void await() {
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		running.remove(this.process);
	}

	private Process launch() {
		String jar = System.getProperty("cairn.registry-service.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("registry-service's jar is not built (" + jar + "): run the tests with "
					+ "./mvnw -pl registry-client -am verify, which packages it first");
		}
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
						"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar));
		command.add("--server.port=" + this.port);
		command.add("--server.address=127.0.0.1");
		command.add("--spring.datasource.url=" + this.database);
		command.add("--spring.datasource.username=" + SharedPostgres.user());
		command.add("--spring.output.ansi.enabled=never");
		command.add("--spring.lifecycle.timeout-per-shutdown-phase=5s");
		for (String property : this.properties) {
			command.add("--" + property);
		}
		try {
			Files.writeString(this.log, "");
			Process started = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
			running.add(started);
			this.process = started;
			awaitReady(started);
			return started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitReady(Process started) throws IOException {
		long deadline = System.nanoTime() + STARTUP.toNanos();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		while (System.nanoTime() < deadline) {
			if (!started.isAlive()) {
				throw new IllegalStateException("registry-service exited (" + started.exitValue() + "):\n" + tail());
			}
			if (this.port == 0) {
				Matcher matcher = STARTED.matcher(Files.readString(this.log, StandardCharsets.UTF_8));
				if (matcher.find()) {
					this.port = Integer.parseInt(matcher.group(1));
				}
			}
			if (this.port != 0 && answers(http)) {
				return;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while starting registry-service", ex);
			}
		}
		started.destroyForcibly();
		throw new IllegalStateException("registry-service did not start within " + STARTUP + ":\n" + tail());
	}

	private boolean answers(HttpClient http) {
		try {
			HttpResponse<String> info = http.send(
					HttpRequest.newBuilder(url().resolve("/v1/info")).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.ofString());
			return info.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private String tail() throws IOException {
		List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
	}

}
