package io.cairn.registry.client.test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts Spring Boot applications in tests the way a user's application runs.
 * cairn-support is on the test classpath only for its embedded PostgreSQL
 * ({@code SharedPostgres}, which the registry processes use); its server-side
 * auto-configuration and a DataSource do not belong in a client application, so they are
 * excluded.
 */
public final class TestApplications {

	/** The property that keeps cairn-support's server-side auto-configuration out. */
	public static final String EXCLUDE_SERVER_SIDE = "spring.autoconfigure.exclude="
			+ "io.cairn.support.postgres.EmbeddedPostgresAutoConfiguration,"
			+ "io.cairn.support.postgres.DatabaseRequiredAutoConfiguration,"
			+ "io.cairn.support.console.ConsoleAutoConfiguration,"
			+ "io.cairn.support.zookeeper.ZookeeperSupportAutoConfiguration,"
			+ "io.cairn.support.security.WriteProtectionAutoConfiguration,"
			+ "io.cairn.support.web.CairnWebAutoConfiguration,"
			+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

	private TestApplications() {
	}

	/**
	 * Run an application.
	 * @param application its configuration class
	 * @param properties {@code name=value} properties
	 * @return the running context
	 */
	public static ConfigurableApplicationContext run(Class<?> application, String... properties) {
		return new SpringApplicationBuilder(application).properties(EXCLUDE_SERVER_SIDE).properties(properties).run();
	}

}
