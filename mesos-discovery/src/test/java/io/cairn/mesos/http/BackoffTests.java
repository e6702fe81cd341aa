package io.cairn.mesos.http;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BackoffTests {

	@Test
	void stopsWhenTheBudgetIsSpent() throws InterruptedException {
		Backoff backoff = Backoff.within(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(50));
		int pauses = 0;
		while (backoff.pause()) {
			pauses++;
			assertThat(pauses).as("a budget of 50 ms ends the attempts").isLessThan(1000);
		}
		assertThat(backoff.pause()).as("spent stays spent").isFalse();
		backoff.reset();
		assertThat(backoff.pause()).as("a fresh budget after a success").isTrue();
	}

	@Test
	void anUnboundedBackoffKeepsAllowingAttemptsPastCuratorsRetryLimit() throws InterruptedException {
		Backoff backoff = Backoff.unbounded(Duration.ofMillis(1), Duration.ofMillis(1));
		for (int i = 0; i < 100; i++) {
			assertThat(backoff.pause()).isTrue();
		}
	}

	@Test
	void anInterruptedPauseThrowsAndClearsTheFlag() {
		Backoff backoff = Backoff.unbounded(Duration.ofSeconds(10), Duration.ofSeconds(10));
		Thread.currentThread().interrupt();
		assertThatExceptionOfType(InterruptedException.class).isThrownBy(backoff::pause);
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
	}

}
