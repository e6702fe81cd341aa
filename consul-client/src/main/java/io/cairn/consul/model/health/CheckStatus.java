package io.cairn.consul.model.health;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The status of a health check (and the aggregated status of a service).
 */
public enum CheckStatus {

	/** All good. */
	@JsonProperty("passing")
	PASSING,

	/** Degraded: still served unless a query asks for passing only. */
	@JsonProperty("warning")
	WARNING,

	/** Failing: not served. */
	@JsonProperty("critical")
	CRITICAL,

	/** In maintenance mode (agent aggregated status only). */
	@JsonProperty("maintenance")
	MAINTENANCE,

	/** A status this client does not know (a newer Consul). */
	@JsonEnumDefaultValue
	UNKNOWN;

	/**
	 * The worse of two statuses: critical beats warning beats passing.
	 * @param other the other status
	 * @return the worse one
	 */
	public CheckStatus worst(CheckStatus other) {
		return (rank(other) > rank(this)) ? other : this;
	}

	private static int rank(CheckStatus status) {
		return switch (status) {
			case PASSING -> 0;
			case WARNING -> 1;
			case UNKNOWN -> 2;
			case CRITICAL -> 3;
			case MAINTENANCE -> 4;
		};
	}

	/**
	 * The wire name.
	 * @return {@code passing}, {@code warning}, ...
	 */
	public String wireName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
