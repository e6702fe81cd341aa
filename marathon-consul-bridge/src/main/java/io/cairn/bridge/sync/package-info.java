/**
 * Reconciliation: one app or task on demand, and the full sync with purge and the
 * mass-deregistration guard.
 */
@NullMarked
package io.cairn.bridge.sync;

import org.jspecify.annotations.NullMarked;
