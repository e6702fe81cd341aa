/**
 * A client for registry-service. Build one
 * {@link io.cairn.registry.client.RegistryClient} per application, {@code start()} it,
 * register instances with
 * {@link io.cairn.registry.client.RegistryClient#register(NewInstance)} (renewed on a
 * schedule derived from the registry's TTL, re-registered when the registry forgets them,
 * deregistered on {@code close()}), and look names up with
 * {@link io.cairn.registry.client.RegistryClient#instances(String)}: answers come from a
 * local cache that one blocking watch per client keeps fresh. Failures are typed
 * subclasses of {@link io.cairn.registry.client.RegistryException}.
 */
@NullMarked
package io.cairn.registry.client;

import org.jspecify.annotations.NullMarked;
