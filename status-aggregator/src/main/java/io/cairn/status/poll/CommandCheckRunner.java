package io.cairn.status.poll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;

/**
 * Runs a local command check, Nagios plugin style: exit 0, 1, 2, 3 are OK, Warning,
 * Critical, Unknown (any other code is Unknown); the first line of output, without its
 * performance data after {@code |}, is the message. The command runs without a shell, its
 * output is capped, and it is killed (with its children) at its timeout.
 */
public class CommandCheckRunner {

	/** Output kept from a command, as Consul keeps 4 KB of script output. */
	static final int MAX_OUTPUT = 4096;

	private final Clock clock;

	/**
	 * Create the runner.
	 * @param clock stamps results
	 */
	public CommandCheckRunner(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Run a command once.
	 * @param command the program and its arguments
	 * @param timeout how long it may run
	 * @return its result
	 */
	public PollResult run(List<String> command, Duration timeout) {
		long started = System.nanoTime();
		Path output = null;
		try {
			output = Files.createTempFile("cairn-status-check", ".out");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
				.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				return result(CheckStatus.CRITICAL, "Command timed out after " + timeout.toSeconds() + "s", started,
						true);
			}
			CheckStatus status = CheckStatus.fromNagiosCode(process.exitValue());
			String message = firstLine(output);
			if (message.isEmpty()) {
				message = "Exit code " + process.exitValue() + " [no output]";
			}
			return result(status, message, started, false);
		}
		catch (IOException ex) {
			return result(CheckStatus.CRITICAL, "Command could not run: " + ex.getMessage(), started, false);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return result(CheckStatus.UNKNOWN, "Interrupted", started, false);
		}
		finally {
			if (output != null) {
				try {
					Files.deleteIfExists(output);
				}
				catch (IOException ex) {
					// a temp file left behind is harmless
				}
			}
		}
	}

	private static String firstLine(Path output) throws IOException {
		byte[] bytes;
		try (var in = Files.newInputStream(output)) {
			bytes = in.readNBytes(MAX_OUTPUT);
		}
		String text = new String(bytes, StandardCharsets.UTF_8);
		int newline = text.indexOf('\n');
		String line = (newline >= 0) ? text.substring(0, newline) : text;
		int perfData = line.indexOf('|');
		if (perfData >= 0) {
			line = line.substring(0, perfData);
		}
		return line.strip();
	}

	private PollResult result(CheckStatus status, String message, long started, boolean timedOut) {
		return new PollResult(status, status.label(), message, null, this.clock.instant(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), timedOut);
	}

}
