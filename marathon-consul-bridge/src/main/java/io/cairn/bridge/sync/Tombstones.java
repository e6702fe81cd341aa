package io.cairn.bridge.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tasks known to have ended. A Mesos task never runs again once it has ended (a restart
 * is a new task), so a late or replayed "running" event, or a sync working from a
 * snapshot taken before the end, must not register it again. Bounded by count and age.
 */
public final class Tombstones {

	private static final int MAX = 100_000;

	private static final Duration KEEP = Duration.ofHours(1);

	private final Clock clock;

	private final LinkedHashMap<String, Instant> ended = new LinkedHashMap<>();

	/**
	 * Create the set.
	 * @param clock the clock
	 */
	public Tombstones(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Remember that a task ended.
	 * @param taskId the task ID
	 */
	public synchronized void add(String taskId) {
		this.ended.remove(taskId);
		this.ended.put(taskId, this.clock.instant());
		expire();
	}

	/**
	 * Whether a task is known to have ended.
	 * @param taskId the task ID
	 * @return true when it ended
	 */
	public synchronized boolean contains(String taskId) {
		expire();
		return this.ended.containsKey(taskId);
	}

	private void expire() {
		Instant horizon = this.clock.instant().minus(KEEP);
		Iterator<Map.Entry<String, Instant>> oldest = this.ended.entrySet().iterator();
		while (oldest.hasNext()) {
			Map.Entry<String, Instant> entry = oldest.next();
			if (this.ended.size() > MAX || entry.getValue().isBefore(horizon)) {
				oldest.remove();
			}
			else {
				break;
			}
		}
	}

}
