package io.cairn.mesos.detector;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What a detector knows at one moment.
 *
 * @param <L> the member type
 * @param state whether the leader is known
 * @param leader the leader: when {@link State#LEADER_KNOWN}, the current leader; when
 * {@link State#UNCERTAIN} after a suspended connection, the last leader seen (a hint, not
 * a fact); otherwise {@code null}
 * @param members all members in election order, the leader first (same rules as
 * {@code leader})
 * @param since when the state or the leader last changed
 */
public record LeaderSnapshot<L>(State state, @Nullable L leader, List<L> members, Instant since) {

	public LeaderSnapshot {
		members = List.copyOf(members);
	}

	/**
	 * The leader, only if it is known for certain.
	 * @return the leader when {@link State#LEADER_KNOWN}
	 */
	public Optional<L> knownLeader() {
		return (this.state == State.LEADER_KNOWN) ? Optional.ofNullable(this.leader) : Optional.empty();
	}

	/**
	 * Whether this snapshot shows a different leader (or leader state) than another.
	 * @param other an earlier snapshot
	 * @return whether the state or the leader differ
	 */
	public boolean leaderDiffersFrom(LeaderSnapshot<L> other) {
		return this.state != other.state || !java.util.Objects.equals(this.leader, other.leader);
	}

}
