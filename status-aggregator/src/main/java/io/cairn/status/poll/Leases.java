package io.cairn.status.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.cairn.status.store.Claim;

/**
 * The checks this replica holds a lease on, and until when: a claim leases a check until
 * its next poll is due, after which any replica may claim it. A poll starts only while
 * its lease lasts, so a replica that stalled between claim and poll (a pause, polls
 * queued behind slow ones) leaves the check to whoever claimed it since.
 * <p>
 * While the database cannot be reached nobody can claim, and this replica renews, in
 * memory, the leases it held when claims stopped working: it keeps polling its own checks
 * on their intervals, and when claims work again it writes that schedule
 * ({@link #keptInMemory()}) before claiming, so that a check it polled during the outage
 * is not due again at once.
 * <p>
 * The claim loop and the outage polls change leases from two threads, and around the end
 * of an outage both may act on one check: a renewal from memory after the schedule was
 * written and before the claim, or a claim whose lease is recorded just after a renewal.
 * Each change is therefore one step under this object's lock, and a claim tells whether
 * the check was already polled from memory for the interval it covers ({@link #claimed}),
 * so that it is not polled twice.
 */
final class Leases {

	private final Map<String, Lease> leases = new HashMap<>();

	private final Map<String, Instant> keptInMemory = new HashMap<>();

	/**
	 * Record a claim made in the database.
	 * @param claim the claim
	 * @param claimedAt the instant the claim claimed at
	 * @return whether to poll the check now: false when it was polled from memory for the
	 * interval the claim covers (the outage ended while its schedule, renewed in memory
	 * after it was written, was not yet in the database)
	 */
	synchronized boolean claimed(Claim claim, Instant claimedAt) {
		this.leases.put(claim.checkId(), new Lease(claim.leaseUntil(), claim.interval()));
		Instant nextFromMemory = this.keptInMemory.remove(claim.checkId());
		return nextFromMemory == null || !nextFromMemory.isAfter(claimedAt);
	}

	/**
	 * Whether a poll of a check may start now.
	 * @param id the check
	 * @param now the current time
	 * @return true while this replica's lease on it lasts
	 */
	synchronized boolean holds(String id, Instant now) {
		Lease lease = this.leases.get(id);
		return lease != null && now.isBefore(lease.until());
	}

	/**
	 * Renew in memory the leases that ended, of checks this replica held when claims
	 * stopped working, and give the checks whose poll is due.
	 * @param now the current time
	 * @param claimsStopped when the last claim succeeded: a lease that ended before then
	 * was either renewed by that claim or is another replica's to take
	 * @param pollable whether a check is still to be polled (not deleted, not in
	 * maintenance)
	 * @return the checks due now, each leased to its next poll
	 */
	synchronized List<String> renewDue(Instant now, Instant claimsStopped, Predicate<String> pollable) {
		List<String> due = new ArrayList<>();
		// Through the iterator: a lease dropped during the walk would otherwise end it
		// with a ConcurrentModificationException after some leases were renewed and
		// before their checks were handed out, so those went unpolled for an interval.
		Iterator<Map.Entry<String, Lease>> entries = this.leases.entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<String, Lease> entry = entries.next();
			Lease lease = entry.getValue();
			String id = entry.getKey();
			if (lease.until().isAfter(now)) {
				continue;
			}
			if (!lease.until().isAfter(claimsStopped) || !pollable.test(id)) {
				entries.remove();
				continue;
			}
			Instant next = lease.until().plus(lease.interval());
			if (!next.isAfter(now)) {
				next = now.plus(lease.interval());
			}
			entry.setValue(new Lease(next, lease.interval()));
			this.keptInMemory.put(id, next);
			due.add(id);
		}
		return due;
	}

	/**
	 * The next polls decided in memory during an outage, not yet written.
	 * @return each check's next poll
	 */
	synchronized Map<String, Instant> keptInMemory() {
		return Map.copyOf(this.keptInMemory);
	}

	/**
	 * Forget schedules once written (those renewed again meanwhile stay).
	 * @param written what was written
	 */
	synchronized void written(Map<String, Instant> written) {
		written.forEach(this.keptInMemory::remove);
	}

	/**
	 * Drop leases that ended before an instant (deleted checks, checks others took).
	 * @param before the instant
	 */
	synchronized void forgetEndedBefore(Instant before) {
		this.leases.values().removeIf((lease) -> lease.until().isBefore(before));
	}

	/**
	 * How many leases are known.
	 * @return the count
	 */
	synchronized int size() {
		return this.leases.size();
	}

	private record Lease(Instant until, Duration interval) {

	}

}
