package io.cairn.mesos.detector;

/**
 * Told when what a detector knows changes: the state, the leader or the members.
 * Listeners are called one at a time, in order, never concurrently for one detector
 * unless they were added with an executor that runs tasks concurrently.
 *
 * @param <L> the member type
 */
@FunctionalInterface
public interface LeaderListener<L> {

	/**
	 * Called after a change.
	 * @param previous what was known before
	 * @param current what is known now; use {@link LeaderSnapshot#knownLeader()} for a
	 * leader you may act on
	 */
	void changed(LeaderSnapshot<L> previous, LeaderSnapshot<L> current);

}
