/**
 * PostgreSQL persistence (Flyway): checks with their latest state, transition history,
 * leases shared by replicas.
 */
@NullMarked
package io.cairn.status.store;

import org.jspecify.annotations.NullMarked;
