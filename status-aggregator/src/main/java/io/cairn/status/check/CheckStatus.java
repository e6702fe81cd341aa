package io.cairn.status.check;

import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A check's status, declared in order of precedence: Megaphone's "least to most critical"
 * OK &lt; Unknown &lt; Warning &lt; Critical.
 */
public enum CheckStatus {

	/** Everything is fine. */
	OK("OK", 0),

	/** The state cannot be told (no status, an unrecognised one, a stale check). */
	UNKNOWN("Unknown", 3),

	/** Degraded. */
	WARNING("Warning", 1),

	/** Down or unreachable. */
	CRITICAL("Critical", 2);

	private final String label;

	private final int nagiosCode;

	CheckStatus(String label, int nagiosCode) {
		this.label = label;
		this.nagiosCode = nagiosCode;
	}

	/**
	 * Megaphone's spelling: {@code OK}, {@code Unknown}, {@code Warning},
	 * {@code Critical}.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * The Nagios plugin exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
	 * @return the exit code
	 */
	public int nagiosCode() {
		return this.nagiosCode;
	}

	/**
	 * Whether this status is worse than another.
	 * @param other the other status
	 * @return true when this one takes precedence
	 */
	public boolean worseThan(CheckStatus other) {
		return ordinal() > other.ordinal();
	}

	/**
	 * The worse of two statuses.
	 * @param a one status
	 * @param b the other
	 * @return the one with precedence
	 */
	public static CheckStatus worst(CheckStatus a, CheckStatus b) {
		return a.worseThan(b) ? a : b;
	}

	/**
	 * Read a status a check reported. The four labels match whatever their case
	 * ({@code ok}, {@code CRITICAL}); anything else is not recognised.
	 * @param value the reported value
	 * @return the status, or empty when the value is not one of the four
	 */
	public static Optional<CheckStatus> parse(@Nullable String value) {
		if (value == null) {
			return Optional.empty();
		}
		String trimmed = value.trim();
		for (CheckStatus status : values()) {
			if (status.label.equalsIgnoreCase(trimmed) || status.name().equals(trimmed.toUpperCase(Locale.ROOT))) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

	/**
	 * The status a Nagios plugin's exit code stands for; codes other than 0 to 3 are
	 * Unknown.
	 * @param exitCode the exit code
	 * @return the status
	 */
	public static CheckStatus fromNagiosCode(int exitCode) {
		return switch (exitCode) {
			case 0 -> OK;
			case 1 -> WARNING;
			case 2 -> CRITICAL;
			default -> UNKNOWN;
		};
	}

}
