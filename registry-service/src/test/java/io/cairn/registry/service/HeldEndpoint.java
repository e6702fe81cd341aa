package io.cairn.registry.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * The advisory lock of one endpoint (the key the registry's store locks before writing
 * it), held by a connection of the test until closed: the transaction that writes the
 * endpoint waits for it, and registrations that arrive meanwhile queue behind it. So a
 * test gathers a batch, or fills the queue, without relying on timing.
 */
final class HeldEndpoint implements AutoCloseable {

	private final DataSource dataSource;

	private final Connection connection;

	HeldEndpoint(DataSource dataSource, String host, int port) throws SQLException {
		this.dataSource = dataSource;
		this.connection = dataSource.getConnection();
		try (PreparedStatement statement = this.connection
			.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
			statement.setString(1, host + " " + port);
			statement.execute();
		}
	}

	/**
	 * Whether another session waits for an advisory lock (this one: tests hold no other).
	 * @return true once the write of the endpoint waits
	 */
	boolean waitedFor() throws SQLException {
		try (Connection probe = this.dataSource.getConnection();
				Statement statement = probe.createStatement();
				ResultSet rs = statement
					.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
			rs.next();
			return rs.getLong(1) > 0;
		}
	}

	@Override
	public void close() throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("SELECT pg_advisory_unlock_all()");
		}
		this.connection.close();
	}

}
