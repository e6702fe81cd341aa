package io.cairn.bench.consul;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ConsulClientBenchmark} with the GC profiler, then prints and writes (to
 * {@code target/consul-client-benchmark.txt}) each operation's throughput and allocated
 * bytes per operation, with Cairn's ratio to the best of the other two clients.
 * <p>
 * On a shared machine the load drifts over minutes, which favours whichever client
 * happens to run in a quiet moment. So the run is made of rounds: in each round every
 * operation is measured for the three clients one after the other (a JMH fork each, the
 * order rotating from round to round), and the ratios are computed within each round
 * before they are summarised.
 * <p>
 * Each run is made in the placements of {@code bench.placements}: {@code one-cpu} (one
 * caller, the benchmark and the simulator pinned to one CPU with {@code taskset}) and
 * {@code four-callers} (four calling threads, every CPU). With one caller on two idle
 * CPUs of a virtual machine, each round trip costs whatever the kernel's placement of the
 * two threads does: on one CPU about 20 us, on two about 50 us (a halted virtual CPU is
 * woken by an interrupt for each hop), whichever the client; the figures of such runs
 * measured that placement more than the clients. Pinned to one CPU, a call costs the CPU
 * time of both sides and nothing else; with four callers the CPUs stay busy.
 */
public final class BenchmarkMain {

	private static final String[] OPERATIONS = System
		.getProperty("bench.operations", "kvGet,kvPut,healthService,blockingWakeup")
		.split(",");

	/**
	 * The clients; every one whose name starts with {@code cairn} gets ratios to the best
	 * of kiwi and Ecwid (a variant of Cairn's, added to {@link Clients}, runs in the same
	 * rounds).
	 */
	private static final String[] CLIENTS = System.getProperty("bench.clients", "cairn,kiwi,ecwid").split(",");

	/**
	 * JVM options of every fork, after the heap and GC ones: the same for every client,
	 * so that a setting such as
	 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=2} (which spares the
	 * JDK's {@code HttpClient.sendAsync} a thread per call on a fork that sees one or two
	 * CPUs) is compared fairly.
	 */
	private static final String[] FORK_JVM_ARGS = forkJvmArgs(System.getProperty("bench.forkJvmArgs", ""));

	private BenchmarkMain() {
	}

	/**
	 * Run the benchmarks.
	 * @param args ignored; settings come from {@code bench.*} system properties
	 * @throws RunnerException when JMH fails
	 * @throws IOException when the report cannot be written
	 */
	private static String[] forkJvmArgs(String value) {
		return value.isBlank() ? new String[0] : value.strip().split("\\s+");
	}

	private static String[] jvmArgs() {
		List<String> args = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseParallelGC"));
		args.addAll(List.of(FORK_JVM_ARGS));
		return args.toArray(new String[0]);
	}

	public static void main(String[] args) throws RunnerException, IOException {
		Path output = Path.of(System.getProperty("bench.output", "target"));
		Files.createDirectories(output);
		int rounds = Integer.getInteger("bench.rounds", 3);
		int warmups = Integer.getInteger("bench.warmups", 3);
		int iterations = Integer.getInteger("bench.iterations", 3);
		int seconds = Integer.getInteger("bench.seconds", 2);
		StringBuilder report = new StringBuilder();
		report.append("consul-client benchmark, ").append(Instant.now()).append('\n');
		report.append(String.format(
				"JVM %s, %d CPUs; %d rounds, each: one fork per operation and client, warmup=%dx%ds, "
						+ "measurement=%dx%ds; client order rotates per round%n",
				System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), rounds, warmups,
				seconds, iterations, seconds));
		if (FORK_JVM_ARGS.length > 0) {
			report.append("fork JVM options added: ").append(String.join(" ", FORK_JVM_ARGS)).append('\n');
		}
		for (String name : System.getProperty("bench.placements", "one-cpu,four-callers").split(",")) {
			Placement placement = Placement.named(name.strip());
			// The forks (and the simulators they start) inherit this process's CPUs.
			String pinning = placement.pinned() ? Affinity.set("0") : Affinity.set(Affinity.all());
			Map<String, Map<String, List<double[]>>> table = run(placement, rounds, warmups, iterations, seconds);
			report.append(String.format("%n== %s: %d calling thread(s), %s%n%n", placement.name(), placement.threads(),
					pinning));
			report.append(report(table, rounds));
		}
		Affinity.set(Affinity.all());
		System.out.println();
		System.out.println(report);
		Files.writeString(output.resolve("consul-client-benchmark.txt"), report);
	}

	private static Map<String, Map<String, List<double[]>>> run(Placement placement, int rounds, int warmups,
			int iterations, int seconds) throws RunnerException {
		// operation -> client -> one {ops/s, error, B/op} per round
		Map<String, Map<String, List<double[]>>> table = new LinkedHashMap<>();
		for (int round = 0; round < rounds; round++) {
			for (String operation : OPERATIONS) {
				for (int i = 0; i < CLIENTS.length; i++) {
					String client = CLIENTS[(i + round) % CLIENTS.length];
					Options options = new OptionsBuilder()
						.include(ConsulClientBenchmark.class.getName() + "\\." + operation + "$")
						.param("client", client)
						.forks(1)
						.threads(placement.threads())
						.warmupIterations(warmups)
						.warmupTime(TimeValue.seconds(seconds))
						.measurementIterations(iterations)
						.measurementTime(TimeValue.seconds(seconds))
						.jvmArgs(jvmArgs())
						.addProfiler(GCProfiler.class)
						.build();
					for (RunResult result : new Runner(options).run()) {
						Result<?> primary = result.getPrimaryResult();
						Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
						table.computeIfAbsent(operation, (k) -> new LinkedHashMap<>())
							.computeIfAbsent(client, (k) -> new ArrayList<>())
							.add(new double[] { primary.getScore(), primary.getScoreError(),
									(allocation != null) ? allocation.getScore() : Double.NaN });
					}
				}
			}
		}
		return table;
	}

	private static String report(Map<String, Map<String, List<double[]>>> table, int rounds) {
		StringBuilder report = new StringBuilder();
		for (String operation : OPERATIONS) {
			Map<String, List<double[]>> byClient = table.get(operation);
			if (byClient == null) {
				continue;
			}
			report.append(String.format("%-15s %-12s %-7s %12s %10s %10s%n", operation, "client", "round", "ops/s",
					"± error", "B/op"));
			for (String client : CLIENTS) {
				List<double[]> runs = byClient.getOrDefault(client, List.of());
				for (int round = 0; round < runs.size(); round++) {
					double[] v = runs.get(round);
					report.append(String.format("%-15s %-12s %-7d %12.1f %10.1f %10.0f%n", "", client, round + 1, v[0],
							v[1], v[2]));
				}
			}
			for (String cairn : CLIENTS) {
				if (cairn.startsWith("cairn")) {
					report.append(ratios(operation, cairn, byClient, rounds));
				}
			}
			report.append('\n');
		}
		return report.toString();
	}

	private static String ratios(String operation, String cairn, Map<String, List<double[]>> byClient, int rounds) {
		List<Double> throughput = new ArrayList<>();
		List<Double> allocation = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			double[] ours = at(byClient, cairn, round);
			double[] kiwi = at(byClient, "kiwi", round);
			double[] ecwid = at(byClient, "ecwid", round);
			if (ours != null && kiwi != null && ecwid != null) {
				throughput.add(ours[0] / Math.max(kiwi[0], ecwid[0]));
				allocation.add(ours[2] / Math.min(kiwi[2], ecwid[2]));
			}
		}
		if (throughput.isEmpty()) {
			return "";
		}
		return String.format(
				"%-15s throughput %s/best-of-others per round %s: median %.2fx, geometric mean %.2fx "
						+ "(target >= 1.00x)%n",
				operation, cairn, ratios(throughput), median(throughput), geometricMean(throughput))
				+ String.format(
						"%-15s bytes/op %s/least-of-others per round %s: median %.2f, geometric mean %.2f "
								+ "(target < 1.00)%n",
						operation, cairn, ratios(allocation), median(allocation), geometricMean(allocation));
	}

	private static String ratios(List<Double> values) {
		return values.stream().map((v) -> String.format("%.2f", v)).toList().toString();
	}

	/**
	 * The median: one round disturbed by a burst of load on the machine does not move it.
	 */
	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static double geometricMean(List<Double> values) {
		double logs = 0;
		for (double value : values) {
			logs += Math.log(value);
		}
		return Math.exp(logs / values.size());
	}

	private static double[] at(Map<String, List<double[]>> byClient, String client, int round) {
		List<double[]> runs = byClient.get(client);
		return (runs != null && runs.size() > round) ? runs.get(round) : null;
	}

}
