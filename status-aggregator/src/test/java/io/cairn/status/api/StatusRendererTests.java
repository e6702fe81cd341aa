package io.cairn.status.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.StaleRule;
import io.cairn.support.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class StatusRendererTests {

	@Test
	void dateIsMegaphonesFormatAtTheTimeOfTheAnswer() {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-22T14:13:35Z"));
		LiveChecks live = new LiveChecks(clock, new StaleRule(Duration.ofSeconds(30), 3));
		StatusRenderer utc = new StatusRenderer(live, clock, ZoneId.of("UTC"));
		assertThat(new String(utc.answer().body())).isEqualTo(
				"{\"status\": \"Unknown\", \"message\": \"No checks are registered!\", \"date\": \"2026-11-22T14:13:35UTC\"}");
		clock.advance(Duration.ofMinutes(3));
		assertThat(utc.dateText()).isEqualTo("2026-11-22T14:16:35UTC");
		// Megaphone printed the server's zone abbreviation (its README shows CDT).
		StatusRenderer chicago = new StatusRenderer(live, clock, ZoneId.of("America/Chicago"));
		assertThat(chicago.dateText()).isEqualTo("2026-11-22T08:16:35CST");
	}

}
