/**
 * marathon-consul-bridge: mirrors Marathon tasks into Consul services and app labels into
 * Consul KV.
 */
@NullMarked
package io.cairn.bridge;

import org.jspecify.annotations.NullMarked;
