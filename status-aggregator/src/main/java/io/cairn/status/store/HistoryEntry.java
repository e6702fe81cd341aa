package io.cairn.status.store;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckStatus;

/**
 * A transition of a check's reported status.
 *
 * @param id the entry's id (newest is highest; pass it as {@code before} to page)
 * @param checkId the check
 * @param at when the new status was reported
 * @param from the status before, or null for a check's first result
 * @param to the new status
 * @param label the new status as the check spelt it
 * @param message the message that came with it
 * @param tags the check's tags at the time
 */
public record HistoryEntry(long id, String checkId, Instant at, @Nullable CheckStatus from, CheckStatus to,
		String label, String message, List<String> tags) {

}
