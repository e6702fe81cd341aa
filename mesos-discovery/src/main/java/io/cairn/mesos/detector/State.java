package io.cairn.mesos.detector;

/**
 * What a detector knows about the leader.
 */
public enum State {

	/**
	 * A leader was read from ZooKeeper on a live session and is being followed.
	 */
	LEADER_KNOWN,

	/**
	 * ZooKeeper was read on a live session and there is no leader: the group is empty or
	 * does not exist yet.
	 */
	NO_LEADER,

	/**
	 * The detector cannot tell: it has not read the group yet, or its ZooKeeper
	 * connection is suspended (the last leader is still reported, as a hint only) or its
	 * session was lost (nothing is reported until it has read the group again).
	 */
	UNCERTAIN

}
