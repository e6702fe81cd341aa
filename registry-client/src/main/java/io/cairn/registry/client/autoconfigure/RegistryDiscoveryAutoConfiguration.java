package io.cairn.registry.client.autoconfigure;

import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.CommonsClientAutoConfiguration;
import org.springframework.cloud.client.ConditionalOnBlockingDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnReactiveDiscoveryEnabled;
import org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cairn.registry.client.RegistryClient;
import io.cairn.registry.client.cloud.CairnDiscoveryClient;
import io.cairn.registry.client.cloud.CairnReactiveDiscoveryClient;

/**
 * Spring Cloud's {@code DiscoveryClient} and (with Reactor)
 * {@code ReactiveDiscoveryClient} over the registry client, unless
 * {@code spring.cloud.discovery.enabled} or
 * {@code cairn.registry.client.discovery.enabled} is false.
 */
@AutoConfiguration(after = RegistryClientAutoConfiguration.class,
		before = { SimpleDiscoveryClientAutoConfiguration.class, SimpleReactiveDiscoveryClientAutoConfiguration.class,
				CommonsClientAutoConfiguration.class, ReactiveCommonsClientAutoConfiguration.class })
@ConditionalOnClass(DiscoveryClient.class)
@ConditionalOnDiscoveryEnabled
@ConditionalOnBooleanProperty(name = RegistryClientProperties.PREFIX + ".discovery.enabled", matchIfMissing = true)
@ConditionalOnBean(RegistryClient.class)
public final class RegistryDiscoveryAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBlockingDiscoveryEnabled
	static class BlockingDiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CairnDiscoveryClient cairnDiscoveryClient(RegistryClient client, RegistryClientProperties properties) {
			return new CairnDiscoveryClient(client, properties.discovery().order());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Flux.class)
	@ConditionalOnReactiveDiscoveryEnabled
	static class ReactiveDiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CairnReactiveDiscoveryClient cairnReactiveDiscoveryClient(RegistryClient client,
				RegistryClientProperties properties) {
			return new CairnReactiveDiscoveryClient(client, properties.discovery().order());
		}

	}

}
