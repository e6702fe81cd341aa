package io.cairn.bridge.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The series alerts watch exist from start-up, at zero: Prometheus's increase() sees no
 * rise in a series that appears with its first event.
 */
class BridgeMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void everySyncOutcomeDriftAndErrorKindExistsAtZeroFromStartUp() {
		new BridgeMetrics(this.registry);
		for (String outcome : BridgeMetrics.SYNC_OUTCOMES) {
			Timer timer = this.registry.find("cairn.bridge.sync.duration").tag("outcome", outcome).timer();
			assertThat(timer).as(outcome).isNotNull();
			assertThat(timer.count()).isZero();
		}
		assertThat(BridgeMetrics.SYNC_OUTCOMES).contains("refused");
		for (String kind : BridgeMetrics.DRIFT_KINDS) {
			Counter counter = this.registry.find("cairn.bridge.sync.drift").tag("kind", kind).counter();
			assertThat(counter).as(kind).isNotNull();
			assertThat(counter.count()).isZero();
		}
		for (String kind : BridgeMetrics.ERROR_KINDS) {
			Counter counter = this.registry.find("cairn.bridge.errors").tag("kind", kind).counter();
			assertThat(counter).as(kind).isNotNull();
			assertThat(counter.count()).isZero();
		}
	}

	@Test
	void aRecordedSyncLandsOnTheSeriesThatExistedBefore() {
		BridgeMetrics metrics = new BridgeMetrics(this.registry);
		metrics.sync(java.time.Duration.ofMillis(5), "refused");
		assertThat(this.registry.find("cairn.bridge.sync.duration").tag("outcome", "refused").timers()).hasSize(1);
		assertThat(this.registry.get("cairn.bridge.sync.duration").tag("outcome", "refused").timer().count())
			.isEqualTo(1);
	}

}
