package io.cairn.status.alert;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.cairn.status.aggregate.Contribution;
import io.cairn.status.aggregate.FlapState;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;

/**
 * The one place that decides whether a check's state alerts: given what the check shows
 * now and the alert that is open for it (if any), what to send. Everything that may hold
 * back an alert (mutes, maintenance, flapping) belongs here, so that one rule is not
 * spread over the evaluator and the providers.
 * <ul>
 * <li>a check whose effective status (a stale check is at least Unknown) is at or beyond
 * {@code alert-on} fails; one without an open alert opens one
 * ({@link Alert.Kind#TRIGGERED}), one whose alert is open for another failing status
 * triggers again with the new status, and one still failing is reminded every
 * {@code remind-every};</li>
 * <li>a check with an open alert that no longer fails is resolved, even while muted or in
 * maintenance, so that what was opened (a PagerDuty incident) is closed;</li>
 * <li>a muted or in-maintenance check opens, changes and reminds nothing (it is not
 * counted in the aggregate either); nor does a flapping one, as Nagios holds back
 * notifications while a service flaps: its state changes are noise until it settles, and
 * then it alerts on the state it settled in; Megaphone's global override is not a check
 * and never alerts.</li>
 * </ul>
 */
public class AlertGate {

	private final CheckStatus alertOn;

	private final Duration remindEvery;

	/**
	 * Create the gate.
	 * @param alertOn the least severe status that alerts
	 * @param remindEvery how often an open alert is sent again, zero for never
	 */
	public AlertGate(CheckStatus alertOn, Duration remindEvery) {
		this.alertOn = alertOn;
		this.remindEvery = remindEvery;
	}

	/**
	 * Whether a status fails (alerts).
	 * @param status the status
	 * @return true at or beyond {@code alert-on}
	 */
	public boolean failing(CheckStatus status) {
		return status == this.alertOn || status.worseThan(this.alertOn);
	}

	/**
	 * What to send for a check now.
	 * @param check the check
	 * @param contribution what it adds to the aggregate now (its effective status,
	 * whether it is muted or in maintenance)
	 * @param flap whether it is flapping now
	 * @param open the alert open for it, or null
	 * @param now the current time
	 * @return the kind of message to send, or null for none
	 */
	public Alert.@Nullable Kind decide(TrackedCheck check, Contribution contribution, FlapState flap,
			@Nullable OpenAlert open, Instant now) {
		if (check.definition().kind() == CheckKind.GLOBAL) {
			return (open != null) ? Alert.Kind.RESOLVED : null;
		}
		boolean failing = failing(contribution.status());
		if (open != null && !failing) {
			return Alert.Kind.RESOLVED;
		}
		if (!failing || quiet(contribution, flap)) {
			return null;
		}
		if (open == null || open.status() != contribution.status()) {
			return Alert.Kind.TRIGGERED;
		}
		if (!this.remindEvery.isZero() && !now.isBefore(open.lastSentAt().plus(this.remindEvery))) {
			return Alert.Kind.REMINDER;
		}
		return null;
	}

	/**
	 * Whether a failing check is kept quiet: muted or in maintenance (the same rule that
	 * leaves it out of the aggregate), or flapping.
	 */
	private static boolean quiet(Contribution contribution, FlapState flap) {
		return !contribution.counted() || flap.flapping();
	}

}
