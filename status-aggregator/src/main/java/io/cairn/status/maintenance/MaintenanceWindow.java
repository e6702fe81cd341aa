package io.cairn.status.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.CronExpression;

/**
 * A scheduled maintenance window: for one check or for a group (every check carrying the
 * group as a tag), either once ({@code start} + {@code duration}) or recurring (every
 * time {@code cron} fires in {@code zone}, for {@code duration}).
 *
 * @param id the window's id
 * @param checkId the check it covers, or null for a group window
 * @param group the tag whose checks it covers, or null for a check window
 * @param start when a one-off window opens, or null for a recurring one
 * @param cron a recurring window's schedule (Spring's six fields, seconds first), or null
 * @param zone the zone the schedule is read in (its wall clock, daylight saving
 * included), or null for a one-off window
 * @param duration how long each occurrence lasts (elapsed time)
 * @param reason why, shown with the checks it covers, or null
 * @param createdAt when it was created
 * @param schedule the parsed {@code cron}, or null
 */
public record MaintenanceWindow(String id, @Nullable String checkId, @Nullable String group, @Nullable Instant start,
		@Nullable String cron, @Nullable ZoneId zone, Duration duration, @Nullable String reason, Instant createdAt,
		@Nullable CronExpression schedule) {

	/**
	 * A window, its cron expression parsed.
	 * @param id the id
	 * @param checkId the check, or null
	 * @param group the group, or null
	 * @param start a one-off window's start, or null
	 * @param cron a recurring window's schedule, or null
	 * @param zone its zone, or null
	 * @param duration how long each occurrence lasts
	 * @param reason why, or null
	 * @param createdAt when created
	 * @return the window
	 * @throws IllegalArgumentException when the cron expression is not valid
	 */
	public static MaintenanceWindow of(String id, @Nullable String checkId, @Nullable String group,
			@Nullable Instant start, @Nullable String cron, @Nullable ZoneId zone, Duration duration,
			@Nullable String reason, Instant createdAt) {
		return new MaintenanceWindow(id, checkId, group, start, cron, zone, duration, reason, createdAt,
				(cron != null) ? CronExpression.parse(cron) : null);
	}

	/**
	 * When the occurrence open at an instant ends.
	 * @param now the instant
	 * @return the end of the occurrence open at {@code now} (the earliest one, when
	 * occurrences overlap: the next one is found when it ends), or null when closed
	 */
	public @Nullable Instant openUntil(Instant now) {
		Instant opened = openedAt(now);
		return (opened != null) ? opened.plus(this.duration) : null;
	}

	/**
	 * When the window next opens or closes after an instant.
	 * @param now the instant
	 * @return the next change, or null when it never changes again
	 */
	public @Nullable Instant nextChange(Instant now) {
		Instant until = openUntil(now);
		if (until != null) {
			return until;
		}
		return nextStart(now);
	}

	/**
	 * When the window next opens after an instant.
	 * @param now the instant
	 * @return the next start, or null when it never opens again
	 */
	public @Nullable Instant nextStart(Instant now) {
		if (this.start != null) {
			return this.start.isAfter(now) ? this.start : null;
		}
		ZonedDateTime next = fireAfter(now);
		return (next != null) ? next.toInstant() : null;
	}

	private @Nullable Instant openedAt(Instant now) {
		if (this.start != null) {
			return (!this.start.isAfter(now) && this.start.plus(this.duration).isAfter(now)) ? this.start : null;
		}
		// The first occurrence that fires after now - duration is still open when it
		// fired at or before now.
		ZonedDateTime first = fireAfter(now.minus(this.duration));
		return (first != null && !first.toInstant().isAfter(now)) ? first.toInstant() : null;
	}

	private @Nullable ZonedDateTime fireAfter(Instant instant) {
		CronExpression expression = this.schedule;
		ZoneId in = this.zone;
		if (expression == null || in == null) {
			return null;
		}
		return expression.next(instant.atZone(in));
	}

}
