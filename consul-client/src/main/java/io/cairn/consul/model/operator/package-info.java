/**
 * Raft operator models.
 */
@NullMarked
package io.cairn.consul.model.operator;

import org.jspecify.annotations.NullMarked;
