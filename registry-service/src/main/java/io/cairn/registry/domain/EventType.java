package io.cairn.registry.domain;

/**
 * The kinds of things the registry records in its event log.
 */
public enum EventType {

	/** A new endpoint registered. */
	REGISTERED,

	/** An endpoint moved from one service name to another. */
	MOVED,

	/** An endpoint changed its URL or metadata. */
	UPDATED,

	/** An expired endpoint renewed again. */
	REVIVED,

	/** An endpoint's heartbeat passed the TTL. */
	EXPIRED,

	/** An endpoint was deregistered through the API. */
	DEREGISTERED,

	/** An expired endpoint passed the retention period and was deleted. */
	REMOVED

}
