package io.cairn.status.store;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;

/**
 * A poll's outcome waiting to be written.
 *
 * @param checkId the check
 * @param state its new state
 * @param transition whether the reported status changed (written to the history)
 * @param from the reported status before, or null for the first result
 * @param tags the check's tags, copied into the history
 */
public record ResultWrite(String checkId, CheckState state, boolean transition, @Nullable CheckStatus from,
		List<String> tags) {

}
