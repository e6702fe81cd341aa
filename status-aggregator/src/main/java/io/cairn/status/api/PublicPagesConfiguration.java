package io.cairn.status.api;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the public views: badges and the status page ({@code cairn.status.pages}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PublicPagesProperties.class)
class PublicPagesConfiguration {

	@Bean
	BadgeRenderer badgeRenderer() {
		return new BadgeRenderer();
	}

}
