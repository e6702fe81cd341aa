package io.cairn.consul.model.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import io.cairn.duration.GoDuration;

/**
 * The body of {@code PUT /session/create}. Start with {@link #named(String)}.
 *
 * @param name a human-readable name
 * @param node the node to tie the session to, {@code null} for the agent's
 * @param lockDelay how long a released lock cannot be re-acquired (Go duration; Consul's
 * default 15s, capped at 60s)
 * @param behavior what happens to the locks on invalidation
 * @param ttl the TTL (10s to 86400s), {@code null} for none
 * @param nodeChecks node checks to depend on ({@code null}: {@code serfHealth})
 * @param serviceChecks service checks to depend on ({@code {"ID": ...}} objects)
 * @param checks the pre-1.7 name of {@code nodeChecks}
 */
public record NewSession(@Nullable String name, @Nullable String node, @Nullable String lockDelay,
		@Nullable SessionBehavior behavior, @JsonProperty("TTL") @Nullable String ttl,
		@Nullable List<String> nodeChecks, @Nullable List<Map<String, String>> serviceChecks,
		@Nullable List<String> checks) {

	/**
	 * A session with a name and Consul's defaults.
	 * @param name the name
	 * @return the request
	 */
	public static NewSession named(String name) {
		return new NewSession(name, null, null, null, null, null, null, null);
	}

	/**
	 * With a TTL.
	 * @param ttl between 10 seconds and a day
	 * @return a changed copy
	 */
	public NewSession withTtl(Duration ttl) {
		return new NewSession(this.name, this.node, this.lockDelay, this.behavior, GoDuration.format(ttl),
				this.nodeChecks, this.serviceChecks, this.checks);
	}

	/**
	 * With a lock delay.
	 * @param lockDelay the delay (Consul caps it at 60 s)
	 * @return a changed copy
	 */
	public NewSession withLockDelay(Duration lockDelay) {
		return new NewSession(this.name, this.node, GoDuration.format(lockDelay), this.behavior, this.ttl,
				this.nodeChecks, this.serviceChecks, this.checks);
	}

	/**
	 * With a behavior.
	 * @param behavior release or delete
	 * @return a changed copy
	 */
	public NewSession withBehavior(SessionBehavior behavior) {
		return new NewSession(this.name, this.node, this.lockDelay, behavior, this.ttl, this.nodeChecks,
				this.serviceChecks, this.checks);
	}

	/**
	 * Tied to another node.
	 * @param node the node name
	 * @return a changed copy
	 */
	public NewSession withNode(String node) {
		return new NewSession(this.name, node, this.lockDelay, this.behavior, this.ttl, this.nodeChecks,
				this.serviceChecks, this.checks);
	}

	/**
	 * Depending on these node checks (include {@code serfHealth} to keep the default
	 * one).
	 * @param checkIds the check IDs
	 * @return a changed copy
	 */
	public NewSession withNodeChecks(String... checkIds) {
		return new NewSession(this.name, this.node, this.lockDelay, this.behavior, this.ttl, List.of(checkIds),
				this.serviceChecks, this.checks);
	}

	/**
	 * Depending on these service checks.
	 * @param checkIds the check IDs
	 * @return a changed copy
	 */
	public NewSession withServiceChecks(String... checkIds) {
		return new NewSession(this.name, this.node, this.lockDelay, this.behavior, this.ttl, this.nodeChecks,
				java.util.Arrays.stream(checkIds).map((id) -> Map.of("ID", id)).toList(), this.checks);
	}

}
