package io.cairn.consul.model.agent;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The agent's metrics of the last interval ({@code /agent/metrics}).
 *
 * @param timestamp the interval's timestamp
 * @param gauges the gauges
 * @param points the points
 * @param counters the counters
 * @param samples the samples (timings)
 */
public record AgentMetrics(@Nullable String timestamp, @Nullable List<Gauge> gauges,
		@Nullable List<Map<String, Object>> points, @Nullable List<Sampled> counters, @Nullable List<Sampled> samples) {

	/**
	 * A gauge.
	 *
	 * @param name the metric name
	 * @param value the value
	 * @param labels the labels
	 */
	public record Gauge(String name, double value, @Nullable Map<String, String> labels) {
	}

	/**
	 * A counter or a sample.
	 *
	 * @param name the metric name
	 * @param count the count
	 * @param sum the sum
	 * @param min the minimum
	 * @param max the maximum
	 * @param mean the mean
	 * @param stddev the standard deviation
	 * @param labels the labels
	 */
	public record Sampled(String name, long count, double sum, double min, double max, double mean, double stddev,
			@Nullable Map<String, String> labels) {
	}

}
