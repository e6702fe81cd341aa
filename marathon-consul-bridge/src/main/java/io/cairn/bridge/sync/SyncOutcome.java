package io.cairn.bridge.sync;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a full sync ended. Its {@link #value()} is what the status API,
 * {@code POST /v1/sync} and the console show, and the {@code outcome} tag of
 * {@code cairn.bridge.sync.duration} (alert rules and dashboards match on it).
 */
public enum SyncOutcome {

	/** Everything was done. */
	SUCCESS("success"),

	/** Some steps failed (an agent, a key, the guard refused), the others were done. */
	PARTIAL("partial"),

	/** Nothing was changed: Marathon could not be read, or the sync was interrupted. */
	FAILED("failed"),

	/** This replica does not lead: nothing was written. */
	NOT_LEADER("not-leader");

	private final String value;

	SyncOutcome(String value) {
		this.value = value;
	}

	/**
	 * The outcome as the API and the meters show it.
	 * @return {@code success}, {@code partial}, {@code failed} or {@code not-leader}
	 */
	@JsonValue
	public String value() {
		return this.value;
	}

}
