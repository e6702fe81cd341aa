package io.cairn.consul.model.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A session ({@code /session/info}, {@code /session/list}, ...).
 *
 * @param id the session ID
 * @param name the name
 * @param node the node the session is tied to
 * @param lockDelay the lock delay in nanoseconds, as Consul reports it
 * @param behavior what happens to its locks when it is invalidated
 * @param ttl the TTL as a Go duration, empty for none (Consul may raise it under load)
 * @param nodeChecks the node checks the session depends on
 * @param serviceChecks the service checks the session depends on
 * @param checks the pre-1.7 list of checks
 * @param createIndex the creation index
 * @param modifyIndex the last modification index
 */
public record Session(@JsonProperty("ID") String id, @Nullable String name, @Nullable String node, long lockDelay,
		@Nullable SessionBehavior behavior, @JsonProperty("TTL") @Nullable String ttl,
		@Nullable List<String> nodeChecks, @Nullable List<Map<String, Object>> serviceChecks,
		@Nullable List<String> checks, long createIndex, long modifyIndex) {

	/**
	 * The lock delay.
	 * @return the delay
	 */
	public Duration lockDelayDuration() {
		return Duration.ofNanos(this.lockDelay);
	}

}
