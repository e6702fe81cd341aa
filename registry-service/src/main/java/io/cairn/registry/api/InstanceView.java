package io.cairn.registry.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.cairn.registry.domain.Instance;

/**
 * An instance in REST answers.
 *
 * @param name the service name
 * @param host the host
 * @param port the port
 * @param url the URL it registered with, if any
 * @param tags its tags
 * @param version its version, if given
 * @param labels its labels
 * @param firstSeen when it first registered under this name
 * @param lastSeen its last heartbeat (renewals are written within
 * {@code cairn.registry.renewal-flush-interval})
 * @param alive whether the heartbeat is within the TTL
 */
public record InstanceView(String name, String host, int port, @Nullable String url, List<String> tags,
		@Nullable String version, Map<String, String> labels, Instant firstSeen, Instant lastSeen, boolean alive) {

	static InstanceView of(Instance instance) {
		return new InstanceView(instance.name(), instance.endpoint().host(), instance.endpoint().port(), instance.url(),
				instance.metadata().tags(), instance.metadata().version(), instance.metadata().labels(),
				instance.firstSeen(), instance.lastSeen(), instance.alive());
	}

}
