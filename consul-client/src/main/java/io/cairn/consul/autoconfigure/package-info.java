/**
 * Spring Boot auto-configuration: a {@link io.cairn.consul.Consul} bean from
 * {@code cairn.consul.*}, a health indicator and Micrometer timers.
 */
@NullMarked
package io.cairn.consul.autoconfigure;

import org.jspecify.annotations.NullMarked;
