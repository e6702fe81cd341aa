package io.cairn.status.store;

import java.time.Duration;
import java.time.Instant;

/**
 * A check this replica claimed for polling: a lease on its poll until its next one is
 * due, when any replica may claim it again.
 *
 * @param checkId the check
 * @param scheduledAt when its poll was due (the benchmark measures lateness from it)
 * @param leaseUntil when its next poll is due: this replica must not start the poll later
 * than that
 * @param interval the interval the claim used (bounds applied)
 */
public record Claim(String checkId, Instant scheduledAt, Instant leaseUntil, Duration interval) {

}
