package io.cairn.status.check;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What one poll of a check found.
 *
 * @param status the status
 * @param label the status as the check spelt it (for unrecognised values), else the
 * status's label
 * @param message the message
 * @param document the JSON document, re-serialised and size-capped, or null
 * @param finishedAt when the poll finished
 * @param latencyMillis how long it took
 * @param timedOut whether it ran into a timeout (such checks are polled in the slow lane
 * next time)
 */
public record PollResult(CheckStatus status, String label, String message, @Nullable String document,
		Instant finishedAt, long latencyMillis, boolean timedOut) {

	/**
	 * A result whose label is the status's own.
	 * @param status the status
	 * @param message the message
	 * @param document the document or null
	 * @param finishedAt when
	 * @param latencyMillis how long
	 * @return the result
	 */
	public static PollResult of(CheckStatus status, String message, @Nullable String document, Instant finishedAt,
			long latencyMillis) {
		return new PollResult(status, status.label(), message, document, finishedAt, latencyMillis, false);
	}

}
