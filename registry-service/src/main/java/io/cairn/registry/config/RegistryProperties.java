package io.cairn.registry.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the registry keeps time and bounds its work.
 *
 * @param ttl an instance not renewed within this window is no longer returned by lookups
 * (servreg's README promised 60 s; its code used 180 s)
 * @param retention how long an expired instance is kept (and listed as expired) before it
 * is deleted
 * @param renewalFlushInterval renewals of known instances are coalesced in memory and
 * written at most this often; a crash loses at most this window of renewals, never a
 * registration
 * @param expiryCheckInterval how often expiries are recorded as events (lookups apply the
 * TTL on read, so they are never late)
 * @param eventRetention how long events are kept
 * @param maxBatchLength the most calls one JSON-RPC batch may carry
 * @param defaultWatchWait how long a watch blocks when the client gives no {@code wait}
 * @param maxWatchWait the longest a watch may block, whatever the client asks
 */
@ConfigurationProperties("cairn.registry")
public record RegistryProperties(@DefaultValue("60s") Duration ttl, @DefaultValue("1h") Duration retention,
		@DefaultValue("1s") Duration renewalFlushInterval, @DefaultValue("1s") Duration expiryCheckInterval,
		@DefaultValue("7d") Duration eventRetention, @DefaultValue("100") int maxBatchLength,
		@DefaultValue("5m") Duration defaultWatchWait, @DefaultValue("10m") Duration maxWatchWait) {

	public RegistryProperties {
		requirePositive("ttl", ttl);
		requirePositive("renewal-flush-interval", renewalFlushInterval);
		requirePositive("expiry-check-interval", expiryCheckInterval);
		requirePositive("max-watch-wait", maxWatchWait);
		if (retention.isNegative() || eventRetention.isNegative()) {
			throw new IllegalArgumentException("cairn.registry.retention and event-retention must not be negative");
		}
		if (renewalFlushInterval.compareTo(ttl) >= 0) {
			throw new IllegalArgumentException("cairn.registry.renewal-flush-interval (" + renewalFlushInterval
					+ ") must be shorter than cairn.registry.ttl (" + ttl + ")");
		}
		if (maxBatchLength < 1) {
			throw new IllegalArgumentException("cairn.registry.max-batch-length must be at least 1");
		}
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException("cairn.registry." + name + " must be positive, not " + value);
		}
	}

}
