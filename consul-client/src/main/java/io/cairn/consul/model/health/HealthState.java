package io.cairn.consul.model.health;

/**
 * The states {@code /health/state/:state} accepts.
 */
public enum HealthState {

	/** Every check. */
	ANY,
	/** Passing checks. */
	PASSING,
	/** Checks in warning. */
	WARNING,
	/** Critical checks. */
	CRITICAL;

	/**
	 * The path value.
	 * @return {@code any}, {@code passing}, ...
	 */
	public String wireName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
