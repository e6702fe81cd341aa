/**
 * Decide and apply: one app or task on demand (events) and the full sync with purge and
 * the mass-deregistration guard.
 */
@NullMarked
package io.cairn.bridge.sync;

import org.jspecify.annotations.NullMarked;
