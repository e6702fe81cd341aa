package io.cairn.status.aggregate;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.check.StaleRule;

/**
 * What one check adds to the aggregate at a moment.
 *
 * @param status its effective status (a stale check is at least Unknown)
 * @param label the status as shown in the message
 * @param message its message
 * @param counted false while it is muted or in maintenance
 * @param stale whether it is stale
 * @param global whether it is Megaphone's {@code --global} override
 */
public record Contribution(CheckStatus status, String label, String message, boolean counted, boolean stale,
		boolean global) {

	/**
	 * Work out a check's contribution.
	 * @param check the check
	 * @param now the moment
	 * @param staleRule when a check is stale
	 * @return its contribution
	 */
	public static Contribution of(TrackedCheck check, Instant now, StaleRule staleRule) {
		return of(check, now, staleRule, null);
	}

	/**
	 * Work out a check's contribution.
	 * @param check the check
	 * @param now the moment
	 * @param staleRule when a check is stale
	 * @param window the scheduled maintenance window open for it now, or null: while one
	 * is, it counts as in maintenance (left out, never stale)
	 * @return its contribution
	 */
	public static Contribution of(TrackedCheck check, Instant now, StaleRule staleRule, @Nullable OpenWindow window) {
		CheckDefinition definition = check.definition();
		CheckState state = check.state();
		if (definition.kind() == CheckKind.GLOBAL) {
			return new Contribution(CheckStatus.CRITICAL, CheckStatus.CRITICAL.label(), definition.target(), true,
					false, true);
		}
		boolean counted = !definition.mutedAt(now) && !definition.inMaintenanceAt(now) && window == null;
		if (window == null && staleRule.isStale(definition, state, now)) {
			if (state.status().worseThan(CheckStatus.UNKNOWN)) {
				return new Contribution(state.status(), state.label(),
						state.message() + " (stale: " + since(state.polledAt()) + ")", counted, true, false);
			}
			return new Contribution(CheckStatus.UNKNOWN, CheckStatus.UNKNOWN.label(),
					"Stale: " + since(state.polledAt()), counted, true, false);
		}
		return new Contribution(state.status(), state.label(), state.message(), counted, false, false);
	}

	private static String since(@Nullable Instant polledAt) {
		return (polledAt != null) ? "no poll result since " + polledAt : "never polled";
	}

	/**
	 * Megaphone's message segment for this check.
	 * @param id the check's id
	 * @return {@code id:Status:message}
	 */
	String segment(String id) {
		return id + ":" + this.label + ":" + this.message;
	}

}
