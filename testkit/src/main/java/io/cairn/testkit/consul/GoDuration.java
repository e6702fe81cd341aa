package io.cairn.testkit.consul;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's durations ({@code 10s}, {@code 2m30s}, {@code 250ms}) as the simulated agent reads
 * them, with Go's error text. A bare number is taken as seconds, as clients of old agents
 * send it. The simulator's only parser; it cannot be consul-client's
 * {@code io.cairn.consul.model.GoDuration}, because consul-client's tests depend on this
 * module (a Maven cycle).
 */
final class GoDuration {

	private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

	private GoDuration() {
	}

	static Duration parse(String text) {
		String value = text.strip();
		if (value.matches("\\d+")) {
			return Duration.ofSeconds(Long.parseLong(value));
		}
		Matcher matcher = PART.matcher(value);
		int position = 0;
		double nanos = 0;
		while (position < value.length()) {
			if (!matcher.find(position) || matcher.start() != position) {
				throw invalid(text);
			}
			nanos += Double.parseDouble(matcher.group(1)) * switch (matcher.group(2)) {
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
			throw invalid(text);
		}
		return Duration.ofNanos((long) nanos);
	}

	private static IllegalArgumentException invalid(String text) {
		return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
	}

}
