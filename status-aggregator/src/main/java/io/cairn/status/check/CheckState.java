package io.cairn.status.check;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A check's latest known state.
 *
 * @param status the reported status, after thresholds
 * @param label the status as the check spelt it when it is not one of the four (shown in
 * {@code /status} messages, as Megaphone did), else the status's label
 * @param message the reported message
 * @param document the last JSON document the check returned (size-capped), or null
 * @param polledAt when the last poll finished, or null before the first
 * @param latencyMillis how long the last poll took
 * @param changedAt when the reported status last changed
 * @param lastResult the status of the last poll, which thresholds may not have accepted
 * yet
 * @param streak how many consecutive polls disagreed with the reported status
 */
public record CheckState(CheckStatus status, String label, String message, @Nullable String document,
		@Nullable Instant polledAt, @Nullable Long latencyMillis, @Nullable Instant changedAt,
		@Nullable CheckStatus lastResult, int streak) {

	/** The message of a check that has not been polled yet. */
	public static final String PENDING_MESSAGE = "Not polled yet";

	/**
	 * The state of a check that has just been added.
	 * @param now when it was added
	 * @return an Unknown, pending state
	 */
	public static CheckState pending(Instant now) {
		return new CheckState(CheckStatus.UNKNOWN, CheckStatus.UNKNOWN.label(), PENDING_MESSAGE, null, null, null, now,
				null, 0);
	}

}
