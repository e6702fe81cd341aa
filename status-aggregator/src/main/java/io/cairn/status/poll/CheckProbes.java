package io.cairn.status.poll;

import java.time.Duration;
import java.util.List;
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
	 * Probes that ask each of several in turn: the first that handles a check polls it.
	 * @param all the probes
	 * @return one probe for all of them
	 */
	static CheckProbes firstOf(List<CheckProbes> all) {
		List<CheckProbes> probes = List.copyOf(all);
		if (probes.size() == 1) {
			return probes.get(0);
		}
		return new CheckProbes() {

			@Override
			public boolean handles(CheckDefinition definition) {
				return probes.stream().anyMatch((probe) -> probe.handles(definition));
			}

			@Override
			public Optional<PollResult> poll(CheckDefinition definition, Duration budget, boolean full) {
				for (CheckProbes probe : probes) {
					if (probe.handles(definition)) {
						return probe.poll(definition, budget, full);
					}
				}
				return NONE.poll(definition, budget, full);
			}

		};
	}

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
