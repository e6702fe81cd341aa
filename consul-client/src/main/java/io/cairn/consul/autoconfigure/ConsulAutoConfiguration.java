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
 * environment variables) through a {@link ConsulBuilderFactory} bean, which other clients
 * of the application use too; a {@code consul} health indicator when Spring Boot's health
 * module is present and request timers when Micrometer is.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "cairn.consul", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ConsulProperties.class)
public class ConsulAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConsulBuilderFactory consulBuilderFactory(ConsulProperties properties, ObjectProvider<ConsulObserver> observers) {
		return new ConsulBuilderFactory(properties, observers.getIfAvailable(() -> ConsulObserver.NONE));
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	Consul consul(ConsulBuilderFactory builders) {
		return builders.builder().build();
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
