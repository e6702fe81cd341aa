/**
 * Consul: registration on the task host's agent with fallback to the central agent,
 * deregistration wherever a registration is, and app labels in KV.
 */
@NullMarked
package io.cairn.bridge.consul;

import org.jspecify.annotations.NullMarked;
