package io.cairn.status.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 */
final class Leases {

	private final Map<String, Lease> leases = new ConcurrentHashMap<>();

	private final Map<String, Instant> keptInMemory = new ConcurrentHashMap<>();

	/**
	 * Record a claim made in the database.
	 * @param claim the claim
	 */
	void claimed(Claim claim) {
		this.leases.put(claim.checkId(), new Lease(claim.leaseUntil(), claim.interval()));
		this.keptInMemory.remove(claim.checkId());
	}

	/**
	 * Whether a poll of a check may start now.
	 * @param id the check
	 * @param now the current time
	 * @return true while this replica's lease on it lasts
	 */
	boolean holds(String id, Instant now) {
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
	List<String> renewDue(Instant now, Instant claimsStopped, Predicate<String> pollable) {
		List<String> due = new ArrayList<>();
		for (Map.Entry<String, Lease> entry : this.leases.entrySet()) {
			Lease lease = entry.getValue();
			String id = entry.getKey();
			if (lease.until().isAfter(now)) {
				continue;
			}
			if (!lease.until().isAfter(claimsStopped) || !pollable.test(id)) {
				this.leases.remove(id, lease);
				continue;
			}
			Instant next = lease.until().plus(lease.interval());
			if (!next.isAfter(now)) {
				next = now.plus(lease.interval());
			}
			this.leases.put(id, new Lease(next, lease.interval()));
			this.keptInMemory.put(id, next);
			due.add(id);
		}
		return due;
	}

	/**
	 * The next polls decided in memory during an outage, not yet written.
	 * @return each check's next poll
	 */
	Map<String, Instant> keptInMemory() {
		return Map.copyOf(this.keptInMemory);
	}

	/**
	 * Forget schedules once written (those renewed again meanwhile stay).
	 * @param written what was written
	 */
	void written(Map<String, Instant> written) {
		written.forEach(this.keptInMemory::remove);
	}

	/**
	 * Drop leases that ended before an instant (deleted checks, checks others took).
	 * @param before the instant
	 */
	void forgetEndedBefore(Instant before) {
		this.leases.values().removeIf((lease) -> lease.until().isBefore(before));
	}

	/**
	 * How many leases are known.
	 * @return the count
	 */
	int size() {
		return this.leases.size();
	}

	private record Lease(Instant until, Duration interval) {

	}

}
