package io.cairn.status.history;

import java.time.Instant;

import io.cairn.status.check.CheckStatus;

/**
 * One poll's outcome as the history keeps it.
 *
 * @param checkId the check
 * @param at when the poll finished
 * @param status what the poll found (before thresholds: the history records what was
 * observed)
 * @param responseMillis how long the poll took
 */
public record ResultSample(String checkId, Instant at, CheckStatus status, long responseMillis) {

}
