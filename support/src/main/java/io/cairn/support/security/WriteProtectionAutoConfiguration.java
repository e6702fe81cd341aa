package io.cairn.support.security;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Guards writes: cross-site browser writes are refused, and every other write follows the
 * {@link WritePolicy} (a token when one is set; otherwise only from this host unless
 * writes were opened on purpose).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(CairnSecurityProperties.class)
public final class WriteProtectionAutoConfiguration {

	private static final Log logger = LogFactory.getLog(WriteProtectionAutoConfiguration.class);

	@Bean
	TokenCheck cairnTokenCheck(CairnSecurityProperties properties) {
		return new TokenCheck(properties);
	}

	@Bean
	WritePolicy cairnWritePolicy(CairnSecurityProperties properties) {
		WritePolicy policy = new WritePolicy(properties);
		if (policy.tokenRequired()) {
			logger.info("Writes need the bearer token (cairn.security.token)");
		}
		else if (policy.openToEveryone()) {
			logger.warn("Writes are open to every client without a token (cairn.security.open-writes=true); "
					+ "set cairn.security.token unless this app is reachable from trusted hosts only");
		}
		else {
			logger.info("No cairn.security.token is set: writes are accepted from this host (loopback) only");
		}
		return policy;
	}

	@Bean
	FilterRegistrationBean<CrossSiteRequestFilter> cairnCrossSiteRequestFilter(CairnSecurityProperties properties) {
		FilterRegistrationBean<CrossSiteRequestFilter> registration = new FilterRegistrationBean<>(
				new CrossSiteRequestFilter(properties.allowedOrigins()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
		return registration;
	}

	@Bean
	FilterRegistrationBean<BearerTokenFilter> cairnBearerTokenFilter(WritePolicy writePolicy,
			ObjectProvider<WriteProtectionExemption> exemptions) {
		FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
				new BearerTokenFilter(writePolicy, exemptions.orderedStream().toList()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		return registration;
	}

}
