package io.cairn.status.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cairn.status.store.Claim;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of a database outage, where the claim loop and the polls from memory both act
 * on one check: each interleaving is driven step by step, as the two threads could run
 * them, and the check is polled once per interval in each.
 */
class LeasesTests {

	private static final Duration INTERVAL = Duration.ofSeconds(10);

	private static final Instant T0 = Instant.parse("2026-12-05T11:00:00Z");

	private final Leases leases = new Leases();

	@Test
	void aClaimOfACheckRenewedFromMemoryAfterItsScheduleWasWrittenIsNotPolledAgain() {
		assertThat(this.leases.claimed(claim(T0), T0)).isTrue();
		// claims fail from T0 + 1 s; the lease ends at T0 + 10 s and is renewed in memory
		Instant claimsStopped = T0;
		assertThat(this.leases.renewDue(T0.plus(INTERVAL), claimsStopped, (id) -> true)).containsExactly("c");
		// the database is back: the loop writes the schedule kept in memory (next poll
		// at T0 + 20 s) ...
		Map<String, Instant> kept = this.leases.keptInMemory();
		assertThat(kept).containsEntry("c", T0.plus(INTERVAL.multipliedBy(2)));
		this.leases.written(kept);
		// ... its first claim is slow, and before it is recorded the outage thread (which
		// has not seen it succeed) renews and polls the check again at T0 + 20 s
		Instant second = T0.plus(INTERVAL.multipliedBy(2));
		assertThat(this.leases.renewDue(second, claimsStopped, (id) -> true)).containsExactly("c");
		// the claim, made at T0 + 20 s against the schedule written before, covers the
		// interval just polled from memory: not polled again
		assertThat(this.leases.claimed(claim(second), second)).isFalse();
		assertThat(this.leases.holds("c", second)).isTrue();
		assertThat(this.leases.keptInMemory()).isEmpty();
		// the next claim, an interval later, is polled
		Instant third = second.plus(INTERVAL);
		assertThat(this.leases.claimed(claim(third), third)).isTrue();
	}

	@Test
	void aCheckClaimedBeforeTheOutageThreadLooksIsNotRenewedFromMemory() {
		this.leases.claimed(claim(T0), T0);
		Instant claimsStopped = T0;
		this.leases.renewDue(T0.plus(INTERVAL), claimsStopped, (id) -> true);
		this.leases.written(this.leases.keptInMemory());
		// the database is back and the claim is recorded first
		Instant second = T0.plus(INTERVAL.multipliedBy(2));
		assertThat(this.leases.claimed(claim(second), second)).isTrue();
		// the outage thread has not seen the claim succeed yet: the claim's lease stands
		assertThat(this.leases.renewDue(second, claimsStopped, (id) -> true)).isEmpty();
		assertThat(this.leases.keptInMemory()).isEmpty();
	}

	@Test
	void aClaimAfterAnOldScheduleFromMemoryIsPolled() {
		this.leases.claimed(claim(T0), T0);
		this.leases.renewDue(T0.plus(INTERVAL), T0, (id) -> true);
		// the schedule kept in memory could not be written, and its next poll has passed
		Instant later = T0.plus(INTERVAL.multipliedBy(3));
		assertThat(this.leases.claimed(claim(later), later)).isTrue();
	}

	@Test
	void leasesThatEndedBeforeClaimsStoppedAreDroppedAndEveryOtherCheckIsStillPolled() {
		// found by the fault suite (status.postgres-stopped-30s): dropping a lease while
		// walking them threw, every tick, and the checks renewed before the throw were
		// never handed out
		for (int i = 0; i < 50; i++) {
			Instant at = T0.plusSeconds(i % 2 == 0 ? -20 : 0);
			this.leases.claimed(new Claim("c" + i, at, at.plus(INTERVAL), INTERVAL), at);
		}
		Instant claimsStopped = T0;
		List<String> due = this.leases.renewDue(T0.plus(INTERVAL), claimsStopped, (id) -> true);
		assertThat(due).hasSize(25).allMatch((id) -> Integer.parseInt(id.substring(1)) % 2 == 1);
		assertThat(this.leases.keptInMemory()).containsOnlyKeys(due);
		assertThat(this.leases.size()).isEqualTo(25);
	}

	@Test
	void checksNoLongerPollableAreDroppedWhileTheOthersAreRenewed() {
		for (int i = 0; i < 50; i++) {
			this.leases.claimed(new Claim("c" + i, T0, T0.plus(INTERVAL), INTERVAL), T0);
		}
		List<String> due = this.leases.renewDue(T0.plus(INTERVAL), T0, (id) -> !id.endsWith("7"));
		assertThat(due).hasSize(45).noneMatch((id) -> id.endsWith("7"));
		assertThat(this.leases.size()).isEqualTo(45);
	}

	private static Claim claim(Instant at) {
		return new Claim("c", at, at.plus(INTERVAL), INTERVAL);
	}

}
