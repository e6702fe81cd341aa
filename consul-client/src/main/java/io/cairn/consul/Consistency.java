package io.cairn.consul;

/**
 * Read consistency modes of Consul (see the API docs, "Consistency Modes").
 */
public enum Consistency {

	/**
	 * Served by the leader without a quorum round trip: fast, stale only in a short
	 * window around a leader change.
	 */
	DEFAULT,

	/**
	 * The leader checks with a quorum that it is still the leader (an extra round trip).
	 */
	CONSISTENT,

	/**
	 * Any server may answer, even without a leader; look at
	 * {@link ResponseMeta#lastContact()} to judge how stale the answer is.
	 */
	STALE

}
