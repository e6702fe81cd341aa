package io.cairn.support.postgres;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says what to set when an app is started without a database, instead of Spring Boot's
 * generic advice about H2, HSQL and Derby.
 */
class DatabaseNotConfiguredFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseNotConfiguredException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DatabaseNotConfiguredException cause) {
		String description = cause.embeddedAvailable()
				? "The app keeps its data in PostgreSQL, but "
						+ "spring.datasource.url is not set and the embedded PostgreSQL is switched off ("
						+ EmbeddedPostgresProperties.PREFIX + ".enabled=false)."
				: "The app keeps its data in PostgreSQL, but spring.datasource.url is not set, and this jar carries "
						+ "no embedded PostgreSQL (production jars and images do not).";
		String action = "Set spring.datasource.url, .username and .password (SPRING_DATASOURCE_URL, "
				+ "SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD in the environment) to your PostgreSQL"
				+ (cause.embeddedAvailable() ? ", or remove " + EmbeddedPostgresProperties.PREFIX + ".enabled=false."
						: ", or try the platform on one machine with ./cairn up, which runs an embedded PostgreSQL "
								+ "for every app.");
		return new FailureAnalysis(description, action, cause);
	}

}
