/**
 * Configuration: the bridge's properties (one source of truth for every default) and its
 * wiring.
 */
@NullMarked
package io.cairn.bridge.config;

import org.jspecify.annotations.NullMarked;
