package io.cairn.support.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Installs the bearer-token guard on writes; it does nothing until
 * {@code cairn.security.token} is set.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(CairnSecurityProperties.class)
public final class WriteProtectionAutoConfiguration {

	@Bean
	TokenCheck cairnTokenCheck(CairnSecurityProperties properties) {
		return new TokenCheck(properties);
	}

	@Bean
	FilterRegistrationBean<BearerTokenFilter> cairnBearerTokenFilter(TokenCheck tokenCheck,
			ObjectProvider<WriteProtectionExemption> exemptions) {
		FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
				new BearerTokenFilter(tokenCheck, exemptions.orderedStream().toList()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		return registration;
	}

}
