/**
 * How Marathon apps and tasks become Consul services and KV entries: Consular-compatible
 * names, IDs, tags and ports, and the allegro-compatible mode.
 */
@NullMarked
package io.cairn.bridge.mapping;

import org.jspecify.annotations.NullMarked;
