package io.cairn.support.web;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFailuresTests {

	@Test
	void connectionLossInAnyDisguiseIsAnOutage() {
		assertThat(DatabaseFailures.isUnavailable(new CannotCreateTransactionException("no connection"))).isTrue();
		assertThat(DatabaseFailures
			.isUnavailable(new RuntimeException(new SQLException("terminating connection", "57P01")))).isTrue();
		assertThat(DatabaseFailures.isUnavailable(new RuntimeException(new SQLException("refused", "08001")))).isTrue();
		assertThat(DatabaseFailures
			.isUnavailable(new org.springframework.dao.InvalidDataAccessResourceUsageException("rollback failed",
					new RuntimeException("Unable to rollback", new SQLException("Connection is closed")))))
			.isTrue();
	}

	@Test
	void bugsAreNotOutages() {
		assertThat(DatabaseFailures.isUnavailable(new DataIntegrityViolationException("duplicate key"))).isFalse();
		assertThat(DatabaseFailures.isUnavailable(new RuntimeException(new SQLException("syntax", "42601")))).isFalse();
		assertThat(DatabaseFailures.isUnavailable(new IllegalStateException("bug"))).isFalse();
	}

}
