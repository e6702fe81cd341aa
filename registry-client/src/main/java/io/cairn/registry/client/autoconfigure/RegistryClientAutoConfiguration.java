package io.cairn.registry.client.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cairn.registry.client.RegistryClient;
import io.cairn.registry.client.RegistryObserver;

/**
 * A started {@link RegistryClient} from {@code cairn.registry.client.*}, closed with the
 * context (which deregisters whatever it registered); a {@code cairnRegistry} health
 * indicator when Spring Boot's health module is present; meters
 * {@code cairn.registry.client.*} when Micrometer is.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = RegistryClientProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(RegistryClientProperties.class)
public final class RegistryClientAutoConfiguration {

	@Bean(initMethod = "start", destroyMethod = "close")
	@ConditionalOnMissingBean
	RegistryClient registryClient(RegistryClientProperties properties, ObjectProvider<RegistryObserver> observer) {
		return RegistryClient.builder()
			.urls(properties.urls())
			.token(properties.token())
			.connectTimeout(properties.connectTimeout())
			.requestTimeout(properties.requestTimeout())
			.watchWait(properties.watchWait())
			.renewalsPerTtl(properties.renewalsPerTtl())
			.maxResponseBytes(properties.maxResponseSize().toBytes())
			.maxInstances(properties.maxInstances())
			.maxCachedLookups(properties.maxCachedLookups())
			.retryDelay(properties.retryDelay())
			.maxRetryDelay(properties.maxRetryDelay())
			.observer(observer.getIfAvailable(() -> RegistryObserver.NONE))
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class RegistryClientMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(RegistryObserver.class)
		MicrometerRegistryObserver registryClientMetricsObserver(ObjectProvider<MeterRegistry> meters) {
			return new MicrometerRegistryObserver(meters::getIfAvailable);
		}

		@Bean
		RegistryClientMeters registryClientMeters(RegistryClient client) {
			return new RegistryClientMeters(client);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class RegistryClientHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "cairnRegistryHealthIndicator")
		@ConditionalOnEnabledHealthIndicator("cairnRegistry")
		RegistryClientHealthIndicator cairnRegistryHealthIndicator(RegistryClient client) {
			return new RegistryClientHealthIndicator(client);
		}

	}

}
