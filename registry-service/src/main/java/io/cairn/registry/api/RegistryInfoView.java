package io.cairn.registry.api;

import java.time.Instant;

/**
 * The registry's settings and clock, for the console and for clients that want to know
 * how often to renew.
 *
 * @param ttlSeconds an instance must renew within this many seconds
 * @param retentionSeconds expired instances are kept this long before deletion
 * @param renewalFlushMillis renewals are written at most this often
 * @param index the current change index
 * @param serverTime the registry's clock, so that ages can be shown without clock skew
 */
public record RegistryInfoView(long ttlSeconds, long retentionSeconds, long renewalFlushMillis, long index,
		Instant serverTime) {

}
