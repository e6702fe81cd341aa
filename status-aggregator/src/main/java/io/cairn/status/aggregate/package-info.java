/**
 * The in-memory view of every check and the worst-of status, maintained incrementally so
 * that {@code /status} costs the same whatever the number of checks.
 */
@NullMarked
package io.cairn.status.aggregate;

import org.jspecify.annotations.NullMarked;
