package io.cairn.registry.watch;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.cairn.registry.domain.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BlockingQueryTests {

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
