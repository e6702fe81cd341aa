package io.cairn.status.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckSource;
import io.cairn.status.service.InvalidCheckException;
import io.cairn.support.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * When windows open and close: recurring ones in a zone with daylight saving time,
 * one-off ones, group windows, and the bounds.
 */
class MaintenanceWindowTests {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private final MaintenanceWindow sundays = MaintenanceWindow.of("sundays", null, "db", null, "0 0 2 * * SUN", BERLIN,
			Duration.ofHours(2), "weekly vacuum", Instant.EPOCH);

	@Test
	void aRecurringWindowOpensAtItsLocalTimeInWinterAndInSummer() {
		// winter (CET, UTC+1): Sunday 2026-12-06 02:00 local is 01:00Z
		assertThat(this.sundays.openUntil(at("2026-12-06T00:59:59Z"))).isNull();
		assertThat(this.sundays.nextStart(at("2026-12-06T00:59:59Z"))).isEqualTo(at("2026-12-06T01:00:00Z"));
		assertThat(this.sundays.openUntil(at("2026-12-06T01:00:00Z"))).isEqualTo(at("2026-12-06T03:00:00Z"));
		assertThat(this.sundays.openUntil(at("2026-12-06T02:59:59Z"))).isEqualTo(at("2026-12-06T03:00:00Z"));
		assertThat(this.sundays.openUntil(at("2026-12-06T03:00:00Z"))).isNull();
		assertThat(this.sundays.nextStart(at("2026-12-06T03:00:00Z"))).isEqualTo(at("2026-12-13T01:00:00Z"));
		// summer (CEST, UTC+2): Sunday 2027-06-06 02:00 local is 00:00Z
		assertThat(this.sundays.openUntil(at("2027-06-05T23:59:59Z"))).isNull();
		assertThat(this.sundays.openUntil(at("2027-06-06T00:00:00Z"))).isEqualTo(at("2027-06-06T02:00:00Z"));
		assertThat(this.sundays.openUntil(at("2027-06-06T02:00:00Z"))).isNull();
	}

	@Test
	void onTheNightsTheClocksChangeTheDurationIsElapsedTime() {
		// 2027-03-28: 02:00 local does not exist (01:59:59 CET is followed by 03:00
		// CEST),
		// and Spring's cron skips a time that does not exist: no window that Sunday (the
		// docs say to keep recurring windows out of the hour the clocks skip)
		assertThat(this.sundays.nextStart(at("2027-03-27T12:00:00Z"))).isEqualTo(at("2027-04-04T00:00:00Z"));
		assertThat(this.sundays.openUntil(at("2027-03-28T01:30:00Z"))).isNull();
		MaintenanceWindow oneThirty = MaintenanceWindow.of("early", null, "db", null, "0 30 1 * * SUN", BERLIN,
				Duration.ofHours(2), null, Instant.EPOCH);
		// 01:30 CET exists; two hours of elapsed time end at 04:30 CEST
		assertThat(oneThirty.openUntil(at("2027-03-28T00:30:00Z"))).isEqualTo(at("2027-03-28T02:30:00Z"));
		// 2026-10-25: 02:00 local happens twice; the window opens at the first and lasts
		// 2 h
		Instant autumnStart = this.sundays.nextStart(at("2026-10-24T12:00:00Z"));
		assertThat(autumnStart).isEqualTo(at("2026-10-25T00:00:00Z"));
		assertThat(this.sundays.openUntil(autumnStart)).isEqualTo(at("2026-10-25T02:00:00Z"));
	}

	@Test
	void aOneOffWindowIsOpenFromItsStartForItsDuration() {
		MaintenanceWindow once = MaintenanceWindow.of("once", "orders", null, at("2026-12-05T10:00:00Z"), null, null,
				Duration.ofMinutes(30), null, Instant.EPOCH);
		assertThat(once.openUntil(at("2026-12-05T09:59:59Z"))).isNull();
		assertThat(once.nextChange(at("2026-12-05T09:59:59Z"))).isEqualTo(at("2026-12-05T10:00:00Z"));
		assertThat(once.openUntil(at("2026-12-05T10:29:59Z"))).isEqualTo(at("2026-12-05T10:30:00Z"));
		assertThat(once.openUntil(at("2026-12-05T10:30:00Z"))).isNull();
		assertThat(once.nextChange(at("2026-12-05T10:30:00Z"))).isNull();
	}

	@Test
	void theScheduleCoversEveryCheckOfAGroupAndFollowsTheClock() {
		MutableClock clock = new MutableClock(at("2026-12-06T00:30:00Z"));
		MaintenanceSchedule schedule = new MaintenanceSchedule(new MaintenanceStore(null) {
			@Override
			public List<MaintenanceWindow> all() {
				return List.of();
			}
		}, List.of(this.sundays), clock);
		CheckDefinition db = check("db-1", "db");
		CheckDefinition web = check("web-1", "web");
		assertThat(schedule.openFor(db, clock.instant())).isNull();
		clock.advance(Duration.ofMinutes(30));
		assertThat(schedule.openFor(db, clock.instant())).satisfies((open) -> {
			assertThat(open.window()).isEqualTo("sundays");
			assertThat(open.until()).isEqualTo(at("2026-12-06T03:00:00Z"));
			assertThat(open.reason()).isEqualTo("weekly vacuum");
		});
		assertThat(schedule.openFor(web, clock.instant())).isNull();
		clock.advance(Duration.ofHours(2));
		assertThat(schedule.openFor(db, clock.instant())).isNull();
	}

	@Test
	void windowsAreBoundedAndARefusalNamesTheField() {
		Instant now = at("2026-12-05T10:00:00Z");
		Duration max = Duration.ofDays(30);
		refused("cron", () -> WindowRules.window("w", null, "db", null, "0 0 2 * *", null, "2h", null, max, now));
		refused("cron", () -> WindowRules.window("w", null, "db", null, "0 0 0 30 2 *", null, "2h", null, max, now));
		refused("zone",
				() -> WindowRules.window("w", null, "db", null, "0 0 2 * * SUN", "Mars/Olympus", "2h", null, max, now));
		refused("duration",
				() -> WindowRules.window("w", null, "db", null, "0 0 2 * * SUN", null, "31d", null, max, now));
		refused("duration", () -> WindowRules.window("w", null, "db", null, null, null, "0s", null, max, now));
		refused("duration", () -> WindowRules.window("w", null, "db", null, null, null, null, null, max, now));
		refused("check", () -> WindowRules.window("w", "a", "db", null, null, null, "1h", null, max, now));
		refused("check", () -> WindowRules.window("w", null, null, null, null, null, "1h", null, max, now));
		refused("group", () -> WindowRules.window("w", null, "no spaces", null, null, null, "1h", null, max, now));
		refused("start", () -> WindowRules.window("w", null, "db", "tomorrow", null, null, "1h", null, max, now));
		refused("start",
				() -> WindowRules.window("w", null, "db", "2028-12-05T10:00:00Z", null, null, "1h", null, max, now));
		refused("reason", () -> WindowRules.window("w", null, "db", null, null, null, "1h", "x".repeat(501), max, now));
		refused("id", () -> WindowRules.window("a/b", null, "db", null, null, null, "1h", null, max, now));
	}

	private static void refused(String field, Runnable attempt) {
		assertThatExceptionOfType(InvalidCheckException.class).isThrownBy(attempt::run)
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo(field));
	}

	private static CheckDefinition check(String id, String tag) {
		return new CheckDefinition(id, CheckKind.HTTP, "http://127.0.0.1/" + id, null, null, CheckSource.API,
				List.of(tag), null, null, null, null, null, 1, Instant.EPOCH);
	}

	private static Instant at(String text) {
		return Instant.parse(text);
	}

}
