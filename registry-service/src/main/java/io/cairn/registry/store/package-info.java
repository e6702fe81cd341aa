/**
 * PostgreSQL persistence: JPA entities for instances and events, and the set-based SQL of
 * the hot paths (coalesced renewals, expiry, glob lookups).
 */
@NullMarked
package io.cairn.registry.store;

import org.jspecify.annotations.NullMarked;
