package io.cairn.bench.status;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.cairn.support.postgres.EmbeddedPostgresServer;

/**
 * status-aggregator under load: {@code /status} requests per second and p99 with 10
 * checks and with 1,000 checks of which 100 hang, whether every healthy check is still
 * polled on schedule meanwhile, and the same load against a Megaphone-style
 * poll-on-request server, all in one run. Prints the figures with their ratios and writes
 * them to {@code target/benchmark-results.txt}.
 */
public final class StatusBenchmark {

	private static final Duration INTERVAL = Duration.ofSeconds(5);

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private static final int CONNECTIONS = 8;

	private static final Duration WARMUP = Duration.ofSeconds(5);

	private static final Duration MEASURE = Duration.ofSeconds(15);

	private static final HttpClient client = HttpClient.newHttpClient();

	private final List<String> report = new ArrayList<>();

	private StatusBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		// The JDK's HTTP server writes headers and body separately; without TCP_NODELAY
		// every
		// fetch of the fleet would wait for a delayed ACK, which would slow the baseline.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		Path jar = Path.of(args[0]);
		Path target = Path.of(args[1]);
		String mode = (args.length > 2) ? args[2].trim() : "";
		if (mode.startsWith("scale")) {
			ScaleBenchmark.main(jar, target, mode);
			return;
		}
		new StatusBenchmark().run(jar, target);
	}

	private void run(Path jar, Path target) throws Exception {
		line("status-aggregator benchmark, " + Runtime.getRuntime().availableProcessors() + " cores, " + CONNECTIONS
				+ " keep-alive connections, closed loop, " + WARMUP.toSeconds() + " s warm-up + " + MEASURE.toSeconds()
				+ " s measured per phase; check interval " + INTERVAL.toSeconds() + " s, poll timeout "
				+ TIMEOUT.toSeconds() + " s");
		// The app's PostgreSQL runs beside it, as under ./cairn up (the app's jar carries
		// none).
		Path pgData = target.resolve("bench-pg");
		deleteTree(pgData);
		try (CheckFleet fleet = new CheckFleet();
				EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(pgData, 0)) {
			int port = freePort();
			Process app = startApp(jar, target, port, postgres);
			try {
				awaitReady(port);
				// 10 checks, 1 hanging
				register(port, fleet, 0, 9, 0, 1);
				awaitPolled(fleet, 9);
				long from10 = System.currentTimeMillis();
				LoadDriver.Result at10 = LoadDriver.run(port, "/status", CONNECTIONS, WARMUP, MEASURE);
				Schedule schedule10 = schedule(fleet, 9, from10, System.currentTimeMillis());
				line("aggregator,   10 checks (  1 hanging): " + at10);
				line("    healthy checks on schedule: " + schedule10);

				// 1,000 checks, 100 hanging
				register(port, fleet, 9, 900, 1, 100);
				awaitPolled(fleet, 900);
				// Steady state: every hanging check has timed out once (and moved to the
				// slow lane), then one more interval.
				awaitTimeouts(port, 100);
				Thread.sleep(INTERVAL.toMillis());
				long from1000 = System.currentTimeMillis();
				LoadDriver.Result at1000 = LoadDriver.run(port, "/status", CONNECTIONS, WARMUP, MEASURE);
				Schedule schedule1000 = schedule(fleet, 900, from1000, System.currentTimeMillis());
				line("aggregator, 1000 checks (100 hanging): " + at1000);
				line("    healthy checks on schedule (CPU saturated by the closed loop): " + schedule1000);
				long fromPaced = System.currentTimeMillis();
				LoadDriver.Result paced = LoadDriver.run(port, "/status", CONNECTIONS, 5000, WARMUP, MEASURE);
				Schedule schedulePaced = schedule(fleet, 900, fromPaced, System.currentTimeMillis());
				line("aggregator, 1000 checks (100 hanging), paced at 5,000 req/s: " + paced);
				line("    healthy checks on schedule (at the target load): " + schedulePaced);
				line("    app's own meters: " + meters(port));

				// The old behaviour: poll every check on every request
				try (MegaphoneStyleServer megaphone = new MegaphoneStyleServer(TIMEOUT)) {
					megaphone.setChecks(IntStream.range(0, 10).mapToObj((n) -> fleet.url("ok", n)).toList());
					LoadDriver.Result old10 = LoadDriver.run(megaphone.port(), "/status", CONNECTIONS, WARMUP, MEASURE);
					line("megaphone-style,   10 checks (0 hanging): " + old10);
					megaphone.setChecks(IntStream.range(0, 100).mapToObj((n) -> fleet.url("ok", n)).toList());
					LoadDriver.Result old100 = LoadDriver.run(megaphone.port(), "/status", CONNECTIONS,
							Duration.ofSeconds(2), Duration.ofSeconds(10));
					line("megaphone-style,  100 checks (0 hanging): " + old100);
					List<String> withHang = new ArrayList<>(
							IntStream.range(0, 9).mapToObj((n) -> fleet.url("ok", n)).toList());
					withHang.add(fleet.url("hang", 5000));
					megaphone.setChecks(withHang);
					long started = System.nanoTime();
					get(megaphone.port(), "/status");
					double oneHang = (System.nanoTime() - started) / 1e6;
					line(String.format(Locale.ROOT,
							"megaphone-style,   10 checks (1 hanging): one request took %.0f ms (the poll timeout); "
									+ "1000 checks with 100 hanging would take at least 100 x %d s per request",
							oneHang, TIMEOUT.toSeconds()));
					line("");
					line("ratios (same run):");
					line(String.format(Locale.ROOT,
							"  aggregator 1000 checks / 10 checks: throughput x%.2f, p99 %.2f ms vs %.2f ms (x%.2f)",
							at1000.perSecond() / at10.perSecond(), at1000.p99Millis(), at10.p99Millis(),
							at1000.p99Millis() / at10.p99Millis()));
					line(String.format(Locale.ROOT,
							"  aggregator 1000 checks / megaphone-style 10 checks: throughput x%.1f, p99 x%.2f",
							at1000.perSecond() / old10.perSecond(), at1000.p99Millis() / old10.p99Millis()));
					line(String.format(Locale.ROOT,
							"  aggregator 1000 checks / megaphone-style 100 checks: throughput x%.1f, p99 x%.3f",
							at1000.perSecond() / old100.perSecond(), at1000.p99Millis() / old100.p99Millis()));
					line(String.format(Locale.ROOT,
							"  aggregator p99 with 100 hanging checks / megaphone-style request with 1 hanging: x%.4f",
							at1000.p99Millis() / oneHang));
					line("");
					boolean targets = at1000.perSecond() >= 5000 && at1000.p99Millis() < 20 && schedule1000.late() == 0
							&& schedule1000.missed() == 0 && schedulePaced.late() == 0 && schedulePaced.missed() == 0;
					line("targets (>= 5,000 req/s and p99 < 20 ms at 1,000 checks with 100 hanging; every healthy "
							+ "check on schedule, CPU saturated and at 5,000 req/s): " + (targets ? "MET" : "NOT MET"));
					line(String.format(Locale.ROOT,
							"paced 5,000 req/s p99 (timed from each request's scheduled send, so stalls of the shared "
									+ "machine count in full): %.2f ms",
							paced.p99Millis()));
				}
			}
			finally {
				app.destroy();
				app.waitFor();
			}
		}
		Files.writeString(target.resolve("benchmark-results.txt"), String.join("\n", this.report) + "\n");
	}

	private void line(String text) {
		System.out.println(text);
		this.report.add(text);
	}

	private static Process startApp(Path jar, Path target, int port, EmbeddedPostgresServer postgres)
			throws IOException {
		return startApp(jar, target, port, postgres, "-Xmx512m", "status", List.of());
	}

	static Process startApp(Path jar, Path target, int port, EmbeddedPostgresServer postgres, String heap,
			String database, List<String> extraArguments) throws IOException {
		Path data = target.resolve("bench-data");
		deleteTree(data);
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap,
						// GC pauses, to tell the app's own stalls from the shared
						// machine's
						"-Xlog:gc:file=" + target.resolve("bench-app-gc.log"), "-jar", jar.toString(),
						"--server.port=" + port, "--cairn.data-dir=" + data, "--cairn.status.replica-id=bench",
						"--spring.datasource.url=" + postgres.createDatabase(database),
						"--spring.datasource.username=" + postgres.username(),
						"--spring.datasource.password=" + postgres.password(),
						"--cairn.status.poll.read-timeout=" + TIMEOUT.toSeconds() + "s",
						"--cairn.status.poll.timeout=" + TIMEOUT.toSeconds() + "s",
						// the fleet of checks listens on loopback (refused by default)
						"--cairn.status.security.allow-loopback=true", "--logging.level.root=WARN",
						"--spring.main.banner-mode=off"));
		command.addAll(extraArguments);
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(target.resolve("bench-app.log").toFile())
			.start();
	}

	static void awaitReady(int port) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (get(port, "/actuator/health/readiness").contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not up yet
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException("status-aggregator did not become ready; see target/bench-app.log");
	}

	private static void register(int port, CheckFleet fleet, int okFrom, int okCount, int hangFrom, int hangCount)
			throws IOException, InterruptedException {
		for (int n = okFrom; n < okFrom + okCount; n++) {
			post(port, "{\"id\": \"ok-" + n + "\", \"url\": \"" + fleet.url("ok", n) + "\", \"interval\": \""
					+ INTERVAL.toSeconds() + "s\"}");
		}
		for (int n = hangFrom; n < hangFrom + hangCount; n++) {
			post(port, "{\"id\": \"hang-" + n + "\", \"url\": \"" + fleet.url("hang", n) + "\", \"interval\": \""
					+ INTERVAL.toSeconds() + "s\"}");
		}
	}

	private static void awaitPolled(CheckFleet fleet, int healthy) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (IntStream.range(0, healthy).anyMatch((n) -> fleet.polls(n).isEmpty())) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("healthy checks were not all polled within 2 minutes");
			}
			Thread.sleep(100);
		}
	}

	private static void awaitTimeouts(int port, int count) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (System.nanoTime() < deadline) {
			for (String line : get(port, "/actuator/prometheus").split("\n")) {
				if (line.startsWith("cairn_status_poll_timeouts_total")
						&& Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= count) {
					return;
				}
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("the hanging checks did not all time out within 2 minutes");
	}

	/**
	 * How regularly the healthy checks were polled in a window: the largest gap between
	 * two polls of one check (the poll before the window counts), checks whose largest
	 * gap passed the interval by more than a second (late), and checks not polled at all
	 * (missed).
	 */
	private static Schedule schedule(CheckFleet fleet, int healthy, long from, long to) {
		List<Long> maxGaps = new ArrayList<>();
		int missed = 0;
		for (int n = 0; n < healthy; n++) {
			List<Long> times = new ArrayList<>(fleet.polls(n));
			times.sort(Comparator.naturalOrder());
			long previous = -1;
			long maxGap = 0;
			boolean any = false;
			for (long time : times) {
				if (time > to) {
					break;
				}
				if (time >= from) {
					any = true;
					if (previous >= 0) {
						maxGap = Math.max(maxGap, time - previous);
					}
				}
				previous = time;
			}
			// the time since the last poll counts too
			maxGap = Math.max(maxGap, to - previous);
			if (!any) {
				missed++;
			}
			maxGaps.add(maxGap);
		}
		maxGaps.sort(Comparator.naturalOrder());
		long limit = INTERVAL.toMillis() + 1000;
		int late = (int) maxGaps.stream().filter((gap) -> gap > limit).count();
		return new Schedule(healthy, maxGaps.get(maxGaps.size() - 1),
				maxGaps.get((int) Math.floor(maxGaps.size() * 0.99) - ((maxGaps.size() > 1) ? 1 : 0)), late, missed,
				(to - from) / 1000.0);
	}

	private static String meters(int port) throws IOException, InterruptedException {
		String prometheus = get(port, "/actuator/prometheus");
		return Arrays.stream(prometheus.split("\n"))
			.filter((line) -> line.startsWith("cairn_status_poll_lateness_seconds_max")
					|| line.startsWith("cairn_status_poll_lateness_seconds_count")
					|| line.startsWith("cairn_status_poll_timeouts_total") || line.startsWith("cairn_status_aggregate"))
			.map((line) -> line.replaceAll("\\{[^}]*\\}", ""))
			.collect(Collectors.joining(", "));
	}

	static String get(int port, String path) throws IOException, InterruptedException {
		return client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(60))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	static void post(int port, String body) throws IOException, InterruptedException {
		HttpResponse<String> response = client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/checks"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException("registering failed: " + response.statusCode() + " " + response.body());
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static void deleteTree(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (var files = Files.walk(path)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
	}

	record Schedule(int checks, long maxGapMillis, long p99MaxGapMillis, int late, int missed, double windowSeconds) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"%d healthy checks over %.0f s: largest gap between polls %d ms (p99 of per-check largest gaps "
							+ "%d ms) for a %d ms interval; late (> interval + 1 s): %d; not polled: %d",
					this.checks, this.windowSeconds, this.maxGapMillis, this.p99MaxGapMillis, INTERVAL.toMillis(),
					this.late, this.missed);
		}

	}

}
