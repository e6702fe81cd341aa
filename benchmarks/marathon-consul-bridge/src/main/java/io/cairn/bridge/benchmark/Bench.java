package io.cairn.bridge.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the benchmark's runs share: one JSON mapper, one HTTP client, waiting for a
 * condition, the load average and a latency histogram's summary.
 */
final class Bench {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private Bench() {
	}

	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
		await(what, timeout, Duration.ofMillis(20), condition);
	}

	static void await(String what, Duration timeout, Duration every, BooleanSupplier condition)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Not met within " + timeout + ": " + what);
			}
			Thread.sleep(every.toMillis());
		}
	}

	static String describe(Histogram histogram) {
		return String.format(Locale.ROOT, "p50 %6.1f ms, p90 %6.1f, p99 %6.1f, max %6.1f (%d samples)",
				histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(90) / 1000.0,
				histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0,
				histogram.getTotalCount());
	}

	static double ms(Histogram histogram, double percentile) {
		return histogram.getValueAtPercentile(percentile) / 1000.0;
	}

}
