package io.cairn.registry.client.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import io.cairn.registry.client.RegistryClient;

/**
 * Makes every Spring Cloud LoadBalancer client take its instances from the registry
 * client's watched cache ({@link RegistryLoadBalancerClientConfiguration}), so that
 * {@code @LoadBalanced} clients route to a new instance within milliseconds of its
 * registration with no code and no LoadBalancer cache TTL in between.
 */
@AutoConfiguration(after = RegistryClientAutoConfiguration.class, before = LoadBalancerAutoConfiguration.class)
@ConditionalOnClass({ ServiceInstanceListSupplier.class, LoadBalancerClients.class })
@ConditionalOnBooleanProperty(name = "spring.cloud.loadbalancer.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = RegistryClientProperties.PREFIX + ".loadbalancer.enabled", matchIfMissing = true)
@ConditionalOnBean(RegistryClient.class)
@LoadBalancerClients(defaultConfiguration = RegistryLoadBalancerClientConfiguration.class)
public final class RegistryLoadBalancerAutoConfiguration {

}
