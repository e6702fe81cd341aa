package io.cairn.status.push;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckStatus;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pushed checks' tokens and latest reports in PostgreSQL ({@code status_push}), so a
 * report taken by one replica is seen by whichever replica polls the check, and survives
 * restarts. Tokens are stored as SHA-256 hashes: a token is shown once, when its check is
 * created, and cannot be read back (32 random bytes need no slow hash).
 */
public class PushReports {

	/** What every push token starts with, so that a leaked one is recognisable. */
	static final String TOKEN_PREFIX = "cairn_push_";

	private final JdbcClient jdbc;

	private final SecureRandom random = new SecureRandom();

	/**
	 * Create the store.
	 * @param jdbc the database
	 */
	public PushReports(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Issue a new token for a check, replacing any earlier token and report.
	 * @param checkId the check
	 * @param now the instant the first TTL runs from
	 * @return the token, to be shown once
	 */
	public String issueToken(String checkId, Instant now) {
		String token = newToken();
		this.jdbc
			.sql("INSERT INTO status_push (check_id, token_hash, since) VALUES (:id, :hash, :since) "
					+ "ON CONFLICT (check_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, since = EXCLUDED.since, "
					+ "reported_at = NULL, status = NULL, message = NULL")
			.param("id", checkId)
			.param("hash", hash(token))
			.param("since", Timestamp.from(now))
			.update();
		return token;
	}

	/**
	 * Replace a check's token, keeping its latest report and the TTL it runs on. The old
	 * token stops working at once, on every replica (they read the hash from the database
	 * on every report): a token is rotated because it may have leaked, and the check's
	 * TTL already gives its reporter time to pick up the new one before the check
	 * expires, so no overlap is kept.
	 * @param checkId the check
	 * @return the new token, to be shown once; empty when the check has no token row
	 */
	public Optional<String> rotateToken(String checkId) {
		String token = newToken();
		int updated = this.jdbc.sql("UPDATE status_push SET token_hash = :hash WHERE check_id = :id")
			.param("id", checkId)
			.param("hash", hash(token))
			.update();
		return (updated == 1) ? Optional.of(token) : Optional.empty();
	}

	private String newToken() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * Whether a token is a check's.
	 * @param checkId the check
	 * @param token the token presented, or null
	 * @return true when it matches the stored hash
	 */
	public boolean accepts(String checkId, @Nullable String token) {
		if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 128) {
			return false;
		}
		Optional<String> stored = this.jdbc.sql("SELECT token_hash FROM status_push WHERE check_id = :id")
			.param("id", checkId)
			.query(String.class)
			.optional();
		return stored.isPresent() && MessageDigest.isEqual(stored.get().getBytes(StandardCharsets.US_ASCII),
				hash(token).getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Store a report.
	 * @param checkId the check
	 * @param status the state reported
	 * @param message the message reported
	 * @param at when
	 * @return false when the check has no push row (it is not a pushed check)
	 */
	public boolean report(String checkId, CheckStatus status, String message, Instant at) {
		return this.jdbc
			.sql("UPDATE status_push SET reported_at = :at, status = :status, message = :message "
					+ "WHERE check_id = :id")
			.param("id", checkId)
			.param("at", Timestamp.from(at))
			.param("status", status.name())
			.param("message", message)
			.update() == 1;
	}

	/**
	 * A check's latest report.
	 * @param checkId the check
	 * @return what is stored, or empty when nothing is
	 */
	public Optional<PushReport> latest(String checkId) {
		return this.jdbc
			.sql("SELECT check_id, since, reported_at, status, message FROM status_push WHERE check_id = :id")
			.param("id", checkId)
			.query((rs, row) -> {
				Timestamp reported = rs.getTimestamp("reported_at");
				String status = rs.getString("status");
				return new PushReport(rs.getString("check_id"), rs.getTimestamp("since").toInstant(),
						(reported != null) ? reported.toInstant() : null,
						(status != null) ? CheckStatus.valueOf(status) : null, rs.getString("message"));
			})
			.optional();
	}

	/**
	 * Forget a deleted check's token and report.
	 * @param checkId the check
	 */
	public void forget(String checkId) {
		this.jdbc.sql("DELETE FROM status_push WHERE check_id = :id").param("id", checkId).update();
	}

	static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing", ex);
		}
	}

}
