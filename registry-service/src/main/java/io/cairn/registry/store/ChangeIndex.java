package io.cairn.registry.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The registry's change index, kept in PostgreSQL so that every replica agrees on it.
 * <p>
 * A bump takes the row lock of {@code registry_state} until the transaction commits, so
 * indexes become visible in commit order and a watcher that has seen index N has seen
 * every change up to N. The bump also queues a {@code NOTIFY}, which PostgreSQL delivers
 * to every replica's listener when (and only if) the transaction commits.
 */
@Component
public class ChangeIndex {

	/** The PostgreSQL notification channel. */
	public static final String CHANNEL = "cairn_registry";

	/**
	 * Advances the index and queues the notification, in one statement (one round trip);
	 * returns the new index.
	 */
	static final String BUMP = "UPDATE registry_state SET change_index = change_index + 1 WHERE id = 1 "
			+ "RETURNING change_index, pg_notify('" + CHANNEL + "', change_index::text)";

	private final JdbcClient jdbc;

	ChangeIndex(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Advance the index inside the current transaction and notify the other replicas on
	 * commit.
	 * @return the new index
	 */
	long bump() {
		return this.jdbc.sql(BUMP).query((rs, row) -> rs.getLong(1)).single();
	}

	/**
	 * The index of the last committed change.
	 * @return the index, at least 1
	 */
	public long current() {
		return this.jdbc.sql("SELECT change_index FROM registry_state WHERE id = 1").query(Long.class).single();
	}

}
