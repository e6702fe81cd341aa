package io.cairn.support.postgres;

/**
 * An app that keeps its data in PostgreSQL was started with no database: no
 * {@code spring.datasource.url}, and no embedded server it may start.
 */
public class DatabaseNotConfiguredException extends IllegalStateException {

	private final boolean embeddedAvailable;

	/**
	 * Create the exception.
	 * @param embeddedAvailable whether an embedded server could have been started (it was
	 * switched off with {@code cairn.embedded-postgres.enabled=false})
	 */
	public DatabaseNotConfiguredException(boolean embeddedAvailable) {
		super(embeddedAvailable
				? "No database: spring.datasource.url is not set and " + EmbeddedPostgresProperties.PREFIX
						+ ".enabled is false"
				: "No database: spring.datasource.url is not set and this jar carries no embedded PostgreSQL");
		this.embeddedAvailable = embeddedAvailable;
	}

	/**
	 * Whether an embedded server could have been started.
	 * @return true when it was switched off
	 */
	public boolean embeddedAvailable() {
		return this.embeddedAvailable;
	}

}
