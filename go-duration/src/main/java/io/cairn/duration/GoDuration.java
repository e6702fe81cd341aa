package io.cairn.duration;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way Consul (and Go) write them: {@code 10s}, {@code 5m},
 * {@code 1m30s}, {@code 250ms}, {@code 1.5h}. A bare number means seconds, as Consul's
 * {@code wait} parameter has long accepted it.
 */
public final class GoDuration {

	/**
	 * The longest text accepted; {@code 1h59m59.999s} needs 12. Durations come from
	 * outside (query parameters, request bodies), so their length is bounded.
	 */
	public static final int MAX_LENGTH = 32;

	private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

	private GoDuration() {
	}

	/**
	 * Parse a duration.
	 * @param text the text, for example {@code 2m30s}
	 * @return the duration
	 * @throws IllegalArgumentException when the text is not a duration or is longer than
	 * {@link #MAX_LENGTH}
	 */
	public static Duration parse(String text) {
		if (text.length() > MAX_LENGTH) {
			throw new IllegalArgumentException(
					"The duration is longer than " + MAX_LENGTH + " characters (write it like 30s, 5m or 1m30s)");
		}
		String value = text.trim();
		if (value.matches("\\d+")) {
			return Duration.ofSeconds(Long.parseLong(value));
		}
		Matcher matcher = PART.matcher(value);
		int position = 0;
		double nanos = 0;
		while (position < value.length()) {
			// Anchored at the position: one attempt per part, so parsing is linear (an
			// unanchored find would rescan the rest of the text after every failure).
			matcher.region(position, value.length());
			if (!matcher.lookingAt()) {
				throw notADuration(text);
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
			throw notADuration(text);
		}
		return Duration.ofNanos((long) nanos);
	}

	/**
	 * Format a duration for Consul: whole seconds as {@code 90s}, otherwise milliseconds
	 * ({@code 1500ms}).
	 * @param duration the duration, not negative
	 * @return the text
	 * @throws IllegalArgumentException when the duration is negative
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

	private static IllegalArgumentException notADuration(String text) {
		return new IllegalArgumentException(
				"'" + printable(text) + "' is not a duration (write it like 30s, 5m, 1m30s or 250ms)");
	}

	/**
	 * The text as it may be quoted in an error message that reaches a log line or an API
	 * answer: anything but printable ASCII and the micro sign becomes '?', so control,
	 * invisible and direction-changing characters cannot forge or hide what is shown.
	 */
	private static String printable(String text) {
		StringBuilder out = new StringBuilder(text.length());
		text.codePoints().forEach((c) -> out.appendCodePoint(((c >= 0x20 && c < 0x7f) || c == 'µ') ? c : '?'));
		return out.toString();
	}

}
