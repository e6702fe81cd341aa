/**
 * Spring Cloud on top of the registry client: {@code DiscoveryClient} and
 * {@code ReactiveDiscoveryClient} answering from the watched cache, a
 * {@code ServiceRegistry} with auto-registration of the application, and a LoadBalancer
 * {@code ServiceInstanceListSupplier} that reads the cache on every choice.
 */
@NullMarked
package io.cairn.registry.client.cloud;

import org.jspecify.annotations.NullMarked;
