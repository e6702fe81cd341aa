/**
 * Transaction models: per-operation results and errors.
 */
@NullMarked
package io.cairn.consul.model.txn;

import org.jspecify.annotations.NullMarked;
