package io.cairn.support.postgres;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPostgresAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedPostgresAutoConfiguration.class));

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
	void canBeSwitchedOff() {
		this.runner.withPropertyValues("cairn.embedded-postgres.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class));
	}

}
