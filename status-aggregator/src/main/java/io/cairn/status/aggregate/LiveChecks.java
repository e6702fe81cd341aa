package io.cairn.status.aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.check.StaleRule;

/**
 * Every check this replica knows, with the aggregate kept up to date as checks change.
 * <p>
 * Each change moves one check's contribution out of the per-status counts and the ordered
 * list of problems and puts the new one in, then publishes an immutable
 * {@link AggregateSnapshot}. {@code /status} only reads the latest snapshot, so its cost
 * does not depend on how many checks there are; the snapshot's message is rebuilt only
 * when a problem appears, changes or goes away.
 * <p>
 * It has one writer: everything that learns of a change (the API, the poller, discovery,
 * housekeeping, the replica sync) hands it over as a {@link CheckChange}, and
 * {@link #apply} decides under one lock, by the store's versions, whether it is newer
 * than what is shown. So two sources racing (a sync that read a row just before a local
 * delete, a result taken in while a sync applies an older row) cannot put back what a
 * newer change removed or replaced.
 */
public class LiveChecks {

	private final Clock clock;

	private final StaleRule staleRule;

	private final Map<String, Entry> checks = new HashMap<>();

	/** The version of each deletion a reload has not yet covered. */
	private final Map<String, Long> deletions = new HashMap<>();

	/**
	 * The version of the last reload: a row no newer of a check this view does not hold
	 * was deleted (the reload would have held it otherwise).
	 */
	private long reloadedAt = -1;

	private final EnumMap<CheckStatus, Integer> counts = new EnumMap<>(CheckStatus.class);

	/** Non-OK counted checks by (position, id): Megaphone's message order. */
	private final TreeMap<Key, String> problems = new TreeMap<>();

	private final List<Consumer<AggregateSnapshot>> listeners = new CopyOnWriteArrayList<>();

	private @Nullable Entry global;

	private int excluded;

	private int stale;

	private long sequence;

	private volatile AggregateSnapshot snapshot;

	private final ScheduledMaintenance maintenance;

	/** Which checks are flapping; touched only under this view's lock. */
	private final FlapTracker flaps;

	/**
	 * Create an empty view with flap detection's defaults.
	 * @param clock the clock that decides staleness and mute expiry
	 * @param staleRule when a check is stale
	 */
	public LiveChecks(Clock clock, StaleRule staleRule) {
		this(clock, staleRule, new FlappingProperties(true, 21, 5.0, 20.0));
	}

	/**
	 * Create an empty view.
	 * @param clock the clock that decides staleness and mute expiry
	 * @param staleRule when a check is stale
	 * @param flapping flap detection settings
	 */
	public LiveChecks(Clock clock, StaleRule staleRule, FlappingProperties flapping) {
		this(clock, staleRule, flapping, ScheduledMaintenance.NONE);
	}

	/**
	 * Create an empty view.
	 * @param clock the clock that decides staleness and mute expiry
	 * @param staleRule when a check is stale
	 * @param flapping flap detection settings
	 * @param maintenance the scheduled maintenance windows (for checks, groups,
	 * recurring)
	 */
	public LiveChecks(Clock clock, StaleRule staleRule, FlappingProperties flapping, ScheduledMaintenance maintenance) {
		this.clock = clock;
		this.staleRule = staleRule;
		this.flaps = new FlapTracker(flapping);
		this.maintenance = maintenance;
		for (CheckStatus status : CheckStatus.values()) {
			this.counts.put(status, 0);
		}
		this.snapshot = build();
	}

	/**
	 * Be told after every change (on the thread that made it; keep it short).
	 * @param listener the listener
	 */
	public void addListener(Consumer<AggregateSnapshot> listener) {
		this.listeners.add(listener);
	}

	/**
	 * The latest aggregate.
	 * @return the snapshot
	 */
	public AggregateSnapshot snapshot() {
		return this.snapshot;
	}

	/**
	 * Take in a change: the one way anything but the passing of time changes this view.
	 * <ul>
	 * <li>a stored row replaces the check unless this view holds the same or a newer
	 * version of it, or a deletion at that version or later; when this replica has a
	 * result for the same target observed after the row's (its write is still queued), or
	 * at the same instant (the row is then this replica's own earlier result), the result
	 * is kept and the row's definition (mutes, tags) taken;</li>
	 * <li>a deletion removes the check unless it was stored again after it, and is
	 * remembered so that rows read before it cannot bring the check back;</li>
	 * <li>a result replaces the state of the check it was polled for, unless the check
	 * has gone, changed its target, or already shows a later result;</li>
	 * <li>a reload applies every row as above and removes checks it does not hold that
	 * were stored at or before its version.</li>
	 * </ul>
	 * @param change what happened
	 */
	public void apply(CheckChange change) {
		AggregateSnapshot changed;
		synchronized (this) {
			if (!take(change)) {
				return;
			}
			changed = publish();
		}
		notifyListeners(changed);
	}

	private boolean take(CheckChange change) {
		if (change instanceof CheckChange.Stored stored) {
			return stored(stored.check(), false);
		}
		if (change instanceof CheckChange.Deleted deleted) {
			return deleted(deleted.id(), deleted.version());
		}
		if (change instanceof CheckChange.Polled polled) {
			return polled(polled);
		}
		CheckChange.Reloaded reloaded = (CheckChange.Reloaded) change;
		return reloaded(reloaded.checks(), reloaded.version());
	}

	private boolean stored(TrackedCheck row, boolean reloading) {
		Long deletedAt = this.deletions.get(row.id());
		if (deletedAt != null) {
			if (deletedAt >= row.version()) {
				return false;
			}
			this.deletions.remove(row.id());
		}
		Entry known = this.checks.get(row.id());
		if (known == null) {
			return (reloading || row.version() > this.reloadedAt) && write(row);
		}
		if (known.check.version() >= row.version()) {
			return false;
		}
		if (row.definition().target().equals(known.check.definition().target()) && newerThanRow(known, row.state())) {
			return write(new TrackedCheck(row.definition(), known.check.state(), row.version()), known.observedHere);
		}
		return write(row);
	}

	/**
	 * Whether the state shown was observed after the row's: results are ordered by when
	 * they were observed, not by when their rows were written. A result this replica took
	 * in is at least as new as a row observed at the same instant, since this replica's
	 * own rows are written only after their results were shown here: such a row is this
	 * replica's earlier result coming back (written while a later one was taken in, read
	 * by the sync after it). A clock that does not move between results (a coarse or
	 * stopped clock, the tests' clock) makes such ties common.
	 */
	private static boolean newerThanRow(Entry known, CheckState row) {
		Instant shown = known.check.state().polledAt();
		Instant stored = row.polledAt();
		if (shown == null) {
			return false;
		}
		if (stored == null || shown.isAfter(stored)) {
			return true;
		}
		return known.observedHere && shown.equals(stored);
	}

	private boolean deleted(String id, long version) {
		this.deletions.merge(id, version, Math::max);
		Entry known = this.checks.get(id);
		if (known == null || known.check.version() > version) {
			return false;
		}
		return erase(id);
	}

	private boolean polled(CheckChange.Polled result) {
		Entry known = this.checks.get(result.id());
		if (known == null || !known.check.definition().target().equals(result.target())) {
			return false;
		}
		Instant shown = known.check.state().polledAt();
		Instant polledAt = result.state().polledAt();
		if (shown != null && polledAt != null && polledAt.isBefore(shown)) {
			return false;
		}
		return write(known.check.withState(result.state()), true, true);
	}

	private boolean reloaded(List<TrackedCheck> all, long version) {
		if (this.checks.isEmpty() && this.deletions.isEmpty()) {
			replaceAll(all);
			this.reloadedAt = Math.max(this.reloadedAt, version);
			return true;
		}
		boolean any = false;
		Set<String> stored = new HashSet<>();
		for (TrackedCheck row : all) {
			stored.add(row.id());
			any |= stored(row, true);
		}
		for (Entry entry : List.copyOf(this.checks.values())) {
			if (!stored.contains(entry.check.id()) && entry.check.version() <= version) {
				any |= erase(entry.check.id());
			}
		}
		// Deletions up to this version are covered by reloadedAt from now on.
		this.deletions.values().removeIf((deletedAt) -> deletedAt <= version);
		this.reloadedAt = Math.max(this.reloadedAt, version);
		return any;
	}

	/**
	 * Add or update a check as given (tests build views with it; everything else hands
	 * over changes through {@link #apply}).
	 * @param check the check
	 */
	void put(TrackedCheck check) {
		AggregateSnapshot changed;
		synchronized (this) {
			if (!write(check)) {
				return;
			}
			changed = publish();
		}
		notifyListeners(changed);
	}

	/**
	 * Remove a check as given (tests; see {@link #put}).
	 * @param id the check's id
	 */
	void remove(String id) {
		AggregateSnapshot changed;
		synchronized (this) {
			if (!erase(id)) {
				return;
			}
			changed = publish();
		}
		notifyListeners(changed);
	}

	/** Put a check in as stored; true when the aggregate has to be published again. */
	private boolean write(TrackedCheck check) {
		return write(check, false);
	}

	/**
	 * Put a check in; true when the aggregate has to be published again.
	 * @param observedHere whether its state is a result this replica took in
	 */
	private boolean write(TrackedCheck check, boolean observedHere) {
		return write(check, observedHere, false);
	}

	/**
	 * Put a check in; true when the aggregate has to be published again.
	 * @param observedHere whether its state is a result this replica took in
	 * @param result whether its state is a new result (a row's state is one only when it
	 * was observed after the state shown)
	 */
	private boolean write(TrackedCheck check, boolean observedHere, boolean result) {
		Instant now = this.clock.instant();
		Entry old = this.checks.get(check.id());
		this.flaps.observe((old != null) ? old.check : null, check, result);
		Contribution contribution = contribution(check, now);
		Entry entry = new Entry(check, contribution, observedHere);
		if (old != null && old.contribution.equals(contribution) && sameState(old.check, check)) {
			this.checks.put(check.id(), entry);
			return false;
		}
		if (old != null) {
			unaccount(old);
		}
		this.checks.put(check.id(), entry);
		account(entry);
		return true;
	}

	/** Take a check out; true when there was one. */
	private boolean erase(String id) {
		Entry old = this.checks.remove(id);
		this.flaps.forget(id);
		if (old == null) {
			return false;
		}
		unaccount(old);
		return true;
	}

	/** Replace everything; the caller holds the lock and publishes. */
	private void replaceAll(List<TrackedCheck> all) {
		this.checks.clear();
		this.problems.clear();
		this.counts.replaceAll((status, count) -> 0);
		this.global = null;
		this.excluded = 0;
		this.stale = 0;
		this.flaps.clear();
		Instant now = this.clock.instant();
		for (TrackedCheck check : all) {
			this.flaps.observe(null, check, false);
			Entry entry = new Entry(check, contribution(check, now), false);
			this.checks.put(check.id(), entry);
			account(entry);
		}
	}

	/**
	 * Re-evaluate what time changes: staleness, and mutes and maintenance that ran out.
	 * Runs every second or so; it touches the aggregate only for checks whose
	 * contribution changed.
	 */
	public void reevaluate() {
		AggregateSnapshot changed = null;
		synchronized (this) {
			Instant now = this.clock.instant();
			boolean any = false;
			for (Entry entry : List.copyOf(this.checks.values())) {
				Contribution contribution = contribution(entry.check, now);
				if (!contribution.equals(entry.contribution)) {
					unaccount(entry);
					Entry next = new Entry(entry.check, contribution, entry.observedHere);
					this.checks.put(entry.check.id(), next);
					account(next);
					any = true;
				}
			}
			if (any) {
				changed = publish();
			}
		}
		if (changed != null) {
			notifyListeners(changed);
		}
	}

	/**
	 * One check.
	 * @param id the id
	 * @return the check, or null
	 */
	public synchronized @Nullable TrackedCheck get(String id) {
		Entry entry = this.checks.get(id);
		return (entry != null) ? entry.check : null;
	}

	/**
	 * One check's contribution to the aggregate.
	 * @param id the id
	 * @return the contribution, or null
	 */
	public synchronized @Nullable Contribution contribution(String id) {
		Entry entry = this.checks.get(id);
		return (entry != null) ? entry.contribution : null;
	}

	private Contribution contribution(TrackedCheck check, Instant now) {
		return Contribution.of(check, now, this.staleRule, this.maintenance.openFor(check.definition(), now));
	}

	/**
	 * The scheduled maintenance window open for a check now (not the check's own
	 * {@code maintenanceUntil}).
	 * @param check the check
	 * @return the window that ends last, or null
	 */
	public @Nullable OpenWindow scheduledMaintenance(TrackedCheck check) {
		return this.maintenance.openFor(check.definition(), this.clock.instant());
	}

	/**
	 * Whether a check is flapping (alerts about a flapping check wait until it stops, as
	 * Nagios's notifications do), with its percent state change.
	 * @param id the id
	 * @return its flap state, {@link FlapState#NONE} for an unknown check or before its
	 * first result
	 */
	public synchronized FlapState flap(String id) {
		return this.flaps.state(id);
	}

	/**
	 * How many checks are flapping now (for the gauge; does not take the lock).
	 * @return the count
	 */
	public int flappingCount() {
		return this.flaps.flappingCount();
	}

	/**
	 * Every check with its contribution, in the order they were added.
	 * @return the checks
	 */
	public synchronized List<View> list() {
		List<View> all = new ArrayList<>(this.checks.size());
		for (Entry entry : this.checks.values()) {
			all.add(new View(entry.check, entry.contribution, this.flaps.state(entry.check.id())));
		}
		all.sort(Comparator.comparingLong((View v) -> v.check().definition().position())
			.thenComparing((View v) -> v.check().id()));
		return all;
	}

	/**
	 * How many checks there are.
	 * @return the count
	 */
	public synchronized int size() {
		return this.checks.size();
	}

	private static boolean sameState(TrackedCheck a, TrackedCheck b) {
		return a.definition().equals(b.definition()) && a.state().status() == b.state().status()
				&& Objects.equals(a.state().message(), b.state().message())
				&& Objects.equals(a.state().label(), b.state().label());
	}

	private void account(Entry entry) {
		Contribution c = entry.contribution;
		if (c.global()) {
			this.global = entry;
			return;
		}
		if (c.stale()) {
			this.stale++;
		}
		if (!c.counted()) {
			this.excluded++;
			return;
		}
		this.counts.merge(c.status(), 1, Integer::sum);
		if (c.status() != CheckStatus.OK) {
			this.problems.put(key(entry), c.segment(entry.check.id()));
		}
	}

	private void unaccount(Entry entry) {
		Contribution c = entry.contribution;
		if (c.global()) {
			if (this.global != null && this.global.check.id().equals(entry.check.id())) {
				this.global = null;
			}
			return;
		}
		if (c.stale()) {
			this.stale--;
		}
		if (!c.counted()) {
			this.excluded--;
			return;
		}
		this.counts.merge(c.status(), -1, Integer::sum);
		if (c.status() != CheckStatus.OK) {
			this.problems.remove(key(entry));
		}
	}

	private static Key key(Entry entry) {
		return new Key(entry.check.definition().position(), entry.check.id());
	}

	private AggregateSnapshot publish() {
		this.sequence++;
		this.snapshot = build();
		return this.snapshot;
	}

	private AggregateSnapshot build() {
		Map<CheckStatus, Integer> copy = Collections.unmodifiableMap(new EnumMap<>(this.counts));
		int total = this.checks.size();
		if (this.global != null) {
			return new AggregateSnapshot(CheckStatus.CRITICAL, this.global.contribution.message(), copy, total,
					this.excluded, this.stale, this.sequence);
		}
		if (total == 0) {
			return new AggregateSnapshot(CheckStatus.UNKNOWN, AggregateSnapshot.NO_CHECKS, copy, 0, 0, 0,
					this.sequence);
		}
		CheckStatus worst = CheckStatus.OK;
		for (Map.Entry<CheckStatus, Integer> count : this.counts.entrySet()) {
			if (count.getValue() > 0) {
				worst = CheckStatus.worst(worst, count.getKey());
			}
		}
		String message = this.problems.isEmpty() ? AggregateSnapshot.ALL_OK : String.join("|", this.problems.values());
		return new AggregateSnapshot(worst, message, copy, total, this.excluded, this.stale, this.sequence);
	}

	private void notifyListeners(AggregateSnapshot snapshot) {
		for (Consumer<AggregateSnapshot> listener : this.listeners) {
			listener.accept(snapshot);
		}
	}

	/**
	 * A check as shown.
	 *
	 * @param check the check
	 * @param contribution what it adds to the aggregate
	 * @param observedHere whether its state is a result this replica took in (rather than
	 * one read from a row)
	 */
	private record Entry(TrackedCheck check, Contribution contribution, boolean observedHere) {

	}

	private record Key(long position, String id) implements Comparable<Key> {

		@Override
		public int compareTo(Key other) {
			int byPosition = Long.compare(this.position, other.position);
			return (byPosition != 0) ? byPosition : this.id.compareTo(other.id);
		}

	}

	/**
	 * A check with its contribution.
	 *
	 * @param check the check
	 * @param contribution what it adds to the aggregate now
	 * @param flap whether it is flapping
	 */
	public record View(TrackedCheck check, Contribution contribution, FlapState flap) {

	}

}
