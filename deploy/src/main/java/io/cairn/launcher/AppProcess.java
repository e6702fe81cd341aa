package io.cairn.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An app running as a child process, its output in a log file.
 */
final class AppProcess {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final PlatformApp app;

	private final Process process;

	private final Path log;

	private final String host;

	private AppProcess(PlatformApp app, Process process, Path log, String host) {
		this.app = app;
		this.process = process;
		this.log = log;
		this.host = host;
	}

	/**
	 * Start an app.
	 * @param app the app
	 * @param root the project root (its working directory)
	 * @param arguments its command-line arguments
	 * @param environment variables added to the launcher's environment
	 * @param host where the launcher reaches it
	 * @param logDirectory where its log goes
	 * @return the running app
	 * @throws IOException when it cannot be started
	 */
	static AppProcess start(PlatformApp app, Path root, List<String> arguments, Map<String, String> environment,
			String host, Path logDirectory) throws IOException {
		Files.createDirectories(logDirectory);
		Path log = logDirectory.resolve(app.name() + ".log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-jar");
		command.add(root.resolve(app.jar()).toString());
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		return new AppProcess(app, builder.start(), log, host);
	}

	/**
	 * Wait until the app reports itself ready.
	 * @return true when ready within the timeout; false when it died or timed out
	 */
	boolean awaitReady(Duration timeout) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		URI readiness = URI.create("http://" + this.host + ":" + this.app.port() + "/actuator/health/readiness");
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				return false;
			}
			try {
				HttpResponse<Void> response = http.send(
						HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return true;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		return false;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Ask the app to stop (SIGTERM: Spring Boot shuts down gracefully) and wait for it.
	 */
	void stop(Duration grace) throws InterruptedException {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	PlatformApp app() {
		return this.app;
	}

	Path log() {
		return this.log;
	}

}
