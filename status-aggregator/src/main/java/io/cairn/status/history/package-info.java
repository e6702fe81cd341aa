/**
 * Result history: every poll's outcome and response time, written in batches off the
 * polling path, rolled up into hourly buckets, and read back as uptime and response-time
 * percentiles.
 */
@NullMarked
package io.cairn.status.history;

import org.jspecify.annotations.NullMarked;
