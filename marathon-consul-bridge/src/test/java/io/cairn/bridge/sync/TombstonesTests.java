package io.cairn.bridge.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remembered end wins only over a read of Marathon made before it; a read made after it
 * wins over the end.
 */
class TombstonesTests {

	@Test
	void anEndOutvotesOnlyReadsMadeBeforeIt() {
		AtomicLong nanos = new AtomicLong(1_000);
		Tombstones tombstones = new Tombstones(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), nanos::get);
		long readBefore = 999;
		tombstones.add("web.1");
		long readAfter = 1_001;
		assertThat(tombstones.endedAfter("web.1", readBefore)).isTrue();
		assertThat(tombstones.endedAfter("web.1", readAfter)).isFalse();
		assertThat(tombstones.endedAfter("web.2", readBefore)).isFalse();
		assertThat(tombstones.contains("web.1")).isTrue();
		assertThat(tombstones.size()).isEqualTo(1);
	}

	@Test
	void endsAreForgottenAfterAnHour() {
		Instant start = Instant.parse("2026-01-01T00:00:00Z");
		MutableClock clock = new MutableClock(start);
		Tombstones tombstones = new Tombstones(clock, () -> 0);
		tombstones.add("web.1");
		clock.now = start.plus(Duration.ofMinutes(61));
		assertThat(tombstones.contains("web.1")).isFalse();
	}

	private static final class MutableClock extends Clock {

		Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
