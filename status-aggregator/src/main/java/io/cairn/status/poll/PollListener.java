package io.cairn.status.poll;

import io.cairn.status.check.CheckState;
import io.cairn.status.check.PollResult;
import io.cairn.status.check.TrackedCheck;

/**
 * Told about every result this replica records (polls, pushed results, discovery states):
 * history, flap detection and alerts listen here. Called on the poller's thread, so a
 * listener must only hand the result over (to a bounded queue) and return: polling never
 * waits for a listener.
 */
@FunctionalInterface
public interface PollListener {

	/**
	 * A result was recorded.
	 * @param before the check before the result
	 * @param after its state after thresholds
	 * @param result the raw result
	 * @param changed whether the reported status changed
	 */
	void recorded(TrackedCheck before, CheckState after, PollResult result, boolean changed);

}
