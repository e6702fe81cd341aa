package io.cairn.status.check;

import java.time.Duration;
import java.time.Instant;

/**
 * A check with no poll result for {@code intervals} of its intervals is stale: whatever
 * it last said, it counts at least as Unknown, so a stuck poller (or a dead replica, or a
 * database that refuses writes) can never keep an estate green.
 *
 * @param defaultInterval the configured default poll interval
 * @param intervals how many intervals without a result make a check stale
 */
public record StaleRule(Duration defaultInterval, int intervals) {

	/**
	 * Whether a check is stale at an instant.
	 * @param definition the check
	 * @param state its state
	 * @param now the instant
	 * @return true when no result arrived in time
	 */
	public boolean isStale(CheckDefinition definition, CheckState state, Instant now) {
		if (definition.kind() == CheckKind.GLOBAL || definition.inMaintenanceAt(now)) {
			return false;
		}
		Instant reference = (state.polledAt() != null) ? state.polledAt() : definition.createdAt();
		if (state.changedAt() != null && state.polledAt() == null && state.changedAt().isAfter(reference)) {
			reference = state.changedAt();
		}
		return reference.plus(definition.intervalOr(this.defaultInterval).multipliedBy(this.intervals)).isBefore(now);
	}

}
