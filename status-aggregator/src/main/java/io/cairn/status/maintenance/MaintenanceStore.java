package io.cairn.status.maintenance;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Maintenance windows in PostgreSQL ({@code status_maintenance_window}, migration V7), so
 * that every replica opens and closes the same ones.
 */
public class MaintenanceStore {

	private static final Log logger = LogFactory.getLog(MaintenanceStore.class);

	private final JdbcClient jdbc;

	/**
	 * Create the store.
	 * @param jdbc the database
	 */
	public MaintenanceStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Every stored window, oldest first. A row that cannot be read (a cron expression or
	 * zone this version refuses) is left out with a warning, not the whole list.
	 * @return the windows
	 */
	public List<MaintenanceWindow> all() {
		List<MaintenanceWindow> windows = new ArrayList<>();
		this.jdbc
			.sql("SELECT id, check_id, group_name, starts_at, cron, zone, duration_ms, reason, created_at "
					+ "FROM status_maintenance_window ORDER BY created_at, id")
			.query((rs) -> {
				String id = rs.getString("id");
				try {
					Timestamp start = rs.getTimestamp("starts_at");
					String zone = rs.getString("zone");
					windows.add(MaintenanceWindow.of(id, rs.getString("check_id"), rs.getString("group_name"),
							(start != null) ? start.toInstant() : null, rs.getString("cron"),
							(zone != null) ? ZoneId.of(zone) : null, Duration.ofMillis(rs.getLong("duration_ms")),
							rs.getString("reason"), rs.getTimestamp("created_at").toInstant()));
				}
				catch (RuntimeException ex) {
					logger.warn("Maintenance window '" + id + "' cannot be read and is ignored: " + ex.getMessage());
				}
			});
		return windows;
	}

	/**
	 * Store a new window unless there are {@code max} already (counted in the same
	 * statement).
	 * @param window the window
	 * @param max the most windows
	 * @return false when there were already {@code max} windows, or one with its id
	 */
	public boolean add(MaintenanceWindow window, int max) {
		ZoneId zone = window.zone();
		return this.jdbc
			.sql("INSERT INTO status_maintenance_window (id, check_id, group_name, starts_at, cron, zone, duration_ms, "
					+ "reason, created_at) SELECT :id, :check, :group, :start, :cron, :zone, :duration, :reason, :created "
					+ "WHERE (SELECT count(*) FROM status_maintenance_window) < :max ON CONFLICT (id) DO NOTHING")
			.param("id", window.id())
			.param("check", window.checkId())
			.param("group", window.group())
			.param("start", timestamp(window.start()))
			.param("cron", window.cron())
			.param("zone", (zone != null) ? zone.getId() : null)
			.param("duration", window.duration().toMillis())
			.param("reason", window.reason())
			.param("created", Timestamp.from(window.createdAt()))
			.param("max", max)
			.update() == 1;
	}

	/**
	 * Whether a window id is taken.
	 * @param id the id
	 * @return true when a window has it
	 */
	public boolean exists(String id) {
		return this.jdbc.sql("SELECT count(*) FROM status_maintenance_window WHERE id = :id")
			.param("id", id)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Delete a window.
	 * @param id its id
	 * @return false when there was none
	 */
	public boolean delete(String id) {
		return this.jdbc.sql("DELETE FROM status_maintenance_window WHERE id = :id").param("id", id).update() == 1;
	}

	private static @Nullable Timestamp timestamp(java.time.@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
