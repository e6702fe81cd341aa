package io.cairn.bridge.leader;

import org.jspecify.annotations.Nullable;

/**
 * Which replica writes. Only the leader reads events and writes to Consul; every write
 * checks {@link #checkLeader()} first, so a replica that loses leadership mid-sync stops
 * writing at once.
 */
public interface Leadership extends AutoCloseable {

	/**
	 * Start competing.
	 * @param listener told when this replica becomes leader and when it stops being one
	 */
	void start(Listener listener);

	/**
	 * Whether this replica leads now.
	 * @return true while leader
	 */
	boolean isLeader();

	/**
	 * How the leader is elected.
	 * @return {@code zookeeper}, {@code consul} or {@code none}
	 */
	String mechanism();

	/**
	 * This replica's name in the election.
	 * @return the ID
	 */
	String id();

	/**
	 * The current leader's name, when known.
	 * @return the leader's ID, or {@code null}
	 */
	@Nullable String leaderId();

	/**
	 * Throw unless this replica leads.
	 * @throws NotLeaderException when it does not
	 */
	default void checkLeader() {
		if (!isLeader()) {
			throw new NotLeaderException(leaderId());
		}
	}

	/**
	 * Stop competing; a leader steps down.
	 */
	@Override
	void close();

	/**
	 * Told about leadership changes.
	 */
	interface Listener {

		/** This replica became the leader. */
		void elected();

		/** This replica is no longer the leader. */
		void revoked();

	}

}
