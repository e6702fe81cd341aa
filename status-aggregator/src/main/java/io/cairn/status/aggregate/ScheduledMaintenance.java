package io.cairn.status.aggregate;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckDefinition;

/**
 * Which scheduled maintenance window (for the check or its group, once or recurring) is
 * open for a check. While one is, the check is treated as in today's maintenance: not
 * polled, left out of the aggregate, never stale. Asked under the view's lock, every
 * second for every check, so an answer must come from memory.
 */
@FunctionalInterface
public interface ScheduledMaintenance {

	/** No scheduled maintenance at all. */
	ScheduledMaintenance NONE = (definition, now) -> null;

	/**
	 * The window open for a check at an instant.
	 * @param definition the check
	 * @param now the instant
	 * @return the open window that ends last, or null when none is open
	 */
	@Nullable OpenWindow openFor(CheckDefinition definition, Instant now);

}
