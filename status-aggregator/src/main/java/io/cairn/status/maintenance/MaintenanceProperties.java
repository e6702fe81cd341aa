package io.cairn.status.maintenance;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Scheduled maintenance, under {@code cairn.status.maintenance}. The defaults here are
 * the ones the docs quote; a window's longest duration is
 * {@code cairn.status.limits.max-silence}.
 *
 * @param maxWindows the most windows the API keeps (1 to 10000); one more is a 429
 * @param windows recurring windows defined in this replica's configuration (checked at
 * start-up; set the same ones on every replica)
 */
@ConfigurationProperties("cairn.status.maintenance")
public record MaintenanceProperties(@DefaultValue("100") int maxWindows, @DefaultValue List<Window> windows) {

	public MaintenanceProperties {
		if (maxWindows < 1 || maxWindows > 10_000) {
			throw new IllegalArgumentException(
					"cairn.status.maintenance.max-windows must lie between 1 and 10000, not " + maxWindows);
		}
		if (windows.size() > 1000) {
			throw new IllegalArgumentException("cairn.status.maintenance.windows holds at most 1000 windows");
		}
	}

	/**
	 * A recurring window from configuration.
	 *
	 * @param id its id (distinct from the API's: it is shown as {@code config:<id>})
	 * @param check the check it covers, or unset for a group window
	 * @param group the tag whose checks it covers, or unset for a check window
	 * @param cron when it opens: Spring's cron expression, six fields, seconds first
	 * @param duration how long it stays open
	 * @param zone the zone the schedule is read in
	 * @param reason why
	 */
	public record Window(String id, @Nullable String check, @Nullable String group, String cron, Duration duration,
			@DefaultValue("UTC") String zone, @Nullable String reason) {

	}

}
