package io.cairn.registry.watch;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.cairn.registry.config.RegistryProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WatchLimitsTests {

	private final WatchLimits limits = new WatchLimits(properties(5, 3), new SimpleMeterRegistry());

	@Test
	void eachClientHoldsAtMostItsShare() {
		for (int i = 0; i < 3; i++) {
			this.limits.acquire("10.0.0.1");
		}
		assertThatExceptionOfType(TooManyWatchesException.class).isThrownBy(() -> this.limits.acquire("10.0.0.1"))
			.withMessageContaining("max-per-client")
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
		assertThat(this.limits.held()).isEqualTo(3);
		this.limits.acquire("10.0.0.2");
	}

	@Test
	void allClientsTogetherHoldAtMostTheTotal() {
		for (int i = 0; i < 5; i++) {
			this.limits.acquire("10.0.1." + i);
		}
		assertThatExceptionOfType(TooManyWatchesException.class).isThrownBy(() -> this.limits.acquire("10.0.2.1"))
			.withMessageContaining("max-total");
		assertThat(this.limits.held()).isEqualTo(5);
	}

	@Test
	void aReleasedPermitFreesItsPlaceOnce() {
		WatchLimits.Permit first = this.limits.acquire("10.0.0.1");
		this.limits.acquire("10.0.0.1");
		this.limits.acquire("10.0.0.1");
		first.release();
		first.release();
		assertThat(this.limits.held()).isEqualTo(2);
		this.limits.acquire("10.0.0.1");
		assertThatExceptionOfType(TooManyWatchesException.class).isThrownBy(() -> this.limits.acquire("10.0.0.1"));
	}

	static RegistryProperties properties(int maxTotal, int maxPerClient) {
		return new RegistryProperties(Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(1),
				Duration.ofSeconds(1), Duration.ofDays(7), 1_000_000, 100, 10, Duration.ofMinutes(5),
				Duration.ofMinutes(10), 50_000, 10_000,
				new RegistryProperties.Watches(maxTotal, maxPerClient, 2, Duration.ofSeconds(5)),
				new RegistryProperties.Registrations(500, 2000, Duration.ofSeconds(1)));
	}

}
