package io.cairn.status.history;

import java.time.Duration;
import java.util.Optional;

/**
 * The windows uptime and response times are reported over.
 */
public enum UptimeWindow {

	/** The last 24 hours. */
	DAY("24h", Duration.ofHours(24)),

	/** The last 7 days. */
	WEEK("7d", Duration.ofDays(7)),

	/** The last 30 days. */
	MONTH("30d", Duration.ofDays(30));

	private final String label;

	private final Duration length;

	UptimeWindow(String label, Duration length) {
		this.label = label;
		this.length = length;
	}

	/**
	 * How the API and badge URLs name the window.
	 * @return {@code 24h}, {@code 7d} or {@code 30d}
	 */
	public String label() {
		return this.label;
	}

	/**
	 * The window's length.
	 * @return the length
	 */
	public Duration length() {
		return this.length;
	}

	/**
	 * The window a URL names.
	 * @param label {@code 24h}, {@code 7d} or {@code 30d}
	 * @return the window, or empty for anything else
	 */
	public static Optional<UptimeWindow> of(String label) {
		for (UptimeWindow window : values()) {
			if (window.label.equals(label)) {
				return Optional.of(window);
			}
		}
		return Optional.empty();
	}

}
