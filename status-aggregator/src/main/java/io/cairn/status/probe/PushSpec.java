package io.cairn.status.probe;

import io.cairn.status.check.CheckStatus;

/**
 * A pushed check's settings (Consul's TTL checks, Gatus's external endpoints): the
 * service reports its own state, and a check with no report for {@code ttlSeconds} turns
 * to {@code onExpiry}.
 *
 * @param ttlSeconds how long a report holds
 * @param onExpiry Critical or Unknown: the state when no report came within the TTL
 */
public record PushSpec(long ttlSeconds, CheckStatus onExpiry) {

}
