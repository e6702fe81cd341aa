/**
 * Check sources: registry-service instances carrying a status URL, and Consul service
 * health.
 */
@NullMarked
package io.cairn.status.discovery;

import org.jspecify.annotations.NullMarked;
