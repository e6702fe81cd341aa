package io.cairn.registry.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Installs the authentication of REST instance writes where the shared bearer-token
 * filter would have run (after the cross-site refusal).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistrySecurityProperties.class)
class RegistrySecurityConfiguration {

	@Bean
	FilterRegistrationBean<InstanceWriteFilter> instanceWriteFilter(WriteAccess access, WriteRefusals refusals) {
		FilterRegistrationBean<InstanceWriteFilter> registration = new FilterRegistrationBean<>(
				new InstanceWriteFilter(access, refusals));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		return registration;
	}

}
