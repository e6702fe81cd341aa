package io.cairn.bench.consul;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ConsulClientBenchmark} with the GC profiler, then prints and writes (to
 * {@code target/consul-client-benchmark.txt}) each operation's throughput and allocated
 * bytes per operation, with Cairn's ratio to the best of the other two clients.
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	/**
	 * Run the benchmarks.
	 * @param args ignored; settings come from {@code bench.*} system properties
	 * @throws RunnerException when JMH fails
	 * @throws IOException when the report cannot be written
	 */
	public static void main(String[] args) throws RunnerException, IOException {
		Path output = Path.of(System.getProperty("bench.output", "target"));
		Files.createDirectories(output);
		int seconds = Integer.getInteger("bench.seconds", 2);
		Options options = new OptionsBuilder().include(ConsulClientBenchmark.class.getName() + "\\.")
			.forks(Integer.getInteger("bench.forks", 1))
			.warmupIterations(Integer.getInteger("bench.warmups", 2))
			.warmupTime(TimeValue.seconds(seconds))
			.measurementIterations(Integer.getInteger("bench.iterations", 3))
			.measurementTime(TimeValue.seconds(seconds))
			.jvmArgs("-Xmx512m", "-XX:+UseParallelGC")
			.addProfiler(GCProfiler.class)
			.resultFormat(ResultFormatType.JSON)
			.result(output.resolve("jmh-result.json").toString())
			.build();
		Collection<RunResult> results = new Runner(options).run();
		Map<String, Map<String, double[]>> table = new TreeMap<>();
		for (RunResult result : results) {
			String benchmark = result.getParams().getBenchmark();
			String operation = benchmark.substring(benchmark.lastIndexOf('.') + 1);
			String client = result.getParams().getParam("client");
			Result<?> primary = result.getPrimaryResult();
			Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
			table.computeIfAbsent(operation, (k) -> new LinkedHashMap<>())
				.put(client, new double[] { primary.getScore(), primary.getScoreError(),
						(allocation != null) ? allocation.getScore() : Double.NaN });
		}
		StringBuilder report = new StringBuilder();
		report.append("consul-client benchmark, ").append(Instant.now()).append('\n');
		report.append("JVM ")
			.append(System.getProperty("java.version"))
			.append(", ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" CPUs; forks=")
			.append(options.getForkCount().orElse(1))
			.append(", warmup=")
			.append(options.getWarmupIterations().orElse(0))
			.append("x")
			.append(seconds)
			.append("s, measurement=")
			.append(options.getMeasurementIterations().orElse(0))
			.append("x")
			.append(seconds)
			.append("s\n\n");
		report.append(String.format("%-15s %-6s %14s %10s %14s%n", "operation", "client", "ops/s", "± error", "B/op"));
		table.forEach((operation, byClient) -> {
			byClient.forEach((client, v) -> report
				.append(String.format("%-15s %-6s %14.1f %10.1f %14.0f%n", operation, client, v[0], v[1], v[2])));
			double[] cairn = byClient.get("cairn");
			double bestOther = Math.max(value(byClient, "kiwi", 0), value(byClient, "ecwid", 0));
			double leastAlloc = Math.min(value(byClient, "kiwi", 2), value(byClient, "ecwid", 2));
			if (cairn != null) {
				report.append(String.format(
						"%-15s throughput ratio cairn/best-of-others = %.2fx (target >= 1.20x); "
								+ "allocation cairn/least-of-others = %.2f (target < 1.00)%n%n",
						operation, cairn[0] / bestOther, cairn[2] / leastAlloc));
			}
		});
		System.out.println();
		System.out.println(report);
		Files.writeString(output.resolve("consul-client-benchmark.txt"), report);
	}

	private static double value(Map<String, double[]> byClient, String client, int column) {
		double[] values = byClient.get(client);
		return (values != null) ? values[column] : Double.NaN;
	}

}
