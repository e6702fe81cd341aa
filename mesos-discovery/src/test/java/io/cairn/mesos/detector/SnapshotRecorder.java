package io.cairn.mesos.detector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records what a detector tells its listeners, and waits (with a generous deadline, never
 * a sleep) for a snapshot that matches.
 */
public final class SnapshotRecorder<L> implements LeaderListener<L> {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	private final List<LeaderSnapshot<L>> seen = new ArrayList<>();

	@Override
	public synchronized void changed(LeaderSnapshot<L> previous, LeaderSnapshot<L> current) {
		this.seen.add(current);
		notifyAll();
	}

	public synchronized List<LeaderSnapshot<L>> seen() {
		return List.copyOf(this.seen);
	}

	/**
	 * Waits for a told snapshot, from the given index on, that matches.
	 * @return the index of the matching snapshot
	 */
	public synchronized int await(int from, Predicate<LeaderSnapshot<L>> condition, String description)
			throws InterruptedException {
		long deadline = System.nanoTime() + DEADLINE.toNanos();
		int index = from;
		while (true) {
			for (; index < this.seen.size(); index++) {
				if (condition.test(this.seen.get(index))) {
					return index;
				}
			}
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				throw new AssertionError("not told " + description + " within " + DEADLINE + "; told " + this.seen);
			}
			java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, remaining);
		}
	}

	public int awaitLeader(int from, Predicate<L> leader, String description) throws InterruptedException {
		return await(from, (snapshot) -> snapshot.state() == State.LEADER_KNOWN && snapshot.leader() != null
				&& leader.test(snapshot.leader()), description);
	}

	public int awaitState(int from, State state) throws InterruptedException {
		return await(from, (snapshot) -> snapshot.state() == state, state.toString());
	}

}
