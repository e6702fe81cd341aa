package io.cairn.status.poll;

import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;

/**
 * Failure and success thresholds: an OK check turns non-OK only after
 * {@code failureThreshold} failing polls in a row, and back after
 * {@code successThreshold} OK polls in a row. Moves between non-OK statuses (Warning to
 * Critical) and a check's first result are taken at once. With both thresholds at 1 (the
 * default) every poll is reported as it comes, as in Megaphone.
 *
 * @param failureThreshold consecutive failing polls before OK turns non-OK
 * @param successThreshold consecutive OK polls before non-OK turns OK
 */
public record Thresholds(int failureThreshold, int successThreshold) {

	/**
	 * Apply a poll result to a state.
	 * @param current the state before the poll
	 * @param result the poll's result
	 * @return the new state and whether the reported status changed
	 */
	public Transition apply(CheckState current, PollResult result) {
		boolean first = current.polledAt() == null;
		boolean healthyNow = result.status() == CheckStatus.OK;
		boolean healthyBefore = current.status() == CheckStatus.OK;
		int streak = 0;
		boolean accept = first || healthyNow == healthyBefore;
		if (!accept) {
			streak = ((current.lastResult() == CheckStatus.OK) == healthyNow && current.lastResult() != null)
					? current.streak() + 1 : 1;
			accept = streak >= (healthyNow ? this.successThreshold : this.failureThreshold);
		}
		if (accept) {
			boolean changed = first ? current.status() != result.status() || !current.label().equals(result.label())
					: current.status() != result.status();
			CheckState next = new CheckState(result.status(), result.label(), result.message(), result.document(),
					result.finishedAt(), result.latencyMillis(), changed ? result.finishedAt() : current.changedAt(),
					result.status(), 0);
			return new Transition(next, changed || first);
		}
		CheckState next = new CheckState(current.status(), current.label(), current.message(), current.document(),
				result.finishedAt(), result.latencyMillis(), current.changedAt(), result.status(), streak);
		return new Transition(next, false);
	}

	/**
	 * The outcome of applying a result.
	 *
	 * @param state the new state
	 * @param changed whether the reported status changed (a transition for the history)
	 */
	public record Transition(CheckState state, boolean changed) {

	}

}
