package io.cairn.status.api;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The public, read-only views under {@code cairn.status.pages}: SVG badges and the status
 * page. Both show only what {@code /status} shows to any reader: states, uptime and
 * response times, never documents, failure reasons or URLs.
 *
 * @param statusPage whether {@code /status-page} is served (off answers 404)
 * @param badges whether {@code /badges/**} is served (off answers 404)
 * @param title the status page's heading
 * @param cacheMaxAge how long browsers and proxies may keep a badge or the status page
 * ({@code Cache-Control: max-age}), 0 to 1 hour
 */
@ConfigurationProperties("cairn.status.pages")
public record PublicPagesProperties(@DefaultValue("true") boolean statusPage, @DefaultValue("true") boolean badges,
		@DefaultValue("Status") String title, @DefaultValue("60s") Duration cacheMaxAge) {

	public PublicPagesProperties {
		if (cacheMaxAge.isNegative() || cacheMaxAge.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException(
					"cairn.status.pages.cache-max-age must lie between 0s and 1h, not " + cacheMaxAge);
		}
		if (title.isBlank() || title.length() > 100) {
			throw new IllegalArgumentException("cairn.status.pages.title must be 1 to 100 characters");
		}
	}

}
