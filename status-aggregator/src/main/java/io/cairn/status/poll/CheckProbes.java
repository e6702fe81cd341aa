package io.cairn.status.poll;

import java.time.Duration;
import java.util.Optional;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.PollResult;

/**
 * Polls the checks that are not Megaphone-style HTTP documents (TCP, TLS, DNS, HTTP with
 * conditions or another health format): the extension point of {@link PollScheduler}.
 * Implementations run in the poller's lanes and follow the same rules as
 * {@link HttpCheckFetcher}: never throw, and give up by the budget.
 */
public interface CheckProbes {

	/** Handles no check: every check is polled as before. */
	CheckProbes NONE = new CheckProbes() {

		@Override
		public boolean handles(CheckDefinition definition) {
			return false;
		}

		@Override
		public Optional<PollResult> poll(CheckDefinition definition, Duration budget, boolean full) {
			throw new IllegalStateException("No probe handles '" + definition.id() + "'");
		}

	};

	/**
	 * Whether a check is polled by these probes instead of the Megaphone reader.
	 * @param definition the check
	 * @return true when {@link #poll} must be used
	 */
	boolean handles(CheckDefinition definition);

	/**
	 * Poll a check once.
	 * @param definition the check
	 * @param budget the most the poll may take
	 * @param full whether the budget is the full poll timeout (then a result is always
	 * returned)
	 * @return the result, or empty when a budget shorter than the timeout ran out (the
	 * check is slow: poll it again in the slow lane)
	 */
	Optional<PollResult> poll(CheckDefinition definition, Duration budget, boolean full);

}
