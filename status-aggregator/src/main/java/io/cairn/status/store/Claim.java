package io.cairn.status.store;

import java.time.Instant;

/**
 * A check this replica claimed for polling.
 *
 * @param checkId the check
 * @param scheduledAt when its poll was due (the benchmark measures lateness from it)
 */
public record Claim(String checkId, Instant scheduledAt) {

}
