package io.cairn.registry.watch;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cairn.registry.domain.RegistrationRules;

/**
 * Durations written the way Consul (and Go) write them: {@code 30s}, {@code 5m},
 * {@code 1m30s}, {@code 250ms}, {@code 1h}. A bare number means seconds.
 */
public final class GoDuration {

	/** The longest text accepted; {@code 1h59m59.999s} needs 12. */
	public static final int MAX_LENGTH = 32;

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
				throw new IllegalArgumentException("'" + RegistrationRules.printable(text)
						+ "' is not a duration (write it like 30s, 5m, 1m30s or 250ms)");
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
			throw new IllegalArgumentException(
					"'" + RegistrationRules.printable(text) + "' is not a duration (write it like 30s, 5m or 250ms)");
		}
		return Duration.ofNanos((long) nanos);
	}

}
