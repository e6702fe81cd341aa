package io.cairn.registry.domain;

/**
 * What a heartbeat did.
 */
public enum RegistrationOutcome {

	/** A new endpoint joined. */
	REGISTERED,

	/** A known, live endpoint renewed its lease (coalesced, written within a second). */
	RENEWED,

	/** The endpoint was registered under another name and moved to this one. */
	MOVED,

	/** The endpoint had expired and is back. */
	REVIVED,

	/** The endpoint renewed with different URL or metadata. */
	UPDATED;

	/**
	 * Whether the heartbeat changed what lookups answer (and so was written before it was
	 * acknowledged).
	 * @return true for everything but a plain renewal
	 */
	public boolean isChange() {
		return this != RENEWED;
	}

}
