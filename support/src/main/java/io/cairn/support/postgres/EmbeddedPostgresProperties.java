package io.cairn.support.postgres;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL server an app starts when no {@code spring.datasource.url} is
 * configured.
 *
 * @param enabled whether to start an embedded server when no datasource URL is set; when
 * false and no URL is set, the app fails to start with a message naming the property
 * @param dataDirectory where the server keeps its files; by default
 * {@code <cairn.data-dir>/<spring.application.name>/postgres}, so a restart keeps every
 * row
 * @param port the TCP port on 127.0.0.1; 0 picks a free one at each start
 */
@ConfigurationProperties(EmbeddedPostgresProperties.PREFIX)
public record EmbeddedPostgresProperties(@DefaultValue("true") boolean enabled, @Nullable Path dataDirectory,
		@DefaultValue("0") int port) {

	/** The property prefix. */
	public static final String PREFIX = "cairn.embedded-postgres";

}
