package io.cairn.registry.watch;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way Consul (and Go) write them: {@code 30s}, {@code 5m},
 * {@code 1m30s}, {@code 250ms}, {@code 1h}. A bare number means seconds.
 */
public final class GoDuration {

	private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

	private GoDuration() {
	}

	/**
	 * Parse a duration.
	 * @param text the text
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
				throw new IllegalArgumentException(
						"'" + text + "' is not a duration (write it like 30s, 5m, 1m30s or 250ms)");
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
			throw new IllegalArgumentException("'" + text + "' is not a duration (write it like 30s, 5m or 250ms)");
		}
		return Duration.ofNanos((long) nanos);
	}

}
