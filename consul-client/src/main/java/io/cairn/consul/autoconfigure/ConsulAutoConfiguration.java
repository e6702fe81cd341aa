package io.cairn.consul.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cairn.consul.Consul;
import io.cairn.consul.ConsulObserver;

/**
 * A {@link Consul} bean configured from {@code cairn.consul.*} (and the Consul CLI's
 * environment variables), with a {@code consul} health indicator when Spring Boot's
 * health module is present and request timers when Micrometer is.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "cairn.consul", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ConsulProperties.class)
public class ConsulAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	Consul consul(ConsulProperties properties, ObjectProvider<ConsulObserver> observers) {
		Consul.Builder builder = Consul.builder();
		if (properties.useEnvironment()) {
			builder.fromEnvironment();
		}
		if (!properties.addresses().isEmpty()) {
			builder.addresses(properties.addresses());
		}
		if (properties.token() != null && !properties.token().isBlank()) {
			builder.token(properties.token());
		}
		ConsulProperties.Tls tls = properties.tls();
		if (tls.trustStore() != null) {
			builder.trustStore(tls.trustStore(), tls.trustStorePassword());
		}
		if (tls.caCertificates() != null) {
			builder.trustedCertificates(tls.caCertificates());
		}
		if (tls.keyStore() != null) {
			builder.keyStore(tls.keyStore(), (tls.keyStorePassword() != null) ? tls.keyStorePassword() : "");
		}
		ConsulObserver observer = observers.getIfAvailable();
		return builder.datacenter(properties.datacenter())
			.consistency(properties.consistency())
			.connectTimeout(properties.connectTimeout())
			.readTimeout(properties.readTimeout())
			.defaultWait(properties.defaultWait())
			.blockingTimeoutMargin(properties.blockingTimeoutMargin())
			.tokenInQuery(properties.tokenInQuery())
			.observer((observer != null) ? observer : ConsulObserver.NONE)
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class ConsulMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(ConsulObserver.class)
		MicrometerConsulObserver consulMetricsObserver(ObjectProvider<MeterRegistry> registry) {
			return new MicrometerConsulObserver(registry::getIfAvailable);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class ConsulHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "consulHealthIndicator")
		@ConditionalOnEnabledHealthIndicator("consul")
		ConsulHealthIndicator consulHealthIndicator(Consul consul) {
			return new ConsulHealthIndicator(consul);
		}

	}

}
