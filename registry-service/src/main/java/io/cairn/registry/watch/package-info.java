/**
 * Blocking queries: the change index, PostgreSQL LISTEN/NOTIFY across replicas, and
 * waiting clients.
 */
@NullMarked
package io.cairn.registry.watch;

import org.jspecify.annotations.NullMarked;
