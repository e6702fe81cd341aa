package io.cairn.consul.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way Consul (and Go) write them: {@code 10s}, {@code 5m},
 * {@code 2m30s}, {@code 250ms}, {@code 1h}.
 */
public final class GoDuration {

	private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

	private GoDuration() {
	}

	/**
	 * Parse a Go duration. A bare number means seconds (as Consul's {@code wait}
	 * accepts).
	 * @param text the text, for example {@code 2m30s}
	 * @return the duration
	 * @throws IllegalArgumentException when the text is not a duration
	 */
	public static Duration parse(String text) {
		String value = text.trim();
		if (value.matches("\\d+")) {
			return Duration.ofSeconds(Long.parseLong(value));
		}
		Matcher matcher = PART.matcher(value);
		int position = 0;
		double nanos = 0;
		while (position < value.length()) {
			if (!matcher.find(position) || matcher.start() != position) {
				throw new IllegalArgumentException("'" + text + "' is not a duration (write it like 10s, 5m or 2m30s)");
			}
			double amount = Double.parseDouble(matcher.group(1));
			nanos += amount * switch (matcher.group(2)) {
				case "ns" -> 1d;
				case "us", "µs" -> 1e3;
				case "ms" -> 1e6;
				case "s" -> 1e9;
				case "m" -> 60e9;
				default -> 3600e9;
			};
			position = matcher.end();
		}
		if (position == 0) {
			throw new IllegalArgumentException("'" + text + "' is not a duration (write it like 10s, 5m or 2m30s)");
		}
		return Duration.ofNanos((long) nanos);
	}

	/**
	 * Format a duration for Consul: whole seconds as {@code 90s}, otherwise milliseconds
	 * ({@code 1500ms}).
	 * @param duration the duration, not negative
	 * @return the text
	 */
	public static String format(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("A duration for Consul must not be negative: " + duration);
		}
		if (duration.toNanos() % 1_000_000_000L == 0) {
			return duration.toSeconds() + "s";
		}
		return Math.max(1, duration.toMillis()) + "ms";
	}

}
