package io.cairn.registry.domain;

import java.time.Instant;

/**
 * A service as the listing shows it.
 *
 * @param name the service name
 * @param alive how many of its instances are within the TTL
 * @param total how many instances are kept, expired ones included
 * @param lastSeen the newest heartbeat among them
 */
public record ServiceSummary(String name, int alive, int total, Instant lastSeen) {

}
