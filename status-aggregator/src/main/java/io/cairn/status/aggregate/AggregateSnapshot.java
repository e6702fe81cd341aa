package io.cairn.status.aggregate;

import java.util.Map;

import io.cairn.status.check.CheckStatus;

/**
 * The worst-of status of every check at one moment, ready to serve.
 *
 * @param status the aggregate status
 * @param message Megaphone's message: {@code id:Status:message} of each non-OK check
 * joined by {@code |}, "Everything is OK!" or "No checks are registered!"
 * @param counts how many counted checks have each effective status
 * @param checks how many checks exist (muted and in maintenance included)
 * @param excluded how many are muted or in maintenance
 * @param stale how many are stale
 * @param sequence bumped at every change of the aggregate or of any check's state
 */
public record AggregateSnapshot(CheckStatus status, String message, Map<CheckStatus, Integer> counts, int checks,
		int excluded, int stale, long sequence) {

	/** Megaphone's message when there are no checks. */
	public static final String NO_CHECKS = "No checks are registered!";

	/** Megaphone's message when every check is OK. */
	public static final String ALL_OK = "Everything is OK!";

}
