package io.cairn.bridge.benchmark;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.cairn.bridge.benchmark.EventDriver.Result;
import io.cairn.testkit.consul.ConsulSimulator;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.MarathonVersion;

/**
 * How the bridge's costs grow with the number of tasks: for each size ({@code sizes},
 * {@code <apps>x<tasks per app>}, by default a tenth of, the same as and ten times 1,000
 * apps of 10 tasks), fresh simulators and a fresh bridge process, then
 * <ol>
 * <li>a <b>cold full sync</b>: Marathon full, Consul empty, the bridge's JVM just
 * started;</li>
 * <li>a <b>sync with nothing to change</b>;</li>
 * <li>a <b>warm full sync</b>: the bridge restarted while Consul is already right (the
 * restarted bridge's first sync, and the time from its start to that sync's end);</li>
 * <li><b>event-to-registration</b> and event-to-deregistration latency at {@code rate}
 * events per second, tasks of all the apps killed and replaced;</li>
 * <li>the bridge's <b>memory</b> after the cold sync and after the events: resident set
 * and heap in use right after a full collection.</li>
 * </ol>
 * One line per figure, with the load average of the moment, then a growth table with each
 * figure's ratio against the baseline size (10,000 tasks where measured).
 */
final class ScaleBenchmark {

	private final Map<String, String> options;

	private final StringBuilder report = new StringBuilder();

	ScaleBenchmark(Map<String, String> options) {
		this.options = options;
	}

	private void line(String text) {
		System.out.println(text);
		this.report.append(text).append('\n');
	}

	private static String load() {
		return "(load " + Bench.loadAverage().split(" ")[0] + ")";
	}

	void run() throws Exception {
		int hosts = Integer.parseInt(this.options.get("hosts"));
		String[] hostNames = new String[hosts];
		for (int i = 0; i < hosts; i++) {
			hostNames[i] = "agent-" + i;
		}
		List<int[]> sizes = new ArrayList<>();
		for (String size : this.options.get("sizes").split(",")) {
			String[] parts = size.trim().split("x");
			sizes.add(new int[] { Integer.parseInt(parts[0]), Integer.parseInt(parts[1]) });
		}
		line("marathon-consul-bridge scale benchmark, " + Instant.now());
		line("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
				+ System.getProperty("java.version") + "; bridge (-Xmx" + this.options.get("scale-heap")
				+ ") and simulators share the machine; load average " + Bench.loadAverage());
		line("");
		List<Row> rows = new ArrayList<>();
		for (int[] size : sizes) {
			rows.add(measure(hostNames, size[0], size[1]));
		}
		growth(rows);
		line("load average at the end: " + Bench.loadAverage());
		Path report = Path.of(this.options.get("report")).resolveSibling("marathon-consul-bridge-scale.txt");
		Files.createDirectories(report.getParent());
		Files.writeString(report, this.report);
		System.out.println("\nWritten to " + report);
	}

	private Row measure(String[] hostNames, int apps, int tasksPerApp) throws Exception {
		int tasks = apps * tasksPerApp;
		String size = String.format(Locale.ROOT, "%,d tasks", tasks);
		line(String.format(Locale.ROOT, "== %,d tasks in %,d apps on %d hosts, 2 labels each", tasks, apps,
				hostNames.length));
		Path target = Path.of(this.options.get("report")).getParent();
		Path log = target.resolve("bridge-scale-" + tasks + ".log");
		Files.deleteIfExists(log);
		List<String> jvmOptions = new ArrayList<>();
		String profile = this.options.getOrDefault("profile", "");
		if (Boolean.parseBoolean(profile)) {
			jvmOptions.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
					+ target.resolve("bridge-scale-" + tasks + ".jfr"));
		}
		String jar = this.options.get("bridge-jar");
		String heap = this.options.get("scale-heap");
		try (MarathonSimulator marathon = MarathonSimulator.builder()
			.version(MarathonVersion.V1_8)
			.hosts(hostNames)
			.start(); ConsulSimulator consul = ConsulSimulator.builder().recordRequests(false).start()) {
			Row row;
			try (BridgeProcess bridge = BridgeProcess.start(jar, heap, jvmOptions, marathon, consul, hostNames, log)) {
				long start = System.nanoTime();
				List<String> appIds = new ArrayList<>();
				marathon.faults().loseEvents(true);
				for (int i = 0; i < apps; i++) {
					String id = "/scale/app-" + i;
					appIds.add(id);
					marathon.createApp(
							"{\"id\":\"" + id + "\",\"instances\":" + tasksPerApp + ",\"labels\":{\"domain\":\"app-" + i
									+ ".example.org\",\"owner\":\"team-" + (i % 17) + "\"}}");
				}
				marathon.faults().loseEvents(false);
				line(String.format(Locale.ROOT, "%-14s Marathon simulator filled in %.2f s %s", size,
						Bench.seconds(start), load()));

				start = System.nanoTime();
				double cpu = bridge.cpuSeconds();
				JsonNode cold = bridge.sync();
				double coldSeconds = Bench.seconds(start);
				double coldCpu = bridge.cpuSeconds() - cpu;
				check(consul, tasks, apps * 2);
				line(String.format(Locale.ROOT,
						"%-14s cold full sync (empty Consul, bridge just started): %8.2f s, bridge CPU %.2f s (%s registered, "
								+ "%s KV changes, %s) %s",
						size, coldSeconds, coldCpu, cold.get("registered"), cold.get("kvChanges"),
						cold.get("outcome").asString(), load()));
				long coldRss = bridge.rssKib();
				long coldHeap = bridge.heapAfterGcKib();
				line(String.format(Locale.ROOT, "%-14s bridge memory after it: RSS %,d MiB, heap after GC %,d MiB %s",
						size, coldRss / 1024, coldHeap / 1024, load()));

				start = System.nanoTime();
				cpu = bridge.cpuSeconds();
				JsonNode idle = bridge.sync();
				double idleSeconds = Bench.seconds(start);
				double idleCpu = bridge.cpuSeconds() - cpu;
				line(String.format(Locale.ROOT,
						"%-14s sync with nothing to change:                  %8.2f s, bridge CPU %.2f s (%s registered, %s KV "
								+ "changes) %s",
						size, idleSeconds, idleCpu, idle.get("registered"), idle.get("kvChanges"), load()));

				bridge.close();
				start = System.nanoTime();
				try (BridgeProcess restarted = BridgeProcess.start(jar, heap, jvmOptions, marathon, consul, hostNames,
						log)) {
					JsonNode first = awaitFirstSync(restarted);
					double startToSynced = Bench.seconds(start);
					double warmSeconds = Duration.parse(first.get("duration").asString()).toNanos() / 1e9;
					double startCpu = restarted.cpuSeconds();
					check(consul, tasks, apps * 2);
					line(String.format(Locale.ROOT,
							"%-14s warm full sync (bridge restarted, Consul right): %8.2f s (its first sync, %s "
									+ "registered, %s; %.2f s and %.2f s of bridge CPU from its start) %s",
							size, warmSeconds, first.get("registered"), first.get("outcome").asString(), startToSynced,
							startCpu, load()));

					int rate = Integer.parseInt(this.options.get("scale-rate"));
					int seconds = Integer.parseInt(this.options.get("seconds"));
					EventDriver driver = new EventDriver(marathon, consul, appIds, Duration.ofSeconds(120));
					Result warmup = driver.drive(rate, Math.max(3, seconds / 3));
					cpu = restarted.cpuSeconds();
					Result loaded = driver.drive(rate, seconds);
					double eventsCpu = restarted.cpuSeconds() - cpu;
					line(String.format(Locale.ROOT, "%-14s %s; bridge CPU %.2f s %s", size,
							loaded.describe("events at " + rate + "/s").trim(), eventsCpu, load()));
					if (!warmup.complete()) {
						line(String.format(Locale.ROOT, "%-14s (warm-up: %s)", size, warmup.describe("").trim()));
					}
					long rss = restarted.rssKib();
					long heapAfter = restarted.heapAfterGcKib();
					line(String.format(Locale.ROOT,
							"%-14s bridge memory after the events: RSS %,d MiB, heap after GC %,d MiB (%,d bytes a task) %s",
							size, rss / 1024, heapAfter / 1024, heapAfter * 1024 / tasks, load()));
					row = new Row(tasks, apps, coldSeconds, warmSeconds, idleSeconds,
							Bench.ms(loaded.registration(), 50), Bench.ms(loaded.registration(), 99),
							Bench.ms(loaded.deregistration(), 99), loaded.complete(), Math.max(coldRss, rss) / 1024,
							Math.max(coldHeap, heapAfter) / 1024, coldCpu, idleCpu, eventsCpu);
				}
			}
			line("");
			return row;
		}
	}

	/**
	 * The restarted bridge's first sync, once it ended (the start's syncs: election and
	 * stream connection, which may join into one).
	 */
	private static JsonNode awaitFirstSync(BridgeProcess bridge) throws Exception {
		JsonNode[] last = new JsonNode[1];
		// Every half second, not 20 ms: each GET /v1/status passes over every app under
		// the lock the sync needs (at 10,000 apps, polling every 20 ms took 45% of the
		// bridge's CPU and held its sync up).
		Bench.await("the restarted bridge's first sync", Duration.ofMinutes(20), Duration.ofMillis(500), () -> {
			try {
				JsonNode sync = bridge.status().get("sync");
				if (!sync.get("running").asBoolean() && sync.hasNonNull("last")) {
					last[0] = sync.get("last");
					return true;
				}
				return false;
			}
			catch (Exception ex) {
				return false;
			}
		});
		return last[0];
	}

	private static void check(ConsulSimulator consul, int services, int keys) throws Exception {
		JsonNode registered = Bench.JSON
			.readTree(Bench.get(URI.create(consul.baseUrl() + "/v1/agent/services")).body());
		JsonNode kv = Bench.JSON.readTree(Bench.get(URI.create(consul.baseUrl() + "/v1/kv/consular/?keys")).body());
		if (registered.size() != services || kv.size() != keys) {
			throw new IllegalStateException("Consul holds " + registered.size() + " services and " + kv.size()
					+ " keys, not " + services + " and " + keys);
		}
	}

	private void growth(List<Row> rows) {
		Row base = rows.stream().filter((row) -> row.tasks() == 10_000).findFirst().orElse(rows.get(0));
		line(String.format(Locale.ROOT, "== Growth: each figure, and its ratio against the %,d-task size",
				base.tasks()));
		line(String.format(Locale.ROOT, "%9s %7s %9s %9s %9s %11s %11s %13s %9s %9s %9s %9s %9s", "tasks", "apps",
				"cold s", "warm s", "idle s", "reg p50 ms", "reg p99 ms", "dereg p99 ms", "RSS MiB", "heap MiB",
				"cold CPU", "idle CPU", "event CPU"));
		for (Row row : rows) {
			line(String.format(Locale.ROOT,
					"%,9d %,7d %9.2f %9.2f %9.2f %11.1f %11.1f %13.1f %,9d %,9d %9.2f %9.2f %9.2f%s", row.tasks(),
					row.apps(), row.cold(), row.warm(), row.idle(), row.p50(), row.p99(), row.deregP99(), row.rssMib(),
					row.heapMib(), row.coldCpu(), row.idleCpu(), row.eventsCpu(),
					row.complete() ? "" : "  (events NOT all applied in time)"));
		}
		for (Row row : rows) {
			if (row == base) {
				continue;
			}
			line(String.format(Locale.ROOT,
					"%,9d tasks (%.1fx the size): cold %.2fx, warm %.2fx, idle %.2fx, reg p50 %.2fx, reg p99 %.2fx, "
							+ "dereg p99 %.2fx, RSS %.2fx, heap %.2fx; bridge CPU: cold %.2fx, idle %.2fx, events %.2fx",
					row.tasks(), (double) row.tasks() / base.tasks(), row.cold() / base.cold(),
					row.warm() / base.warm(), row.idle() / base.idle(), row.p50() / base.p50(), row.p99() / base.p99(),
					row.deregP99() / base.deregP99(), (double) row.rssMib() / base.rssMib(),
					(double) row.heapMib() / base.heapMib(), row.coldCpu() / base.coldCpu(),
					row.idleCpu() / base.idleCpu(), row.eventsCpu() / base.eventsCpu()));
		}
		line("");
	}

	private record Row(int tasks, int apps, double cold, double warm, double idle, double p50, double p99,
			double deregP99, boolean complete, long rssMib, long heapMib, double coldCpu, double idleCpu,
			double eventsCpu) {
	}

}
