package io.cairn.bridge.leader;

import org.jspecify.annotations.Nullable;

/**
 * A write was attempted by a replica that does not lead.
 */
public class NotLeaderException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String leader;

	/**
	 * Create the exception.
	 * @param leader the current leader's ID, if known
	 */
	public NotLeaderException(@Nullable String leader) {
		super("This replica is not the leader" + ((leader != null) ? " (the leader is " + leader + ")" : ""));
		this.leader = leader;
	}

	/**
	 * The current leader.
	 * @return its ID, or {@code null}
	 */
	public @Nullable String leader() {
		return this.leader;
	}

}
