package io.cairn.consul.model.agent;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.cairn.consul.model.coordinate.Coordinate;

/**
 * The agent's own configuration and membership ({@code /agent/self}).
 *
 * @param config the stable configuration subset ({@code Datacenter}, {@code NodeName},
 * {@code NodeID}, {@code Server}, {@code Version}, ...)
 * @param coord the agent's network coordinate
 * @param member the agent's gossip membership
 * @param stats runtime statistics
 * @param meta the node metadata
 */
public record AgentSelf(@Nullable Map<String, Object> config, @Nullable Coordinate coord, @Nullable Member member,
		@Nullable Map<String, Object> stats, @Nullable Map<String, String> meta) {

	/**
	 * The agent's datacenter.
	 * @return the datacenter, {@code null} if not reported
	 */
	public @Nullable String datacenter() {
		return configValue("Datacenter");
	}

	/**
	 * The agent's node name.
	 * @return the node name, {@code null} if not reported
	 */
	public @Nullable String nodeName() {
		return configValue("NodeName");
	}

	/**
	 * The agent's Consul version.
	 * @return the version, {@code null} if not reported
	 */
	public @Nullable String version() {
		return configValue("Version");
	}

	private @Nullable String configValue(String key) {
		Object value = (this.config != null) ? this.config.get(key) : null;
		return (value != null) ? value.toString() : null;
	}

}
