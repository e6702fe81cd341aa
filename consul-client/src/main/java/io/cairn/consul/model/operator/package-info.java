/**
 * Operator models: the Raft configuration, autopilot, the gossip keyring and usage.
 */
@NullMarked
package io.cairn.consul.model.operator;

import org.jspecify.annotations.NullMarked;
