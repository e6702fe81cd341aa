package io.cairn.support.postgres;

import java.io.IOException;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Starts an embedded PostgreSQL (zonky) and points the app's {@link DataSource} at it
 * when no {@code spring.datasource.url} is configured, so that every app runs with no
 * configuration at all and keeps its data across restarts. The server listens on
 * 127.0.0.1 only, asks for passwords, and the app connects as a role that is no superuser
 * ({@link EmbeddedPostgresServer}).
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ EmbeddedPostgres.class, HikariDataSource.class })
@Conditional(OnNoDatasourceUrlCondition.class)
@ConditionalOnBooleanProperty(name = EmbeddedPostgresProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties({ EmbeddedPostgresProperties.class, DataDirectoryProperties.class })
public final class EmbeddedPostgresAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EmbeddedPostgresServer embeddedPostgresServer(EmbeddedPostgresProperties properties,
			DataDirectoryProperties dataDirectory, @Value("${spring.application.name:cairn}") String applicationName)
			throws IOException {
		Path directory = (properties.dataDirectory() != null) ? properties.dataDirectory()
				: dataDirectory.dataDir().resolve(applicationName).resolve("postgres");
		return EmbeddedPostgresServer.start(directory, properties.port());
	}

	/**
	 * The pool on the embedded server, connected as its app role (no superuser, owner of
	 * the database); {@code spring.datasource.hikari.*} still applies.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(DataSource.class)
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgresServer server) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName("embedded-postgres");
		dataSource.setJdbcUrl(server.jdbcUrl());
		dataSource.setUsername(server.username());
		dataSource.setPassword(server.password());
		dataSource.setMaximumPoolSize(10);
		return dataSource;
	}

}
