package io.cairn.registry.client.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.cairn.registry.client.RegistryClient;
import io.cairn.registry.client.cloud.CairnServiceInstanceListSupplier;

/**
 * The configuration of each LoadBalancer client's own context: its instances come from
 * the registry client's cache, read on every choice. Only
 * {@code spring.cloud.loadbalancer.configurations=zone-preference} is layered on top
 * (instances whose {@code zone} label matches {@code spring.cloud.loadbalancer.zone}
 * first); the other configurations would bring LoadBalancer's own cache or health checks
 * back.
 */
@Configuration(proxyBeanMethods = false)
public class RegistryLoadBalancerClientConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceInstanceListSupplier cairnServiceInstanceListSupplier(Environment environment,
			ObjectProvider<RegistryClient> client, ConfigurableApplicationContext context) {
		ServiceInstanceListSupplier cache = new CairnServiceInstanceListSupplier(
				LoadBalancerClientFactory.getName(environment), client.getObject());
		if ("zone-preference".equals(environment.getProperty("spring.cloud.loadbalancer.configurations"))) {
			return ServiceInstanceListSupplier.builder().withBase(cache).withZonePreference().build(context);
		}
		return cache;
	}

}
