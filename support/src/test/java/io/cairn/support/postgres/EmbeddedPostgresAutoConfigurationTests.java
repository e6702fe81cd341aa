package io.cairn.support.postgres;

import java.nio.file.Path;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EmbeddedPostgresAutoConfiguration.class, DatabaseRequiredAutoConfiguration.class));

	@Test
	void startsAPostgresThatKeepsItsDataAcrossRestarts(@TempDir Path data) {
		this.runner.withPropertyValues("cairn.data-dir=" + data, "spring.application.name=probe").run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			jdbc.execute("CREATE TABLE kept (v text)");
			jdbc.update("INSERT INTO kept VALUES ('still here')");
			assertThat(context.getBean(EmbeddedPostgresServer.class).dataDirectory())
				.isEqualTo(data.resolve("probe").resolve("postgres").toAbsolutePath());
		});
		this.runner.withPropertyValues("cairn.data-dir=" + data, "spring.application.name=probe").run((context) -> {
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject("SELECT v FROM kept", String.class)).isEqualTo("still here");
		});
	}

	@Test
	void backsOffWhenADatasourceUrlIsConfigured() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example/app")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class));
	}

	@Test
	void switchedOffWithNoDatabaseUrlTheAppDoesNotStartAndIsToldWhatToSet() {
		this.runner.withPropertyValues("cairn.embedded-postgres.enabled=false").run((context) -> {
			assertThat(context).hasFailed();
			DatabaseNotConfiguredException failure = cause(context.getStartupFailure());
			assertThat(failure.embeddedAvailable()).isTrue();
			FailureAnalysis analysis = new DatabaseNotConfiguredFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getAction()).contains("spring.datasource.url", "cairn.embedded-postgres.enabled=false");
		});
	}

	@Test
	void aJarWithoutTheEmbeddedServerAndNoDatabaseUrlDoesNotStartAndIsToldWhatToSet() {
		// What the apps' production jars are: the driver, no zonky.
		this.runner.withClassLoader(new FilteredClassLoader(EmbeddedPostgres.class)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(cause(context.getStartupFailure()).embeddedAvailable()).isFalse();
			FailureAnalysis analysis = new DatabaseNotConfiguredFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("carries no embedded PostgreSQL");
			assertThat(analysis.getAction()).contains("SPRING_DATASOURCE_URL", "./cairn up");
		});
	}

	@Test
	void anAppWithoutTheDriverKeepsNoDataAndNeedsNoDatabase() {
		// The bridge: no JDBC driver, no embedded server.
		this.runner.withClassLoader(new FilteredClassLoader(EmbeddedPostgres.class, org.postgresql.Driver.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DataSource.class));
	}

	@Test
	void aDatabaseUrlNeedsNeitherTheEmbeddedServerNorTheCheck() {
		this.runner.withClassLoader(new FilteredClassLoader(EmbeddedPostgres.class))
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example/app")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EmbeddedPostgresServer.class));
	}

	private static DatabaseNotConfiguredException cause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DatabaseNotConfiguredException notConfigured) {
				return notConfigured;
			}
		}
		throw new AssertionError("Not a DatabaseNotConfiguredException", failure);
	}

}
