package io.cairn.support.web;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a database outage from a bug. When the server goes away mid-transaction the
 * failure can surface as almost any exception (a failed rollback, a closed connection),
 * so the whole cause chain is searched for the signs of a lost or refused connection,
 * including PostgreSQL's SQLSTATE classes 08 (connection exception) and 57P (operator
 * intervention, such as a server shutting down).
 */
public final class DatabaseFailures {

	private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

	private DatabaseFailures() {
	}

	/**
	 * Whether the failure means the database cannot be reached right now.
	 * @param failure the failure
	 * @return true for an outage, false for anything else
	 */
	public static boolean isUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof RecoverableDataAccessException
					|| cause instanceof CannotCreateTransactionException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException
					|| cause instanceof SQLRecoverableException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
			if (cause instanceof SQLException sql && HIKARI_CLOSED_CONNECTION.equals(sql.getMessage())) {
				return true;
			}
			for (Throwable suppressed : cause.getSuppressed()) {
				if (isUnavailable(suppressed)) {
					return true;
				}
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
