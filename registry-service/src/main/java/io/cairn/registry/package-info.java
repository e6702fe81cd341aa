/**
 * registry-service: a heartbeat service registry, wire-compatible with servreg.
 */
@NullMarked
package io.cairn.registry;

import org.jspecify.annotations.NullMarked;
