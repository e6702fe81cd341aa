package io.cairn.status.aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckSource;
import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.FlapSpec;
import io.cairn.status.check.StaleRule;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.probe.Probe;
import io.cairn.support.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Flap detection, fed with sequences of results as the poller hands them to the view.
 */
class FlapDetectionTests {

	private static final CheckStatus O = CheckStatus.OK;

	private static final CheckStatus C = CheckStatus.CRITICAL;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final LiveChecks live = new LiveChecks(this.clock, new StaleRule(Duration.ofSeconds(30), 3),
			new FlappingProperties(true, 21, 5.0, 20.0));

	@Test
	void newerChangesWeighMoreThanOlderOnes() {
		CheckStatus[] newest = new CheckStatus[21];
		CheckStatus[] oldest = new CheckStatus[21];
		CheckStatus[] alternating = new CheckStatus[21];
		for (int i = 0; i < 21; i++) {
			newest[i] = (i == 20) ? C : O;
			oldest[i] = (i == 0) ? C : O;
			alternating[i] = (i % 2 == 0) ? O : C;
		}
		// one change among 20 possible ones: 1.25 or 0.75 of 5 %
		assertThat(FlapTracker.percentStateChange(newest, 21, 21)).isCloseTo(6.25, within(1e-9));
		assertThat(FlapTracker.percentStateChange(oldest, 21, 21)).isCloseTo(3.75, within(1e-9));
		assertThat(FlapTracker.percentStateChange(alternating, 21, 21)).isCloseTo(100.0, within(1e-9));
		// a status that stays put, whichever it is, has no change
		assertThat(FlapTracker.percentStateChange(new CheckStatus[] { C, C, C }, 3, 21)).isZero();
	}

	@Test
	void aCheckStartsFlappingAtTheHighThresholdAndStopsOnlyBelowTheLowOne() {
		this.live.put(check("web", null));
		feed("web", O, O, O, O, O, O, O, O, O, O);
		assertThat(this.live.flap("web").flapping()).isFalse();
		assertThat(this.live.flap("web").percentStateChange()).isZero();
		// three changes: about 18 %, under the high threshold (20 %)
		feed("web", C, O, C);
		assertThat(this.live.flap("web").percentStateChange()).isCloseTo(18.36, within(0.01));
		assertThat(this.live.flap("web").flapping()).isFalse();
		// the fourth change takes it past 20 %
		feed("web", O);
		assertThat(this.live.flap("web").percentStateChange()).isCloseTo(24.21, within(0.01));
		assertThat(this.live.flap("web").flapping()).isTrue();
		assertThat(this.live.flappingCount()).isEqualTo(1);
		// steady again: the changes age (and weigh less) but it keeps flapping while the
		// percentage is at or above the low threshold, though under the high one
		feed("web", O, O, O, O, O, O, O, O, O, O, O, O, O, O);
		FlapState aging = this.live.flap("web");
		assertThat(aging.percentStateChange()).isBetween(5.0, 20.0);
		assertThat(aging.flapping()).isTrue();
		// the changes leave the window of 21 results: it stops
		feed("web", O, O, O, O, O, O, O);
		assertThat(this.live.flap("web")).isEqualTo(new FlapState(false, 0, 21));
		assertThat(this.live.flappingCount()).isZero();
	}

	@Test
	void aCheckMayHaveThresholdsOfItsOwnOrNone() {
		this.live.put(check("strict", new FlapSpec(true, 1, 10)));
		this.live.put(check("quiet", FlapSpec.OFF));
		feed("strict", O, C, O);
		feed("quiet", O, C, O, C, O, C, O, C);
		assertThat(this.live.flap("strict").flapping()).isTrue();
		assertThat(this.live.flap("quiet").flapping()).isFalse();
		assertThat(this.live.flap("quiet").percentStateChange()).isGreaterThan(20.0);
	}

	@Test
	void aRowReadBackIsNotASecondResultAndADeletedCheckIsForgotten() {
		this.live.put(check("web", null));
		feed("web", O, C, O, C, O);
		assertThat(this.live.flap("web").flapping()).isTrue();
		int results = this.live.flap("web").results();
		TrackedCheck shown = this.live.get("web");
		// the sync reads this replica's own last result back from the database
		this.live.apply(new CheckChange.Stored(new TrackedCheck(shown.definition(), shown.state(), 99)));
		assertThat(this.live.flap("web").results()).isEqualTo(results);
		this.live.apply(new CheckChange.Deleted("web", 100));
		assertThat(this.live.flap("web")).isEqualTo(FlapState.NONE);
		assertThat(this.live.flappingCount()).isZero();
	}

	@Test
	void theSettingsAreBounded() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FlappingProperties(true, 2, 5, 20))
			.withMessageContaining("cairn.status.flapping.window");
		assertThatIllegalArgumentException().isThrownBy(() -> new FlappingProperties(true, 21, 20, 20))
			.withMessageContaining("cairn.status.flapping.low-threshold");
		assertThatIllegalArgumentException().isThrownBy(() -> new FlappingProperties(true, 21, 5, 101))
			.withMessageContaining("cairn.status.flapping.high-threshold");
	}

	private void feed(String id, CheckStatus... results) {
		for (CheckStatus result : results) {
			this.clock.advance(Duration.ofSeconds(1));
			Instant now = this.clock.instant();
			TrackedCheck shown = this.live.get(id);
			this.live.apply(new CheckChange.Polled(id, shown.definition().target(),
					new CheckState(result, result.label(), "m", null, now, 3L, now, result, 0)));
		}
	}

	private TrackedCheck check(String id, FlapSpec spec) {
		Instant now = this.clock.instant();
		Probe probe = (spec != null) ? new Probe(null, List.of(), List.of(), null, null, spec) : null;
		return new TrackedCheck(new CheckDefinition(id, CheckKind.HTTP, "http://127.0.0.1/" + id, null, null,
				CheckSource.API, List.of(), null, null, null, null, null, 1, now, probe), CheckState.pending(now), 1);
	}

}
