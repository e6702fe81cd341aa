package io.cairn.status.aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckSource;
import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.StaleRule;
import io.cairn.status.check.TrackedCheck;
import io.cairn.support.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class LiveChecksTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final LiveChecks live = new LiveChecks(this.clock, new StaleRule(Duration.ofSeconds(30), 3));

	@Test
	void aggregateIsKeptIncrementally() {
		List<AggregateSnapshot> seen = new ArrayList<>();
		this.live.addListener(seen::add);
		this.live.put(check("b", 2, CheckStatus.OK, "fine"));
		this.live.put(check("a", 1, CheckStatus.WARNING, "slow"));
		this.live.put(check("c", 3, CheckStatus.CRITICAL, "down"));
		assertThat(this.live.snapshot().status()).isEqualTo(CheckStatus.CRITICAL);
		// Megaphone's order: the order checks were added
		assertThat(this.live.snapshot().message()).isEqualTo("a:Warning:slow|c:Critical:down");
		this.live.put(check("c", 3, CheckStatus.OK, "back"));
		assertThat(this.live.snapshot().status()).isEqualTo(CheckStatus.WARNING);
		this.live.remove("a");
		assertThat(this.live.snapshot().message()).isEqualTo(AggregateSnapshot.ALL_OK);
		assertThat(this.live.snapshot().counts().get(CheckStatus.OK)).isEqualTo(2);
		long sequence = this.live.snapshot().sequence();
		// a poll that changes nothing visible does not touch the aggregate
		this.live.put(check("c", 3, CheckStatus.OK, "back"));
		assertThat(this.live.snapshot().sequence()).isEqualTo(sequence);
		assertThat(seen).hasSize(5);
	}

	@Test
	void staleChecksAreAtLeastUnknown() {
		this.live.put(check("ok", 1, CheckStatus.OK, "fine"));
		this.live.put(check("bad", 2, CheckStatus.CRITICAL, "down"));
		this.clock.advance(Duration.ofSeconds(91));
		this.live.reevaluate();
		AggregateSnapshot snapshot = this.live.snapshot();
		assertThat(snapshot.stale()).isEqualTo(2);
		assertThat(snapshot.status()).isEqualTo(CheckStatus.CRITICAL);
		assertThat(snapshot.message())
			.startsWith("ok:Unknown:Stale: no poll result since 2026-01-01T00:00:00Z|bad:Critical:down (stale");
	}

	@Test
	void mutedChecksLeaveTheAggregateUntilTheMuteEnds() {
		Instant until = this.clock.instant().plusSeconds(60);
		TrackedCheck bad = check("bad", 1, CheckStatus.CRITICAL, "down");
		CheckDefinition d = bad.definition();
		this.live.put(new TrackedCheck(new CheckDefinition(d.id(), d.kind(), d.target(), null, null, d.source(),
				d.tags(), null, null, until, null, "deploy", 1, d.createdAt()), bad.state(), 1));
		assertThat(this.live.snapshot().status()).isEqualTo(CheckStatus.OK);
		assertThat(this.live.snapshot().excluded()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(61));
		this.live.reevaluate();
		assertThat(this.live.snapshot().status()).isEqualTo(CheckStatus.CRITICAL);
	}

	@Test
	void noChecksAndGlobalOverride() {
		assertThat(this.live.snapshot().message()).isEqualTo(AggregateSnapshot.NO_CHECKS);
		this.live.put(check("ok", 1, CheckStatus.OK, "fine"));
		this.live
			.put(new TrackedCheck(
					new CheckDefinition("--global", CheckKind.GLOBAL, "stop", null, null, CheckSource.API, List.of(),
							null, null, null, null, null, 2, this.clock.instant()),
					CheckState.pending(this.clock.instant()), 1));
		assertThat(this.live.snapshot().status()).isEqualTo(CheckStatus.CRITICAL);
		assertThat(this.live.snapshot().message()).isEqualTo("stop");
	}

	@Test
	void aRowReadBeforeADeletionDoesNotBringTheCheckBack() {
		TrackedCheck row = check("gone", 1, CheckStatus.OK, "fine", 1);
		this.live.apply(new CheckChange.Stored(row));
		this.live.apply(new CheckChange.Deleted("gone", 2));
		assertThat(this.live.get("gone")).isNull();
		// a sync that read the row before the deletion applies it after
		this.live.apply(new CheckChange.Stored(row));
		assertThat(this.live.get("gone")).isNull();
		// stored again after the deletion: shown
		this.live.apply(new CheckChange.Stored(check("gone", 1, CheckStatus.WARNING, "back", 3)));
		assertThat(this.live.get("gone").state().message()).isEqualTo("back");
	}

	@Test
	void aDeletionOlderThanTheCheckShownLeavesItAlone() {
		this.live.apply(new CheckChange.Stored(check("again", 1, CheckStatus.OK, "re-added", 5)));
		this.live.apply(new CheckChange.Deleted("again", 4));
		assertThat(this.live.get("again")).isNotNull();
	}

	@Test
	void anOlderRowDoesNotReplaceANewerOne() {
		this.live.apply(new CheckChange.Stored(check("c", 1, CheckStatus.CRITICAL, "newer", 3)));
		this.live.apply(new CheckChange.Stored(check("c", 1, CheckStatus.OK, "older", 2)));
		assertThat(this.live.get("c").state().message()).isEqualTo("newer");
		assertThat(this.live.snapshot().status()).isEqualTo(CheckStatus.CRITICAL);
	}

	@Test
	void aResultNewerThanTheRowIsKeptWithTheRowsDefinition() {
		TrackedCheck row = check("c", 1, CheckStatus.OK, "fine", 1);
		this.live.apply(new CheckChange.Stored(row));
		this.clock.advance(Duration.ofSeconds(30));
		this.live.apply(new CheckChange.Polled("c", row.definition().target(), state(CheckStatus.CRITICAL, "down")));
		// another replica mutes it; its row still holds the older result (this one's
		// write is queued)
		CheckDefinition d = row.definition();
		Instant until = this.clock.instant().plusSeconds(600);
		this.live.apply(new CheckChange.Stored(new TrackedCheck(new CheckDefinition(d.id(), d.kind(), d.target(), null,
				null, d.source(), d.tags(), null, null, until, null, "deploy", 1, d.createdAt()), row.state(), 2)));
		TrackedCheck shown = this.live.get("c");
		assertThat(shown.state().message()).isEqualTo("down");
		assertThat(shown.definition().mutedUntil()).isEqualTo(until);
		assertThat(shown.version()).isEqualTo(2);
	}

	@Test
	void anEarlierResultOfThisReplicaReadBackFromItsRowDoesNotReplaceALaterOne() {
		// IntegrationsTests.consulServicesBecomeOneCheckEachWithTheirWorstState, in the
		// order that made it fail: the clock does not move between Consul's rounds, the
		// flusher writes the first result, the second is taken in, and only then does the
		// sync read the first one's row.
		TrackedCheck row = check("consul-web", 1, CheckStatus.WARNING, "disk warning: 85% used", 1);
		this.live.apply(new CheckChange.Stored(row));
		String target = row.definition().target();
		CheckState earlier = state(CheckStatus.CRITICAL, "Serf Health Status critical");
		this.live.apply(new CheckChange.Polled("consul-web", target, earlier));
		CheckState later = state(CheckStatus.WARNING, "disk warning: 85% used");
		this.live.apply(new CheckChange.Polled("consul-web", target, later));
		this.live.apply(new CheckChange.Stored(new TrackedCheck(row.definition(), earlier, 2)));
		assertThat(this.live.get("consul-web").state()).isEqualTo(later);
		assertThat(this.live.get("consul-web").version()).isEqualTo(2);
		assertThat(this.live.snapshot().status()).isEqualTo(CheckStatus.WARNING);
	}

	@Test
	void betweenRowsOfResultsObservedAtTheSameInstantTheLaterWrittenIsShown() {
		// only this replica's own results are known to be at least as new as a row of the
		// same instant; two other replicas' rows go by the order they were written in
		TrackedCheck row = check("c", 1, CheckStatus.OK, "fine", 1);
		this.live.apply(new CheckChange.Stored(row));
		CheckState polled = state(CheckStatus.CRITICAL, "down");
		this.live.apply(new CheckChange.Stored(new TrackedCheck(row.definition(), polled, 2)));
		assertThat(this.live.get("c").state()).isEqualTo(polled);
	}

	@Test
	void aResultOlderThanTheOneShownOrForAnotherTargetIsDropped() {
		TrackedCheck row = check("c", 1, CheckStatus.OK, "fine", 1);
		this.live.apply(new CheckChange.Stored(row));
		CheckState earlier = new CheckState(CheckStatus.CRITICAL, "Critical", "earlier", null,
				this.clock.instant().minusSeconds(1), 3L, this.clock.instant(), CheckStatus.CRITICAL, 0);
		this.live.apply(new CheckChange.Polled("c", row.definition().target(), earlier));
		this.live.apply(new CheckChange.Polled("c", "http://127.0.0.1/elsewhere", state(CheckStatus.WARNING, "x")));
		this.live.apply(new CheckChange.Polled("unknown", "http://127.0.0.1/unknown", state(CheckStatus.WARNING, "x")));
		assertThat(this.live.get("c").state().message()).isEqualTo("fine");
		assertThat(this.live.get("unknown")).isNull();
		assertThat(this.live.snapshot().status()).isEqualTo(CheckStatus.OK);
	}

	@Test
	void aReloadRemovesWhatWasDeletedBeforeItAndKeepsWhatCameAfter() {
		this.live.apply(new CheckChange.Stored(check("old", 1, CheckStatus.OK, "fine", 1)));
		this.live.apply(new CheckChange.Stored(check("kept", 2, CheckStatus.OK, "fine", 2)));
		// added on this replica after the reload's rows were read
		this.live.apply(new CheckChange.Stored(check("later", 3, CheckStatus.WARNING, "new", 9)));
		this.live.apply(new CheckChange.Reloaded(List.of(check("kept", 2, CheckStatus.OK, "fine", 2)), 8));
		assertThat(this.live.list()).extracting((view) -> view.check().id()).containsExactly("kept", "later");
	}

	private CheckState state(CheckStatus status, String message) {
		Instant now = this.clock.instant();
		return new CheckState(status, status.label(), message, null, now, 3L, now, status, 0);
	}

	private TrackedCheck check(String id, long position, CheckStatus status, String message, long version) {
		TrackedCheck check = check(id, position, status, message);
		return new TrackedCheck(check.definition(), check.state(), version);
	}

	private TrackedCheck check(String id, long position, CheckStatus status, String message) {
		Instant now = this.clock.instant();
		return new TrackedCheck(
				new CheckDefinition(id, CheckKind.HTTP, "http://127.0.0.1/" + id, null, null, CheckSource.API,
						List.of(), null, null, null, null, null, position, now),
				new CheckState(status, status.label(), message, null, now, 3L, now, status, 0), 1);
	}

}
