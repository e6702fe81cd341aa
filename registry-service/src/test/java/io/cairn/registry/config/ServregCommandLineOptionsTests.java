package io.cairn.registry.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ServregCommandLineOptionsTests {

	private final ServregCommandLineOptions options = new ServregCommandLineOptions();

	@Test
	void servregOptionsMapToSpringProperties() {
		StandardEnvironment environment = environmentWith("--host=127.0.0.1", "--port=8000",
				"--dburl=postgresql+psycopg2://reg:p%40ss@db.example:5433/servreg", "--accesslog=/var/log/reg.log");
		this.options.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
		assertThat(environment.getProperty("server.port")).isEqualTo("8000");
		assertThat(environment.getProperty("spring.datasource.url"))
			.isEqualTo("jdbc:postgresql://db.example:5433/servreg");
		assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("reg");
		assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("p@ss");
		assertThat(environment.getProperty("server.tomcat.accesslog.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("server.tomcat.accesslog.directory")).isEqualTo("/var/log");
		assertThat(environment.getProperty("server.tomcat.accesslog.prefix")).isEqualTo("reg.log");
	}

	@Test
	void jdbcUrlsPassThrough() {
		assertThat(ServregCommandLineOptions.datasource("jdbc:postgresql://h/db?ssl=true"))
			.containsEntry("spring.datasource.url", "jdbc:postgresql://h/db?ssl=true");
	}

	@Test
	void nonPostgresDatabasesAreRefusedClearly() {
		assertThatExceptionOfType(InvalidCommandLineOptionException.class)
			.isThrownBy(() -> ServregCommandLineOptions.datasource("sqlite:///servreg.sqlite3"))
			.withMessageContaining("PostgreSQL");
		StandardEnvironment environment = environmentWith("--port=0.0.0.0");
		assertThatExceptionOfType(InvalidCommandLineOptionException.class)
			.isThrownBy(() -> this.options.postProcessEnvironment(environment, new SpringApplication()))
			.withMessageContaining("--port=0.0.0.0");
	}

	@Test
	void aRefusedDburlIsQuotedWithoutItsPassword() {
		for (String dburl : new String[] { "postgresql://u:p%zzSecret@h/db", "postgresql://u:pa/ssSecret@h/db",
				"postgres://u:Secret@/db", "mysql://u:Secret@h/db", "postgresql+x" }) {
			assertThatExceptionOfType(InvalidCommandLineOptionException.class).as(dburl)
				.isThrownBy(() -> ServregCommandLineOptions.datasource(dburl))
				.satisfies((ex) -> assertThat(ex.getMessage() + ex.option()).doesNotContain("Secret", "zz"));
		}
		assertThat(ServregCommandLineOptions.redacted("postgresql://u:p%zz@h/db")).isEqualTo("postgresql://u:***@h/db");
		assertThat(ServregCommandLineOptions.redacted("jdbc:postgresql://h/db?password=x"))
			.isEqualTo("jdbc:postgresql://h/db?password=***");
	}

	@Test
	void environmentVariablesNamedHostOrPortChangeNothing() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("test-env", Map.of("HOST", "workstation", "PORT", "1")));
		this.options.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.address")).isNull();
		assertThat(environment.getProperty("server.port")).isNull();
	}

	private static StandardEnvironment environmentWith(String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		return environment;
	}

}
