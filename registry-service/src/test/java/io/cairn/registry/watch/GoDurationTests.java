package io.cairn.registry.watch;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.cairn.registry.domain.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GoDurationTests {

	@Test
	void parsesConsulStyleDurations() {
		assertThat(GoDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
		assertThat(GoDuration.parse("5m")).isEqualTo(Duration.ofMinutes(5));
		assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
		assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
		assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
		assertThat(GoDuration.parse("45")).isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void refusesWhatIsNotADuration() {
		for (String bad : new String[] { "", "s", "5x", "5m garbage", "-5s", "m5", "1".repeat(33),
				"1".repeat(8000) + "x", "1s".repeat(4000) }) {
			assertThatIllegalArgumentException().as(bad).isThrownBy(() -> GoDuration.parse(bad));
		}
	}

	@Test
	void blockingQueriesCapTheWaitAtTheMaximum() {
		BlockingQuery query = BlockingQuery.of(7L, "1h", Duration.ofMinutes(5), Duration.ofMinutes(10));
		assertThat(query.waitTime()).isEqualTo(Duration.ofMinutes(10));
		assertThat(query.blocking()).isTrue();
		assertThat(BlockingQuery.of(null, null, Duration.ofMinutes(5), Duration.ofMinutes(10)).blocking()).isFalse();
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> BlockingQuery.of(-1L, null, Duration.ofMinutes(5), Duration.ofMinutes(10)));
	}

}
