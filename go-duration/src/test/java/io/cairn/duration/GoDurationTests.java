package io.cairn.duration;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GoDurationTests {

	@Test
	void parsesConsulStyleDurations() {
		assertThat(GoDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
		assertThat(GoDuration.parse("5m")).isEqualTo(Duration.ofMinutes(5));
		assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
		assertThat(GoDuration.parse("2m30s")).isEqualTo(Duration.ofSeconds(150));
		assertThat(GoDuration.parse("1h")).isEqualTo(Duration.ofHours(1));
		assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
		assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
		assertThat(GoDuration.parse("45")).isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void parsesEveryUnitGoWrites() {
		assertThat(GoDuration.parse("7ns")).isEqualTo(Duration.ofNanos(7));
		assertThat(GoDuration.parse("3us")).isEqualTo(Duration.ofNanos(3_000));
		assertThat(GoDuration.parse("3µs")).isEqualTo(Duration.ofNanos(3_000));
		assertThat(GoDuration.parse(" 1h2m3s4ms ")).isEqualTo(Duration.ofMillis(3_723_004));
	}

	@Test
	void refusesWhatIsNotADuration() {
		for (String bad : new String[] { "", "s", "5x", "5m garbage", "-5s", "m5", "5 minutes", "1".repeat(33),
				"1".repeat(8000) + "x", "1s".repeat(4000) }) {
			assertThatIllegalArgumentException().as(bad).isThrownBy(() -> GoDuration.parse(bad));
		}
	}

	@Test
	void refusalsSayWhatIsWrongWithoutEchoingControlCharacters() {
		assertThatIllegalArgumentException().isThrownBy(() -> GoDuration.parse("forever"))
			.withMessage("'forever' is not a duration (write it like 30s, 5m, 1m30s or 250ms)");
		assertThatIllegalArgumentException().isThrownBy(() -> GoDuration.parse("5s\n\u202Eevil"))
			.withMessageStartingWith("'5s??evil' is not a duration");
		assertThatIllegalArgumentException().isThrownBy(() -> GoDuration.parse("1".repeat(33)))
			.withMessageContaining("longer than 32 characters");
	}

	@Test
	void formatsWholeSecondsAsSecondsAndTheRestAsMilliseconds() {
		assertThat(GoDuration.format(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(GoDuration.format(Duration.ofNanos(10))).isEqualTo("1ms");
		assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
		assertThatIllegalArgumentException().isThrownBy(() -> GoDuration.format(Duration.ofSeconds(-1)));
	}

	@Test
	void whatIsFormattedParsesBackToTheSameDuration() {
		for (Duration duration : new Duration[] { Duration.ofSeconds(90), Duration.ofMillis(1500),
				Duration.ofHours(24) }) {
			assertThat(GoDuration.parse(GoDuration.format(duration))).isEqualTo(duration);
		}
	}

}
