/**
 * Embedded PostgreSQL as the default database when no {@code spring.datasource.url} is
 * configured.
 */
@NullMarked
package io.cairn.support.postgres;

import org.jspecify.annotations.NullMarked;
