package io.cairn.status.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.check.CheckStatus;

/**
 * {@code check-status}: a Nagios plugin over status-aggregator. It prints one line,
 * {@code STATUS - message}, and exits 0 (OK), 1 (Warning), 2 (Critical) or 3 (Unknown,
 * also when the aggregator cannot be asked). Megaphone's {@code megaphone_check} exited 1
 * for anything but OK.
 */
@Command(name = CheckStatusCommand.NAME, mixinStandardHelpOptions = true,
		description = "Nagios-style check of a status-aggregator: exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.")
public class CheckStatusCommand implements Callable<Integer> {

	/** The command's name, the first argument to the jar. */
	public static final String NAME = "check-status";

	@Option(names = { "-u", "--url" }, defaultValue = "http://localhost:18001",
			description = "the aggregator's base URL (default: ${DEFAULT-VALUE})")
	private URI url = URI.create("http://localhost:18001");

	@Option(names = { "-c", "--check" }, description = "report one check instead of the aggregate")
	private @Nullable String check;

	@Option(names = { "-t", "--timeout" }, defaultValue = "10",
			description = "seconds to wait for an answer (default: ${DEFAULT-VALUE})")
	private int timeoutSeconds = 10;

	private final PrintWriter out;

	CheckStatusCommand(PrintWriter out) {
		this.out = out;
	}

	/**
	 * Run the command.
	 * @param args its arguments
	 * @return the exit code
	 */
	public static int run(String... args) {
		PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
		return run(out, new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
	}

	/**
	 * Run the command with given output streams.
	 * @param out where the status line goes
	 * @param err where usage errors go
	 * @param args its arguments
	 * @return the exit code
	 */
	public static int run(PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = new CommandLine(new CheckStatusCommand(out));
		commandLine.setOut(out);
		commandLine.setErr(err);
		// Usage errors are Nagios UNKNOWN, not picocli's 2 (which would read as
		// CRITICAL).
		commandLine.setExitCodeExceptionMapper((ex) -> CheckStatus.UNKNOWN.nagiosCode());
		commandLine.setParameterExceptionHandler((ex, arguments) -> {
			err.println("UNKNOWN - " + ex.getMessage());
			return CheckStatus.UNKNOWN.nagiosCode();
		});
		int code = commandLine.execute(args);
		out.flush();
		return code;
	}

	@Override
	public Integer call() {
		String base = this.url.toString().replaceAll("/+$", "");
		URI target = URI.create((this.check != null)
				? base + "/checks/" + URLEncoder.encode(this.check, StandardCharsets.UTF_8).replace("+", "%20")
				: base + "/status");
		try {
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(this.timeoutSeconds)).build();
			HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(target)
				.timeout(Duration.ofSeconds(this.timeoutSeconds))
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() == 404 && this.check != null) {
				return report(CheckStatus.UNKNOWN, "no check '" + this.check + "' at " + base);
			}
			JsonNode body = JsonMapper.builder().build().readTree(response.body());
			JsonNode status = (body != null) ? body.get("status") : null;
			JsonNode message = (body != null) ? body.get("message") : null;
			if (status == null || !status.isString()) {
				return report(CheckStatus.UNKNOWN,
						"unexpected answer from " + target + " (HTTP " + response.statusCode() + ")");
			}
			CheckStatus parsed = CheckStatus.parse(status.stringValue()).orElse(CheckStatus.UNKNOWN);
			String text = (message != null && message.isString()) ? message.stringValue() : "";
			return report(parsed, (this.check != null) ? this.check + ": " + text : text);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return report(CheckStatus.UNKNOWN, "interrupted");
		}
		catch (Exception ex) {
			return report(CheckStatus.UNKNOWN, "cannot read " + target + ": " + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? " " + ex.getMessage() : ""));
		}
	}

	private int report(CheckStatus status, String message) {
		this.out.println(status.label().toUpperCase(Locale.ROOT) + " - " + message.replace('\n', ' '));
		return status.nagiosCode();
	}

}
