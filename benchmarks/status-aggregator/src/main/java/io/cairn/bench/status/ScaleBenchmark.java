package io.cairn.bench.status;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;

import io.cairn.support.postgres.EmbeddedPostgresServer;

/**
 * status-aggregator at scale, with and without what issue 21 added to every poll: for
 * each size (1,000 and 10,000 checks by default), one app with the result history on and
 * a webhook alert route (1 % of the checks answer Critical, so alerts are opened and
 * sent), and one with history off and no alerts (the baseline), in the same run. Per app:
 * {@code /status} requests per second and p99 under a closed loop, the app's CPU per
 * check per second while it only polls, its heap after a full GC and RSS per check, the
 * history rows written and dropped, and the alerts received. Ends with the ratios of each
 * size against the baseline and a growth table against the smallest size.
 */
final class ScaleBenchmark {

	private static final Duration INTERVAL = Duration.ofSeconds(30);

	private static final int CONNECTIONS = 8;

	private static final Duration WARMUP = Duration.ofSeconds(5);

	private static final Duration MEASURE = Duration.ofSeconds(15);

	private static final Duration CPU_WINDOW = Duration.ofSeconds(30);

	private final List<String> report = new ArrayList<>();

	private ScaleBenchmark() {
	}

	/**
	 * Run it.
	 * @param jar the app's jar
	 * @param target the build folder
	 * @param mode {@code scale} or {@code scale=1000,10000}
	 * @throws Exception on a failure to measure
	 */
	static void main(Path jar, Path target, String mode) throws Exception {
		List<Integer> sizes = mode.contains("=") ? Arrays.stream(mode.substring(mode.indexOf('=') + 1).split(","))
			.map(String::trim)
			.map(Integer::valueOf)
			.toList() : List.of(1000, 10000);
		new ScaleBenchmark().run(jar, target, sizes);
	}

	private void run(Path jar, Path target, List<Integer> sizes) throws Exception {
		line("status-aggregator scale benchmark, " + Runtime.getRuntime().availableProcessors()
				+ " cores, load average " + loadAverage() + "; check interval " + INTERVAL.toSeconds()
				+ " s, 1 % of checks Critical; " + CONNECTIONS + " connections, " + WARMUP.toSeconds() + " s warm-up + "
				+ MEASURE.toSeconds() + " s per /status phase; CPU over " + CPU_WINDOW.toSeconds()
				+ " s of polling only");
		Map<Integer, Figures> with = new LinkedHashMap<>();
		Map<Integer, Figures> without = new LinkedHashMap<>();
		Path pgData = target.resolve("bench-scale-pg");
		StatusBenchmark.deleteTree(pgData);
		try (CheckFleet fleet = new CheckFleet();
				AlertSink alerts = new AlertSink();
				EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(pgData, 0)) {
			for (int size : sizes) {
				without.put(size, measure(jar, target, postgres, fleet, null, size));
				with.put(size, measure(jar, target, postgres, fleet, alerts, size));
			}
		}
		line("");
		line("history and alerts on / off (same run):");
		for (int size : sizes) {
			Figures on = with.get(size);
			Figures off = without.get(size);
			line(String.format(Locale.ROOT,
					"  %,d checks: /status throughput x%.2f, p99 x%.2f; CPU per check per second x%.2f; heap per check x%.2f",
					size, on.statusPerSecond / off.statusPerSecond, on.statusP99Millis / off.statusP99Millis,
					on.cpuMicrosPerCheckSecond / off.cpuMicrosPerCheckSecond, on.heapBytes / off.heapBytes));
		}
		int base = sizes.get(0);
		line("");
		line("growth against " + String.format(Locale.ROOT, "%,d", base)
				+ " checks (history and alerts on): size, size ratio, /status req/s, p99, CPU/s for all checks, heap");
		for (int size : sizes) {
			Figures f = with.get(size);
			Figures b = with.get(base);
			line(String.format(Locale.ROOT,
					"  %,7d  x%-5.1f %,9.0f req/s (x%.2f)  p99 %.2f ms (x%.2f)  CPU x%.2f  heap x%.2f", size,
					(double) size / base, f.statusPerSecond, f.statusPerSecond / b.statusPerSecond, f.statusP99Millis,
					f.statusP99Millis / b.statusP99Millis,
					(f.cpuMicrosPerCheckSecond * size) / (b.cpuMicrosPerCheckSecond * base),
					f.heapBytes / b.heapBytes));
		}
		line("load average at the end: " + loadAverage());
		Files.writeString(target.resolve("benchmark-scale-results.txt"), String.join("\n", this.report) + "\n");
	}

	private Figures measure(Path jar, Path target, EmbeddedPostgresServer postgres, CheckFleet fleet, AlertSink alerts,
			int size) throws Exception {
		boolean on = alerts != null;
		String label = String.format(Locale.ROOT, "%,d checks, history and alerts %s", size, on ? "on " : "off");
		List<String> arguments = new ArrayList<>(
				List.of("--cairn.status.limits.max-checks=" + (size + 100), "--cairn.status.history.results=" + on));
		if (on) {
			arguments.add("--cairn.status.alerts.providers.hook.type=webhook");
			arguments.add("--cairn.status.alerts.providers.hook.url=" + alerts.url());
			arguments.add("--cairn.status.alerts.providers.hook.per-minute=10000");
			arguments.add("--cairn.status.alerts.routes.defaults=hook");
		}
		int port = StatusBenchmark.freePort();
		// A database of its own per phase: the same check ids are registered in each.
		Process app = StatusBenchmark.startApp(jar, target, port, postgres, "-Xmx1g",
				"status_" + size + (on ? "_on" : "_off"), arguments);
		try {
			StatusBenchmark.awaitReady(port);
			int critical = size / 100;
			int receivedBefore = (alerts != null) ? alerts.received() : 0;
			long phaseStart = System.currentTimeMillis();
			long registering = System.nanoTime();
			register(port, fleet, size, critical);
			double registerSeconds = (System.nanoTime() - registering) / 1e9;
			awaitPolled(fleet, size, phaseStart);
			// One more interval, so that every check is in its steady rhythm.
			Thread.sleep(INTERVAL.toMillis());
			double cpu = cpuSeconds(app.pid());
			long cpuFrom = System.nanoTime();
			Thread.sleep(CPU_WINDOW.toMillis());
			double cpuMicrosPerCheckSecond = (cpuSeconds(app.pid()) - cpu) * 1e6
					/ (size * ((System.nanoTime() - cpuFrom) / 1e9));
			LoadDriver.Result status = LoadDriver.run(port, "/status", CONNECTIONS, WARMUP, MEASURE);
			run("jcmd", String.valueOf(app.pid()), "GC.run");
			double heap = heapUsed(port);
			long rss = rssBytes(app.pid());
			String prometheus = StatusBenchmark.get(port, "/actuator/prometheus");
			Figures figures = new Figures(status.perSecond(), status.p99Millis(), cpuMicrosPerCheckSecond, heap);
			line(String.format(Locale.ROOT,
					"%s: registered in %.1f s; /status %s; polling CPU %.1f µs per check per second (%.0f %% of a core);"
							+ " heap after GC %.1f MiB (%.0f B per check), RSS %.0f MiB; history written %s, dropped %s;"
							+ " alerts received %s (of %d Critical checks)",
					label, registerSeconds, status, cpuMicrosPerCheckSecond, cpuMicrosPerCheckSecond * size / 1e4,
					heap / 1048576, heap / size, rss / 1048576.0,
					meter(prometheus, "cairn_status_history_results_written_total"),
					meter(prometheus, "cairn_status_history_results_dropped_total"),
					(alerts != null) ? String.valueOf(alerts.received() - receivedBefore) : "-", critical));
			return figures;
		}
		finally {
			app.destroy();
			app.waitFor();
		}
	}

	private static void register(int port, CheckFleet fleet, int size, int critical) throws Exception {
		ExecutorService posters = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> posted = new ArrayList<>();
			AtomicInteger next = new AtomicInteger();
			for (int t = 0; t < 8; t++) {
				posted.add(posters.submit(() -> {
					for (int n = next.getAndIncrement(); n < size; n = next.getAndIncrement()) {
						String url = (n < critical) ? fleet.url("critical", n) : fleet.url("ok", n);
						StatusBenchmark.post(port, "{\"id\": \"c-" + n + "\", \"url\": \"" + url
								+ "\", \"interval\": \"" + INTERVAL.toSeconds() + "s\"}");
					}
					return null;
				}));
			}
			for (Future<?> future : posted) {
				future.get();
			}
		}
		finally {
			posters.shutdownNow();
		}
	}

	// Every check polled at least once by this phase's app.
	private static void awaitPolled(CheckFleet fleet, int size, long since) throws InterruptedException {
		long deadline = System.nanoTime() + INTERVAL.multipliedBy(4).toNanos();
		while (IntStream.range(0, size).anyMatch((n) -> fleet.polls(n).stream().noneMatch((t) -> t > since))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("not every check was polled within four intervals");
			}
			Thread.sleep(200);
		}
	}

	private static double cpuSeconds(long pid) throws IOException {
		// /proc/<pid>/stat: utime and stime are fields 14 and 15, in clock ticks (100/s).
		String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
	}

	private static long rssBytes(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		return -1;
	}

	private static double heapUsed(int port) throws IOException, InterruptedException {
		double sum = 0;
		for (String line : StatusBenchmark.get(port, "/actuator/prometheus").split("\n")) {
			if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
				sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return sum;
	}

	private static String meter(String prometheus, String name) {
		return Arrays.stream(prometheus.split("\n"))
			.filter((line) -> line.startsWith(name))
			.map((line) -> String.format(Locale.ROOT, "%,.0f",
					Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))))
			.findFirst()
			.orElse("-");
	}

	private static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getInputStream().readAllBytes();
		process.waitFor();
	}

	private void line(String text) {
		System.out.println(text);
		this.report.add(text);
	}

	private record Figures(double statusPerSecond, double statusP99Millis, double cpuMicrosPerCheckSecond,
			double heapBytes) {
	}

	/** The alert webhook: counts what it receives. */
	private static final class AlertSink implements AutoCloseable {

		private final HttpServer server;

		private final AtomicInteger received = new AtomicInteger();

		AlertSink() throws IOException {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
			this.server.createContext("/", (exchange) -> {
				exchange.getRequestBody().readAllBytes();
				this.received.incrementAndGet();
				exchange.sendResponseHeaders(204, -1);
				try (OutputStream ignored = exchange.getResponseBody()) {
					// no body
				}
			});
			this.server.start();
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/alerts";
		}

		int received() {
			return this.received.get();
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
