/**
 * Durations as Consul and Go write them, shared by the Consul client, the registry's
 * Consul-style watches and the Consul simulator.
 */
@NullMarked
package io.cairn.duration;

import org.jspecify.annotations.NullMarked;
