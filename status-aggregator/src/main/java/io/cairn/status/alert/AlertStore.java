package io.cairn.status.alert;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckStatus;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The open alerts in the database ({@code status_alert}, {@code V6__alerts.sql}), written
 * by the replica that holds the alerts lease as it sends and read when a replica takes
 * the lease.
 */
public class AlertStore {

	private final JdbcClient jdbc;

	/**
	 * Use a database.
	 * @param jdbc the database
	 */
	public AlertStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Every open alert.
	 * @return the alerts
	 */
	public List<OpenAlert> all() {
		return this.jdbc.sql("SELECT check_id, status, opened_at, last_sent_at, providers FROM status_alert")
			.query((rs, row) -> new OpenAlert(rs.getString(1),
					CheckStatus.parse(rs.getString(2)).orElse(CheckStatus.CRITICAL),
					rs.getObject(3, OffsetDateTime.class).toInstant(),
					rs.getObject(4, OffsetDateTime.class).toInstant(), providers(rs.getString(5))))
			.list();
	}

	/**
	 * Record an alert as open (opened, changed or reminded).
	 * @param alert the alert
	 */
	public void save(OpenAlert alert) {
		this.jdbc.sql("""
				INSERT INTO status_alert (check_id, status, opened_at, last_sent_at, providers)
				VALUES (:id, :status, :opened, :sent, :providers)
				ON CONFLICT (check_id) DO UPDATE
				SET status = :status, opened_at = :opened, last_sent_at = :sent, providers = :providers
				""")
			.param("id", alert.checkId())
			.param("status", alert.status().name())
			.param("opened", utc(alert.openedAt()))
			.param("sent", utc(alert.lastSentAt()))
			.param("providers", String.join(",", alert.providers()))
			.update();
	}

	/**
	 * Forget an alert (resolved).
	 * @param checkId the check
	 */
	public void delete(String checkId) {
		this.jdbc.sql("DELETE FROM status_alert WHERE check_id = ?").param(checkId).update();
	}

	private static List<String> providers(@Nullable String joined) {
		return (joined == null || joined.isEmpty()) ? List.of() : List.of(joined.split(","));
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
