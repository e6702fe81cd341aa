/**
 * Spring Boot auto-configuration: a started
 * {@link io.cairn.registry.client.RegistryClient} from {@code cairn.registry.client.*}, a
 * health indicator, Micrometer meters {@code cairn.registry.client.*}, and Spring Cloud's
 * discovery clients, service registry with auto-registration, and LoadBalancer fed by the
 * watched cache.
 */
@NullMarked
package io.cairn.registry.client.autoconfigure;

import org.jspecify.annotations.NullMarked;
