package io.cairn.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryForever;
import org.jspecify.annotations.Nullable;

/**
 * Who leads, as ZooKeeper has it: the owner of the lowest sequential node under the
 * bridge's Curator latch path (a node lives as long as its replica's session). Read every
 * 20 ms from this JVM, which no scenario partitions; the timeline of answers is what
 * every recorded Consul write is compared with. While ZooKeeper cannot answer (no quorum,
 * this client reconnecting) the leader is unknown; such a gap is closed by the answers on
 * both sides of it when the same node leads before and after (its session lived
 * throughout, so its owner led throughout).
 */
final class LeadershipObserver implements AutoCloseable {

	private final CuratorFramework client;

	private final String path;

	private final List<State> timeline = new ArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread thread = new Thread(this::run, "leadership-observer");

	LeadershipObserver(String connectString, String path) {
		this.client = CuratorFrameworkFactory.builder()
			.connectString(connectString)
			.sessionTimeoutMs(10_000)
			.connectionTimeoutMs(2_000)
			.retryPolicy(new RetryForever(200))
			.build();
		this.path = path;
		this.client.start();
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void run() {
		while (this.running.get()) {
			State state = read();
			synchronized (this.timeline) {
				State last = this.timeline.isEmpty() ? null : this.timeline.get(this.timeline.size() - 1);
				if (last == null || !last.sameAs(state)) {
					this.timeline.add(state);
				}
			}
			Deadline.hold(Duration.ofMillis(20));
		}
	}

	private State read() {
		long at = System.nanoTime();
		if (!this.client.getZookeeperClient().isConnected()) {
			return new State(at, false, null, null);
		}
		try {
			List<String> children = this.client.getChildren().forPath(this.path);
			if (children.isEmpty()) {
				return new State(at, true, null, null);
			}
			String lowest = children.stream().min(Comparator.comparing(LeadershipObserver::sequence)).orElseThrow();
			byte[] data = this.client.getData().forPath(this.path + "/" + lowest);
			return new State(at, true, lowest, new String(data, StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			return new State(at, false, null, null);
		}
	}

	private static String sequence(String node) {
		int latch = node.lastIndexOf("latch-");
		return (latch >= 0) ? node.substring(latch + 6) : node;
	}

	/** The replica ZooKeeper names now, or null (no leader, or unknown). */
	@Nullable String leader() {
		synchronized (this.timeline) {
			return this.timeline.isEmpty() ? null : this.timeline.get(this.timeline.size() - 1).replica;
		}
	}

	/** How many times the leading replica changed after {@code since} (nanoTime). */
	int changesSince(long since) {
		int changes = 0;
		String previous = null;
		synchronized (this.timeline) {
			for (State state : this.timeline) {
				if (!state.known || state.replica == null) {
					continue;
				}
				if (state.at > since && previous != null && !previous.equals(state.replica)) {
					changes++;
				}
				previous = state.replica;
			}
		}
		return changes;
	}

	/**
	 * Whether the replica led at that instant: ZooKeeper named it, or an unknown gap lay
	 * between two answers naming the same node of it.
	 */
	Verdict judge(String replica, long at) {
		synchronized (this.timeline) {
			int index = -1;
			for (int i = 0; i < this.timeline.size(); i++) {
				if (this.timeline.get(i).at <= at) {
					index = i;
				}
				else {
					break;
				}
			}
			if (index < 0) {
				return Verdict.NOT_LEADER;
			}
			State state = this.timeline.get(index);
			if (state.known) {
				return replica.equals(state.replica) ? Verdict.LEADER : Verdict.NOT_LEADER;
			}
			State before = null;
			for (int i = index; i >= 0 && before == null; i--) {
				if (this.timeline.get(i).known) {
					before = this.timeline.get(i);
				}
			}
			State after = null;
			for (int i = index; i < this.timeline.size() && after == null; i++) {
				if (this.timeline.get(i).known) {
					after = this.timeline.get(i);
				}
			}
			if (before != null && after != null && before.node != null && before.node.equals(after.node)
					&& replica.equals(before.replica)) {
				return Verdict.LEADER;
			}
			return Verdict.UNKNOWN;
		}
	}

	enum Verdict {

		LEADER, NOT_LEADER, UNKNOWN

	}

	@Override
	public void close() {
		this.running.set(false);
		this.client.close();
	}

	record State(long at, boolean known, @Nullable String node, @Nullable String replica) {

		boolean sameAs(State other) {
			return this.known == other.known && Objects.equals(this.node, other.node);
		}

	}

}
