/**
 * Health models: checks, service instances with their checks, statuses.
 */
@NullMarked
package io.cairn.consul.model.health;

import org.jspecify.annotations.NullMarked;
