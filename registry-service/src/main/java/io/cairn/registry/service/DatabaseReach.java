package io.cairn.registry.service;

import org.springframework.stereotype.Component;

/**
 * Whether this replica can reach PostgreSQL. A renewal flush, a durable heartbeat or an
 * expiry round that fails for want of the database starts an outage; a flush or an expiry
 * round that writes (so that the renewals acknowledged meanwhile are written too) ends
 * it. During an outage no replica that shares it can record an expiry either, so renewals
 * of known endpoints are acknowledged from memory on what was acknowledged rather than on
 * what was written (see {@link Registry#ping}).
 */
@Component
class DatabaseReach {

	private volatile boolean unreachable;

	/**
	 * A write could not reach the database.
	 */
	void lost() {
		this.unreachable = true;
	}

	/**
	 * A write was committed, and no renewal acknowledged before it is left unwritten.
	 */
	void reached() {
		this.unreachable = false;
	}

	/**
	 * Whether the last write failed to reach the database.
	 */
	boolean isUnreachable() {
		return this.unreachable;
	}

}
