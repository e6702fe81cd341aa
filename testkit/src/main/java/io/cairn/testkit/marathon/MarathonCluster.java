package io.cairn.testkit.marathon;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Several simulated Marathon instances sharing one state: one leads, the others are
 * standbys that answer the REST API from the same state, name the leader in
 * {@code /v2/leader}, and either redirect {@code /v2/events} to the leader (1.8) or serve
 * it themselves (1.3, 1.4, which proxied it). A leader change closes the old leader's
 * event streams, as a Marathon that loses leadership does.
 */
public final class MarathonCluster implements AutoCloseable {

	private final MarathonState state;

	private final List<MarathonSimulator> members;

	MarathonCluster(MarathonState state, List<MarathonSimulator> members) {
		this.state = state;
		this.members = List.copyOf(members);
	}

	/**
	 * Every instance, in start order.
	 * @return the instances
	 */
	public List<MarathonSimulator> members() {
		return this.members;
	}

	/**
	 * The base URLs of every instance.
	 * @return the URLs
	 */
	public List<URI> urls() {
		return this.members.stream().map(MarathonSimulator::baseUrl).toList();
	}

	/**
	 * The leading instance.
	 * @return the leader, or {@code null} while there is none
	 */
	public @Nullable MarathonSimulator leader() {
		String leader = this.state.leader();
		return this.members.stream().filter((member) -> member.hostPort().equals(leader)).findFirst().orElse(null);
	}

	/**
	 * Any instance, for operations (they share the state).
	 * @return the first instance
	 */
	public MarathonSimulator any() {
		return this.members.get(0);
	}

	/**
	 * Hand leadership to another instance: the old leader's event streams are closed.
	 * @param next the new leader
	 */
	public void elect(MarathonSimulator next) {
		if (!this.members.contains(next)) {
			throw new IllegalArgumentException("not a member of this cluster: " + next.hostPort());
		}
		String previous = this.state.leader();
		this.state.leader(next.hostPort());
		if (previous != null && !previous.equals(next.hostPort())) {
			this.state.dropStreams(previous);
		}
	}

	/**
	 * Hand leadership to the next instance in start order.
	 * @return the new leader
	 */
	public MarathonSimulator failover() {
		MarathonSimulator current = leader();
		int index = (current != null) ? this.members.indexOf(current) : -1;
		MarathonSimulator next = this.members.get((index + 1) % this.members.size());
		elect(next);
		return next;
	}

	/**
	 * No instance leads: {@code /v2/leader} answers 404 and streams are closed.
	 */
	public void abdicate() {
		String previous = this.state.leader();
		this.state.leader(null);
		if (previous != null) {
			this.state.dropStreams(previous);
		}
	}

	@Override
	public void close() {
		this.state.close();
		this.members.forEach(MarathonSimulator::close);
	}

}
