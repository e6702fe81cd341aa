/**
 * Background polling: the scheduler that claims due checks, the HTTP fetcher (timeouts,
 * size cap, redirect limit), command checks, thresholds and the stale rule.
 */
@NullMarked
package io.cairn.status.poll;

import org.jspecify.annotations.NullMarked;
