/**
 * The status-aggregator benchmark: a load driver, a fleet of check endpoints and a
 * Megaphone-style baseline.
 */
@NullMarked
package io.cairn.bench.status;

import org.jspecify.annotations.NullMarked;
