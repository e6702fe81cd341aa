package io.cairn.status.alert;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckStatus;

/**
 * One message about one check (or, for {@link Kind#SUMMARY}, about the messages a rate
 * limit held back).
 *
 * @param kind what happened
 * @param checkId the check, or null for a summary
 * @param status the check's status now (OK once resolved)
 * @param previous the status before (OK for a new alert, the alerting status for a
 * resolved one)
 * @param message the check's message
 * @param openedAt when the alert opened
 * @param at when this message was decided
 * @param withheld for a summary: how many messages the rate limit held back
 */
public record Alert(Kind kind, @Nullable String checkId, CheckStatus status, CheckStatus previous, String message,
		Instant openedAt, Instant at, int withheld) {

	/**
	 * An alert about a check.
	 * @param kind what happened
	 * @param checkId the check
	 * @param status its status now
	 * @param previous its status before
	 * @param message its message
	 * @param openedAt when the alert opened
	 * @param at now
	 * @return the alert
	 */
	static Alert of(Kind kind, String checkId, CheckStatus status, CheckStatus previous, String message,
			Instant openedAt, Instant at) {
		return new Alert(kind, checkId, status, previous, message, openedAt, at, 0);
	}

	/**
	 * A summary of what a provider's rate limit held back.
	 * @param withheld how many messages
	 * @param since when the limit started holding back
	 * @param at now
	 * @return the summary
	 */
	static Alert summary(int withheld, Instant since, Instant at) {
		return new Alert(Kind.SUMMARY, null, CheckStatus.UNKNOWN, CheckStatus.UNKNOWN,
				withheld + " alert message(s) were not sent since " + since + ": rate limit; see GET /checks", since,
				at, withheld);
	}

	/**
	 * A one-line summary, the same in every provider.
	 * @return e.g. {@code [Cairn] db is Critical: connection refused}
	 */
	String headline() {
		String line = switch (this.kind) {
			case TRIGGERED -> "[Cairn] " + this.checkId + " is " + this.status.label() + ": " + this.message;
			case REMINDER -> "[Cairn] " + this.checkId + " is still " + this.status.label() + " (since " + this.openedAt
					+ "): " + this.message;
			case RESOLVED -> "[Cairn] " + this.checkId + " recovered: " + this.status.label() + " (was "
					+ this.previous.label() + " since " + this.openedAt + "): " + this.message;
			case SUMMARY -> "[Cairn] " + this.message;
		};
		// One line whatever the check said: it becomes a mail subject and a chat line.
		return line.replaceAll("[\\r\\n\\t\\x00-\\x1f]+", " ");
	}

	/**
	 * What a message is about.
	 */
	public enum Kind {

		/** A check went to a failing status (or to another failing status). */
		TRIGGERED,

		/** A check is still failing. */
		REMINDER,

		/** A check that alerted recovered (or was deleted). */
		RESOLVED,

		/** Messages a rate limit held back. */
		SUMMARY;

		/**
		 * The word used on the wire.
		 * @return e.g. {@code triggered}
		 */
		public String word() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
