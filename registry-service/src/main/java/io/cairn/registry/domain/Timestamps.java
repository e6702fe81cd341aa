package io.cairn.registry.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The registry's notion of "now". PostgreSQL keeps microseconds (and rounds finer
 * values), while the JDK clock has nanoseconds: an instant compared in Java before it is
 * stored could disagree with the same comparison made in SQL afterwards, so every instant
 * the registry stores or compares is taken at microsecond precision.
 */
public final class Timestamps {

	private Timestamps() {
	}

	/**
	 * The current instant, truncated to microseconds.
	 * @param clock the clock
	 * @return the instant
	 */
	public static Instant now(Clock clock) {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
