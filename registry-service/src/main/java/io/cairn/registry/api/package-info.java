/**
 * The REST API under {@code /v1}: services, instances, events, and watches.
 */
@NullMarked
package io.cairn.registry.api;

import org.jspecify.annotations.NullMarked;
