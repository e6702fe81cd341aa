package io.cairn.status.aggregate;

import java.util.List;

import io.cairn.status.check.CheckState;
import io.cairn.status.check.TrackedCheck;

/**
 * A change handed to {@link LiveChecks#apply}: the API, the poller, housekeeping and the
 * replica sync describe what happened, and {@code LiveChecks} alone decides, in one place
 * and under one lock, what its view becomes. Rows carry the store's version, so a change
 * read before another that was already applied is recognised as older and dropped,
 * whoever hands it over and in whatever order.
 */
public sealed interface CheckChange {

	/**
	 * A check as stored: written by this replica (add, change, mute) or read from the
	 * database (another replica's write, a reload).
	 *
	 * @param check the row, with its version
	 */
	record Stored(TrackedCheck check) implements CheckChange {

	}

	/**
	 * A check deleted.
	 *
	 * @param id the check
	 * @param version the version of the deletion
	 */
	record Deleted(String id, long version) implements CheckChange {

	}

	/**
	 * A result this replica took in for a check (a poll, a discovery source's state).
	 *
	 * @param id the check
	 * @param target the target that was polled: a result for a target the check no longer
	 * has is dropped
	 * @param state the check's new state
	 */
	record Polled(String id, String target, CheckState state) implements CheckChange {

	}

	/**
	 * Every live check as of one version (start-up, periodic reconciliation).
	 *
	 * @param checks the checks
	 * @param version the version the rows were read at (or after)
	 */
	record Reloaded(List<TrackedCheck> checks, long version) implements CheckChange {

	}

}
