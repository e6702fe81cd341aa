package io.cairn.status.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.check.CheckStatus;

/**
 * {@code check-status}: a plugin for Nagios, Icinga and Sensu over status-aggregator,
 * following the Monitoring Plugins guidelines. It prints one line,
 * {@code STATUS - message | performance data}, and exits 0 (OK), 1 (Warning), 2
 * (Critical) or 3 (Unknown: the aggregator cannot be asked, a usage error, or
 * {@code --help}/{@code --version}, so that a misconfigured command never reads as OK).
 * Without thresholds the exit code is the aggregate's status; {@code -w}/{@code -c}
 * ranges judge the number of checks that are not OK instead (or, for one check, its last
 * poll's latency in milliseconds). Megaphone's {@code megaphone_check} exited 1 for
 * anything but OK.
 */
@Command(name = CheckStatusCommand.NAME, mixinStandardHelpOptions = true,
		versionProvider = CheckStatusCommand.Version.class, sortOptions = false,
		description = { "Monitoring plugin (Nagios, Icinga, Sensu) over a status-aggregator.",
				"Exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also for --help, --version and usage errors).",
				"Ranges: 10 (alert outside 0..10), 10: (below 10), ~:10 (above 10), 10:20, @10:20 (inside)." },
		exitCodeOnUsageHelp = 3, exitCodeOnVersionHelp = 3, exitCodeOnInvalidInput = 3)
public class CheckStatusCommand implements Callable<Integer> {

	/** The command's name, the first argument to the jar. */
	public static final String NAME = "check-status";

	@Option(names = { "-u", "--url" }, defaultValue = "http://localhost:18001",
			description = "the aggregator's base URL (default: ${DEFAULT-VALUE})")
	private URI url = URI.create("http://localhost:18001");

	@Option(names = { "-C", "--check" }, description = "report one check instead of the aggregate")
	private @Nullable String check;

	@Option(names = { "-w", "--warning" }, converter = RangeConverter.class,
			description = "WARNING when the number of checks not OK (for --check: its latency in ms) is outside RANGE",
			paramLabel = "RANGE")
	private @Nullable NagiosRange warning;

	@Option(names = { "-c", "--critical" }, converter = RangeConverter.class,
			description = "CRITICAL when the number of checks not OK (for --check: its latency in ms) is outside RANGE",
			paramLabel = "RANGE")
	private @Nullable NagiosRange critical;

	@Option(names = { "-t", "--timeout" }, defaultValue = "10",
			description = "seconds to wait for an answer, 1 to 3600 (default: ${DEFAULT-VALUE})")
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
	 * @param out where the status line, help and version go
	 * @param err where usage errors go
	 * @param args its arguments
	 * @return the exit code
	 */
	public static int run(PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = new CommandLine(new CheckStatusCommand(out));
		commandLine.setOut(out);
		commandLine.setErr(err);
		// Any failure is Nagios UNKNOWN, never picocli's 1 or 2 (WARNING, CRITICAL).
		commandLine.setExitCodeExceptionMapper((ex) -> CheckStatus.UNKNOWN.nagiosCode());
		commandLine.setParameterExceptionHandler((ex, arguments) -> {
			out.println("UNKNOWN - " + ex.getMessage());
			err.println(ex.getCommandLine().getUsageMessage());
			return CheckStatus.UNKNOWN.nagiosCode();
		});
		int code = commandLine.execute(args);
		out.flush();
		return code;
	}

	@Override
	public Integer call() {
		if (this.timeoutSeconds < 1 || this.timeoutSeconds > 3600) {
			return report(CheckStatus.UNKNOWN, "--timeout must be between 1 and 3600 seconds", "");
		}
		String base = this.url.toString().replaceAll("/+$", "");
		URI target = URI.create((this.check != null)
				? base + "/checks/" + URLEncoder.encode(this.check, StandardCharsets.UTF_8).replace("+", "%20")
				// Only the critical checks are listed; the counts cover every check.
				: base + "/checks?status=Critical");
		try {
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(this.timeoutSeconds)).build();
			HttpResponse<byte[]> response = get(client, target);
			if (response.statusCode() == 404 && this.check != null) {
				return report(CheckStatus.UNKNOWN, "no check '" + this.check + "' at " + base, "");
			}
			if (response.statusCode() == 404) {
				// A Megaphone server has /status only: the aggregate without counts.
				target = URI.create(base + "/status");
				response = get(client, target);
			}
			JsonNode body = JsonMapper.shared().readTree(response.body());
			String status = text(body, "status");
			if (status == null) {
				return report(CheckStatus.UNKNOWN,
						"unexpected answer from " + target + " (HTTP " + response.statusCode() + ")", "");
			}
			CheckStatus parsed = CheckStatus.parse(status).orElse(CheckStatus.UNKNOWN);
			String text = text(body, "message");
			String message = (text != null) ? text : "";
			return (this.check != null) ? reportCheck(parsed, message, body) : reportAggregate(parsed, message, body);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return report(CheckStatus.UNKNOWN, "interrupted", "");
		}
		catch (Exception ex) {
			return report(CheckStatus.UNKNOWN, "cannot read " + target + ": " + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? " " + ex.getMessage() : ""), "");
		}
	}

	private HttpResponse<byte[]> get(HttpClient client, URI target) throws IOException, InterruptedException {
		return client.send(HttpRequest.newBuilder(target)
			.timeout(Duration.ofSeconds(this.timeoutSeconds))
			.header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private int reportAggregate(CheckStatus status, String message, JsonNode body) {
		JsonNode counts = body.get("counts");
		if (counts == null || !counts.isObject()) {
			if (this.warning != null || this.critical != null) {
				return report(CheckStatus.UNKNOWN, "thresholds need a status-aggregator (this server has no /checks)",
						"");
			}
			return report(status, message, "");
		}
		long ok = count(counts, CheckStatus.OK);
		long warnings = count(counts, CheckStatus.WARNING);
		long criticals = count(counts, CheckStatus.CRITICAL);
		long unknowns = count(counts, CheckStatus.UNKNOWN);
		long problems = warnings + criticals + unknowns;
		long total = body.path("total").asLong(ok + problems);
		String perfdata = "checks=" + total + ";;;0 problems=" + problems + ";" + range(this.warning) + ";"
				+ range(this.critical) + ";0 ok=" + ok + ";;;0 warning=" + warnings + ";;;0 critical=" + criticals
				+ ";;;0 unknown=" + unknowns + ";;;0";
		if (this.warning == null && this.critical == null) {
			return report(status, message, perfdata);
		}
		CheckStatus judged = judge(problems);
		return report(judged, problems + " of " + total + " checks not OK" + (message.isEmpty() ? "" : ": " + message),
				perfdata);
	}

	private int reportCheck(CheckStatus status, String message, JsonNode body) {
		JsonNode latency = body.get("latencyMillis");
		String perfdata = "";
		CheckStatus result = status;
		if (latency != null && latency.isNumber()) {
			long millis = latency.asLong();
			perfdata = "latency=" + millis + "ms;" + range(this.warning) + ";" + range(this.critical) + ";0";
			result = worse(status, judge(millis));
		}
		return report(result, this.check + ": " + message, perfdata);
	}

	private CheckStatus judge(double value) {
		if (this.critical != null && this.critical.alerts(value)) {
			return CheckStatus.CRITICAL;
		}
		if (this.warning != null && this.warning.alerts(value)) {
			return CheckStatus.WARNING;
		}
		return CheckStatus.OK;
	}

	private static CheckStatus worse(CheckStatus a, CheckStatus b) {
		return (b.nagiosCode() > a.nagiosCode() && b != CheckStatus.UNKNOWN) ? b : a;
	}

	private static long count(JsonNode counts, CheckStatus status) {
		return counts.path(status.label()).asLong(0);
	}

	private static String range(@Nullable NagiosRange range) {
		return (range != null) ? range.text() : "";
	}

	private static @Nullable String text(@Nullable JsonNode body, String field) {
		JsonNode node = (body != null) ? body.get(field) : null;
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

	private int report(CheckStatus status, String message, String perfdata) {
		// The plugin output grammar reserves '|' for performance data.
		String line = status.label().toUpperCase(Locale.ROOT) + " - "
				+ message.replace('\n', ' ').replace('\r', ' ').replace('|', '/');
		this.out.println(perfdata.isEmpty() ? line : line + " | " + perfdata);
		return status.nagiosCode();
	}

	static final class RangeConverter implements CommandLine.ITypeConverter<NagiosRange> {

		@Override
		public NagiosRange convert(String value) {
			try {
				return NagiosRange.parse(value);
			}
			catch (IllegalArgumentException ex) {
				throw new CommandLine.TypeConversionException(ex.getMessage());
			}
		}

	}

	/**
	 * The version of the status-aggregator this command ships in: the jar manifest's
	 * {@code Implementation-Version}, or Spring Boot's {@code build-info.properties}.
	 */
	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			return new String[] { NAME + " (status-aggregator) " + version() };
		}

		static String version() {
			String fromManifest = CheckStatusCommand.class.getPackage().getImplementationVersion();
			if (fromManifest != null) {
				return fromManifest;
			}
			try (InputStream buildInfo = CheckStatusCommand.class.getClassLoader()
				.getResourceAsStream("META-INF/build-info.properties")) {
				if (buildInfo != null) {
					Properties properties = new Properties();
					properties.load(buildInfo);
					return properties.getProperty("build.version", "unknown");
				}
			}
			catch (IOException ex) {
				// Fall through: the version is unknown.
			}
			return "unknown";
		}

	}

}
