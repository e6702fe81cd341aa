package io.cairn.status.maintenance;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

import io.cairn.status.service.CheckService;
import io.cairn.status.service.InvalidCheckException;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.scheduling.support.CronExpression;

/**
 * The bounds of a maintenance window, for the API and for configuration alike; every
 * refusal is an {@link InvalidCheckException} naming the field.
 */
public final class WindowRules {

	/** The longest reason, in characters. */
	public static final int MAX_REASON = 500;

	/** How far ahead a one-off window may start. */
	public static final Duration MAX_LEAD = Duration.ofDays(366);

	private WindowRules() {
	}

	/**
	 * Build a window from its fields, refusing anything out of bounds.
	 * @param id the id
	 * @param check the check, or null
	 * @param group the group (a tag), or null
	 * @param start a one-off window's start (ISO-8601 instant), or null for now
	 * @param cron a recurring window's schedule, or null for a one-off window
	 * @param zone a recurring window's zone, or null for UTC
	 * @param duration how long (a string such as {@code "2h"})
	 * @param reason why, or null
	 * @param maxDuration the longest duration ({@code cairn.status.limits.max-silence})
	 * @param now the current instant
	 * @return the window
	 */
	public static MaintenanceWindow window(String id, @Nullable String check, @Nullable String group,
			@Nullable String start, @Nullable String cron, @Nullable String zone, @Nullable String duration,
			@Nullable String reason, Duration maxDuration, Instant now) {
		CheckService.id(id);
		if ((check == null) == (group == null)) {
			throw new InvalidCheckException("check", "A window covers one 'check' (an id) or one 'group' (a tag).");
		}
		if (check != null) {
			try {
				CheckService.id(check);
			}
			catch (InvalidCheckException ex) {
				throw new InvalidCheckException("check", "'check' must be a check id.");
			}
		}
		if (group != null) {
			CheckService.tagFilter("group", group);
		}
		Duration length = duration(duration, maxDuration);
		if (reason != null && (reason.length() > MAX_REASON || reason.chars().anyMatch(Character::isISOControl))) {
			throw new InvalidCheckException("reason",
					"'reason' must be at most " + MAX_REASON + " characters without control characters.");
		}
		if (cron == null) {
			if (zone != null) {
				throw new InvalidCheckException("zone", "'zone' applies to recurring windows (with 'cron').");
			}
			Instant opens = (start != null) ? start(start, now, maxDuration) : now;
			return MaintenanceWindow.of(id, check, group, opens, null, null, length, reason, now);
		}
		if (start != null) {
			throw new InvalidCheckException("start", "A window has 'start' (once) or 'cron' (recurring), not both.");
		}
		ZoneId in = zone(zone);
		if (cron.length() > 128) {
			throw new InvalidCheckException("cron", "'cron' is longer than 128 characters.");
		}
		CronExpression expression;
		try {
			expression = CronExpression.parse(cron);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidCheckException("cron", "'cron' is not a valid cron expression (six fields, seconds "
					+ "first, e.g. \"0 0 2 * * SUN\"): " + CheckService.echo(String.valueOf(ex.getMessage())));
		}
		if (expression.next(now.atZone(in)) == null) {
			throw new InvalidCheckException("cron", "'cron' never fires.");
		}
		return MaintenanceWindow.of(id, check, group, null, cron, in, length, reason, now);
	}

	private static Duration duration(@Nullable String text, Duration max) {
		String rule = "'duration' must be a positive duration such as \"2h\" of at most " + max.toSeconds()
				+ " s (cairn.status.limits.max-silence).";
		if (text == null || text.length() > 64) {
			throw new InvalidCheckException("duration", rule);
		}
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(text.trim());
		}
		catch (RuntimeException ex) {
			throw new InvalidCheckException("duration", rule);
		}
		if (duration.isNegative() || duration.isZero() || duration.compareTo(max) > 0) {
			throw new InvalidCheckException("duration", rule);
		}
		return duration;
	}

	private static Instant start(String text, Instant now, Duration maxDuration) {
		String rule = "'start' must be an ISO-8601 instant (\"2026-12-06T02:00:00Z\") at most " + MAX_LEAD.toDays()
				+ " days ahead.";
		Instant start;
		try {
			start = Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidCheckException("start", rule);
		}
		if (start.isAfter(now.plus(MAX_LEAD)) || start.isBefore(now.minus(maxDuration))) {
			throw new InvalidCheckException("start", rule);
		}
		return start;
	}

	private static ZoneId zone(@Nullable String zone) {
		if (zone == null) {
			return ZoneId.of("UTC");
		}
		if (zone.length() > 64) {
			throw new InvalidCheckException("zone", "'zone' must be a time zone such as \"Europe/Berlin\".");
		}
		try {
			return ZoneId.of(zone);
		}
		catch (DateTimeException ex) {
			throw new InvalidCheckException("zone", "'zone' must be a time zone such as \"Europe/Berlin\".");
		}
	}

}
