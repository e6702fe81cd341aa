package io.cairn.status.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.status.aggregate.Contribution;
import io.cairn.status.aggregate.FlapState;
import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckSource;
import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.StaleRule;
import io.cairn.status.check.TrackedCheck;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link AlertGate} decides: open on a failing status, resolve on recovery, remind
 * while failing, trigger again on another failing status, and nothing for muted or
 * in-maintenance checks (which still resolve what they opened).
 */
class AlertGateTests {

	private static final Instant NOW = Instant.parse("2026-12-05T14:00:00Z");

	private final AlertGate critical = new AlertGate(CheckStatus.CRITICAL, Duration.ofMinutes(30));

	private final AlertGate warning = new AlertGate(CheckStatus.WARNING, Duration.ZERO);

	private static TrackedCheck check(CheckStatus status, Instant mutedUntil, Instant maintenanceUntil) {
		CheckDefinition definition = new CheckDefinition("db", CheckKind.HTTP, "http://db.test/status", null, null,
				CheckSource.API, List.of(), Duration.ofSeconds(30), null, mutedUntil, maintenanceUntil, null, 0,
				NOW.minusSeconds(3600));
		return new TrackedCheck(definition,
				new CheckState(status, status.label(), "said " + status.label(), null, NOW, 12L, NOW, status, 1), 1);
	}

	private static TrackedCheck check(CheckStatus status) {
		return check(status, null, null);
	}

	private static Contribution contribution(TrackedCheck check) {
		return Contribution.of(check, NOW, new StaleRule(Duration.ofSeconds(30), 3));
	}

	private Alert.Kind decide(AlertGate gate, TrackedCheck check, OpenAlert open, Instant now) {
		return gate.decide(check, contribution(check), FlapState.NONE, open, now);
	}

	private static OpenAlert open(CheckStatus status, Instant lastSentAt) {
		return new OpenAlert("db", status, NOW.minusSeconds(600), lastSentAt, List.of("hook"));
	}

	@Test
	void aFailingStatusOpensAnAlertAndRecoveryResolvesIt() {
		assertThat(decide(this.critical, check(CheckStatus.CRITICAL), null, NOW)).isEqualTo(Alert.Kind.TRIGGERED);
		assertThat(decide(this.critical, check(CheckStatus.OK), open(CheckStatus.CRITICAL, NOW), NOW))
			.isEqualTo(Alert.Kind.RESOLVED);
		assertThat(decide(this.critical, check(CheckStatus.OK), null, NOW)).isNull();
	}

	@Test
	void whatFailsIsConfigurable() {
		assertThat(decide(this.critical, check(CheckStatus.WARNING), null, NOW)).isNull();
		assertThat(decide(this.critical, check(CheckStatus.UNKNOWN), null, NOW)).isNull();
		assertThat(decide(this.warning, check(CheckStatus.WARNING), null, NOW)).isEqualTo(Alert.Kind.TRIGGERED);
		assertThat(decide(this.warning, check(CheckStatus.CRITICAL), null, NOW)).isEqualTo(Alert.Kind.TRIGGERED);
		assertThat(decide(this.warning, check(CheckStatus.UNKNOWN), null, NOW)).isNull();
		// Critical to Warning is still failing with alert-on WARNING: triggers with the
		// new status; with alert-on CRITICAL it resolves.
		assertThat(decide(this.warning, check(CheckStatus.WARNING), open(CheckStatus.CRITICAL, NOW), NOW))
			.isEqualTo(Alert.Kind.TRIGGERED);
		assertThat(decide(this.critical, check(CheckStatus.WARNING), open(CheckStatus.CRITICAL, NOW), NOW))
			.isEqualTo(Alert.Kind.RESOLVED);
	}

	@Test
	void anOpenAlertIsRemindedEveryIntervalAndNotBefore() {
		OpenAlert sent = open(CheckStatus.CRITICAL, NOW);
		assertThat(decide(this.critical, check(CheckStatus.CRITICAL), sent, NOW.plus(Duration.ofMinutes(29)))).isNull();
		assertThat(decide(this.critical, check(CheckStatus.CRITICAL), sent, NOW.plus(Duration.ofMinutes(30))))
			.isEqualTo(Alert.Kind.REMINDER);
		// remind-every 0: never
		assertThat(decide(this.warning, check(CheckStatus.CRITICAL), sent, NOW.plus(Duration.ofDays(30)))).isNull();
	}

	@Test
	void mutedAndInMaintenanceChecksDoNotAlertButResolveWhatTheyOpened() {
		Instant later = NOW.plusSeconds(600);
		TrackedCheck muted = check(CheckStatus.CRITICAL, later, null);
		TrackedCheck maintained = check(CheckStatus.CRITICAL, null, later);
		assertThat(decide(this.critical, muted, null, NOW)).isNull();
		assertThat(decide(this.critical, maintained, null, NOW)).isNull();
		assertThat(decide(this.critical, muted, open(CheckStatus.CRITICAL, NOW.minusSeconds(7200)), NOW)).isNull();
		assertThat(decide(this.critical, check(CheckStatus.OK, later, null), open(CheckStatus.CRITICAL, NOW), NOW))
			.isEqualTo(Alert.Kind.RESOLVED);
		// once the mute is over, the same check alerts
		assertThat(this.critical.decide(muted, Contribution.of(muted, later, new StaleRule(Duration.ofDays(1), 3)),
				FlapState.NONE, null, later))
			.isEqualTo(Alert.Kind.TRIGGERED);
	}

	@Test
	void aFlappingCheckOpensAndRemindsNothingButResolvesWhatItOpenedAndAlertsOnceItSettles() {
		TrackedCheck critical = check(CheckStatus.CRITICAL);
		FlapState flapping = new FlapState(true, 35.0, 21);
		assertThat(this.critical.decide(critical, contribution(critical), flapping, null, NOW)).isNull();
		assertThat(this.critical.decide(critical, contribution(critical), flapping,
				open(CheckStatus.CRITICAL, NOW.minusSeconds(7200)), NOW))
			.as("no reminder while it flaps")
			.isNull();
		TrackedCheck ok = check(CheckStatus.OK);
		assertThat(this.critical.decide(ok, contribution(ok), flapping, open(CheckStatus.CRITICAL, NOW), NOW))
			.isEqualTo(Alert.Kind.RESOLVED);
		FlapState settled = new FlapState(false, 4.0, 21);
		assertThat(this.critical.decide(critical, contribution(critical), settled, null, NOW))
			.isEqualTo(Alert.Kind.TRIGGERED);
	}

	@Test
	void megaphonesGlobalOverrideNeverAlerts() {
		CheckDefinition definition = new CheckDefinition(CheckDefinition.GLOBAL_ID, CheckKind.GLOBAL, "down for all",
				null, null, CheckSource.API, List.of(), null, null, null, null, null, 0, NOW);
		TrackedCheck global = new TrackedCheck(definition, CheckState.pending(NOW), 1);
		assertThat(this.critical.decide(global, contribution(global), FlapState.NONE, null, NOW)).isNull();
	}

}
