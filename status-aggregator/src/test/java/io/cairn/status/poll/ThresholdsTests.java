package io.cairn.status.poll;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;

import static org.assertj.core.api.Assertions.assertThat;

class ThresholdsTests {

	private final Thresholds thresholds = new Thresholds(3, 2);

	private Instant now = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void firstResultIsTakenAtOnce() {
		Thresholds.Transition first = this.thresholds.apply(CheckState.pending(this.now), result(CheckStatus.CRITICAL));
		assertThat(first.state().status()).isEqualTo(CheckStatus.CRITICAL);
		assertThat(first.changed()).isTrue();
	}

	@Test
	void failuresAndSuccessesMustRepeat() {
		CheckState state = this.thresholds.apply(CheckState.pending(this.now), result(CheckStatus.OK)).state();
		state = step(state, CheckStatus.CRITICAL, CheckStatus.OK, false);
		state = step(state, CheckStatus.CRITICAL, CheckStatus.OK, false);
		// an OK in between restarts the count
		state = step(state, CheckStatus.OK, CheckStatus.OK, false);
		state = step(state, CheckStatus.CRITICAL, CheckStatus.OK, false);
		state = step(state, CheckStatus.CRITICAL, CheckStatus.OK, false);
		state = step(state, CheckStatus.CRITICAL, CheckStatus.CRITICAL, true);
		// non-OK to non-OK moves at once
		state = step(state, CheckStatus.WARNING, CheckStatus.WARNING, true);
		state = step(state, CheckStatus.OK, CheckStatus.WARNING, false);
		state = step(state, CheckStatus.OK, CheckStatus.OK, true);
		assertThat(state.streak()).isZero();
	}

	@Test
	void defaultsReportEveryPoll() {
		Thresholds megaphone = new Thresholds(1, 1);
		CheckState state = megaphone.apply(CheckState.pending(this.now), result(CheckStatus.OK)).state();
		Thresholds.Transition transition = megaphone.apply(state, result(CheckStatus.WARNING));
		assertThat(transition.changed()).isTrue();
		assertThat(transition.state().status()).isEqualTo(CheckStatus.WARNING);
	}

	private CheckState step(CheckState state, CheckStatus polled, CheckStatus expected, boolean changed) {
		Thresholds.Transition transition = this.thresholds.apply(state, result(polled));
		assertThat(transition.state().status()).isEqualTo(expected);
		assertThat(transition.changed()).isEqualTo(changed);
		assertThat(transition.state().lastResult()).isEqualTo(polled);
		return transition.state();
	}

	private PollResult result(CheckStatus status) {
		this.now = this.now.plusSeconds(30);
		return PollResult.of(status, status.label() + " message", null, this.now, 5);
	}

}
