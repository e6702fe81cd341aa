/**
 * What the bridge is configured with: {@link io.cairn.bridge.settings.BridgeProperties}
 * ({@code cairn.bridge.*}) and {@link io.cairn.bridge.settings.BridgeSetup} (whether
 * Marathon and Consul are configured). A leaf: every other package may read it, it reads
 * none of them.
 */
@NullMarked
package io.cairn.bridge.settings;

import org.jspecify.annotations.NullMarked;
