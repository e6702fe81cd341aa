package io.cairn.status.aggregate;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.FlapSpec;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.probe.Probe;

/**
 * Nagios-style flap detection: each check's latest results (its raw poll statuses, before
 * thresholds) are kept, and after every new one the weighted percent state change over
 * them is computed. A change between two consecutive results weighs from 0.75 (the oldest
 * pair) to 1.25 (the newest), so recent changes count more, as Nagios documents; the sum
 * is a percentage of the most changes the window can hold. A check starts flapping when
 * the percentage reaches the high threshold and stops when it falls below the low one:
 * the gap between them keeps a check from flapping in and out of flapping.
 * <p>
 * It belongs to {@link LiveChecks} and is called only under its lock, with every state
 * the view takes in: this replica's results and the rows other replicas wrote, so each
 * replica sees nearly every result of every check (all of them when results come slower
 * than {@code sync-interval}). It lives in memory: after a restart a check's history
 * starts again from its stored state.
 */
final class FlapTracker {

	private static final double OLDEST_WEIGHT = 0.75;

	private static final double NEWEST_WEIGHT = 1.25;

	private final FlappingProperties properties;

	private final Map<String, History> histories = new HashMap<>();

	private volatile int flapping;

	FlapTracker(FlappingProperties properties) {
		this.properties = properties;
	}

	/**
	 * Take in a check as the view is about to show it: a result newer than the one shown
	 * before is added to its history.
	 * @param before the check as shown until now, or null
	 * @param after the check as it will be shown
	 * @param result whether its state is a result taken in as such (a poll); a stored
	 * row's state counts as a new result only when it was observed after the state shown
	 */
	void observe(@Nullable TrackedCheck before, TrackedCheck after, boolean result) {
		Instant polledAt = after.state().polledAt();
		if (polledAt == null) {
			return;
		}
		History history = this.histories.get(after.id());
		if (history != null && before != null && !before.definition().target().equals(after.definition().target())) {
			forget(after.id());
			history = null;
		}
		Instant shownAt = (before != null) ? before.state().polledAt() : null;
		if (!result && history != null && shownAt != null && !polledAt.isAfter(shownAt)) {
			return;
		}
		if (history == null) {
			history = new History(this.properties.window());
			this.histories.put(after.id(), history);
		}
		CheckStatus raw = after.state().lastResult();
		history.add((raw != null) ? raw : after.state().status());
		FlapSpec spec = spec(after);
		boolean was = history.flapping;
		if (!spec.enabled()) {
			history.flapping = false;
		}
		else if (history.flapping) {
			history.flapping = history.percent >= spec.low();
		}
		else {
			history.flapping = history.percent >= spec.high();
		}
		if (was != history.flapping) {
			this.flapping += history.flapping ? 1 : -1;
		}
	}

	/**
	 * Forget a check (deleted, or re-targeted).
	 * @param id the check's id
	 */
	void forget(String id) {
		History gone = this.histories.remove(id);
		if (gone != null && gone.flapping) {
			this.flapping--;
		}
	}

	/** Forget every check (the view is replaced). */
	void clear() {
		this.histories.clear();
		this.flapping = 0;
	}

	/**
	 * A check's flap state.
	 * @param id the check's id
	 * @return its state, {@link FlapState#NONE} before its first result
	 */
	FlapState state(String id) {
		History history = this.histories.get(id);
		if (history == null) {
			return FlapState.NONE;
		}
		return new FlapState(history.flapping, history.percent, history.count);
	}

	/**
	 * How many checks are flapping now (read without the view's lock, for a gauge).
	 * @return the count
	 */
	int flappingCount() {
		return this.flapping;
	}

	private FlapSpec spec(TrackedCheck check) {
		Probe probe = check.definition().probe();
		FlapSpec own = (probe != null) ? probe.flapping() : null;
		if (own != null) {
			return own;
		}
		return this.properties.enabled()
				? new FlapSpec(true, this.properties.lowThreshold(), this.properties.highThreshold()) : FlapSpec.OFF;
	}

	/**
	 * The weighted percent state change of results in the order they came, computed as if
	 * the window were full with the oldest result repeated before them (a check with few
	 * results has had few changes).
	 * @param results the statuses, oldest first; at most {@code window}
	 * @param count how many of {@code results} are used
	 * @param window the size of the window (at least 3)
	 * @return the percentage, 0 to 100
	 */
	static double percentStateChange(CheckStatus[] results, int count, int window) {
		double changes = 0;
		int offset = window - count;
		for (int k = 1; k < count; k++) {
			if (results[k] != results[k - 1]) {
				int position = offset + k;
				changes += OLDEST_WEIGHT + (NEWEST_WEIGHT - OLDEST_WEIGHT) * (position - 1) / (window - 2);
			}
		}
		return Math.min(100, changes * 100 / (window - 1));
	}

	/** One check's latest results, oldest first, in a ring. */
	private static final class History {

		private final CheckStatus[] ring;

		private int next;

		private int count;

		private double percent;

		private boolean flapping;

		History(int window) {
			this.ring = new CheckStatus[window];
		}

		void add(CheckStatus status) {
			this.ring[this.next] = status;
			this.next = (this.next + 1) % this.ring.length;
			this.count = Math.min(this.count + 1, this.ring.length);
			CheckStatus[] ordered = new CheckStatus[this.count];
			int start = (this.count < this.ring.length) ? 0 : this.next;
			for (int i = 0; i < this.count; i++) {
				ordered[i] = this.ring[(start + i) % this.ring.length];
			}
			this.percent = percentStateChange(ordered, this.count, this.ring.length);
		}

	}

}
