package io.cairn.bridge.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Tasks whose end Marathon confirmed, and when. A Mesos task never runs again once it has
 * ended (a restart is a new task), so a sync working from a snapshot of Marathon read
 * before the end must not register it again. A remembered end never outvotes Marathon
 * itself: an answer read after the end was remembered wins ({@link #endedAfter}), so
 * whatever an event got wrong, the next read of Marathon puts right. Bounded by count and
 * age; only ends of tasks the bridge knew are remembered (see {@code Reconciler}), so
 * forged events cannot push real ones out.
 */
public final class Tombstones {

	private static final int MAX = 100_000;

	private static final Duration KEEP = Duration.ofHours(1);

	private final Clock clock;

	private final LongSupplier nanos;

	private final LinkedHashMap<String, End> ended = new LinkedHashMap<>();

	/**
	 * Create the set.
	 * @param clock the clock (for the age limit)
	 */
	public Tombstones(Clock clock) {
		this(clock, System::nanoTime);
	}

	/**
	 * Create the set with its own source of {@link System#nanoTime()}.
	 * @param clock the clock (for the age limit)
	 * @param nanos orders ends against reads of Marathon
	 */
	Tombstones(Clock clock, LongSupplier nanos) {
		this.clock = clock;
		this.nanos = nanos;
	}

	/**
	 * Remember that a task ended, now.
	 * @param taskId the task ID
	 */
	public synchronized void add(String taskId) {
		this.ended.remove(taskId);
		this.ended.put(taskId, new End(this.clock.instant(), this.nanos.getAsLong()));
		expire();
	}

	/**
	 * Whether a task's end was remembered after Marathon's state was read: only then does
	 * the end win over that state.
	 * @param taskId the task ID
	 * @param readNanos when the read of Marathon began ({@link System#nanoTime()})
	 * @return true when the end is newer than the read
	 */
	public synchronized boolean endedAfter(String taskId, long readNanos) {
		expire();
		End end = this.ended.get(taskId);
		return end != null && end.nanos() - readNanos > 0;
	}

	/**
	 * Whether a task's end is remembered at all.
	 * @param taskId the task ID
	 * @return true when it is
	 */
	public synchronized boolean contains(String taskId) {
		expire();
		return this.ended.containsKey(taskId);
	}

	/**
	 * How many ends are remembered.
	 * @return the count
	 */
	public synchronized int size() {
		expire();
		return this.ended.size();
	}

	private void expire() {
		Instant horizon = this.clock.instant().minus(KEEP);
		Iterator<Map.Entry<String, End>> oldest = this.ended.entrySet().iterator();
		while (oldest.hasNext()) {
			Map.Entry<String, End> entry = oldest.next();
			if (this.ended.size() > MAX || entry.getValue().at().isBefore(horizon)) {
				oldest.remove();
			}
			else {
				break;
			}
		}
	}

	private record End(Instant at, long nanos) {
	}

}
