package io.cairn.status.maintenance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.testsupport.AppTestSupport;
import io.cairn.status.testsupport.TestBeans;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled maintenance through the API, with the tests' clock moved across a window's
 * start and end.
 */
class MaintenanceApiTests extends AppTestSupport {

	@Autowired
	MaintenanceStore store;

	@Autowired
	MaintenanceSchedule schedule;

	@AfterEach
	void deleteWindows() {
		this.store.all().forEach((window) -> this.store.delete(window.id()));
		this.schedule.refresh();
	}

	@Test
	void aGroupWindowTakesEveryCheckOfTheGroupOutWhileItIsOpen() {
		addCritical("db-1", "db");
		addCritical("db-2", "db");
		addCritical("web-1", "web");
		assertThat(this.live.snapshot().message()).contains("db-1").contains("db-2").contains("web-1");
		Instant start = TestBeans.CLOCK.instant().plus(Duration.ofHours(1));
		HttpResponse<String> created = this.http.post("/maintenance", "{\"id\": \"db-upgrade\", \"group\": \"db\", "
				+ "\"start\": \"" + start + "\", \"duration\": \"2h\", \"reason\": \"PostgreSQL 18\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.body()).contains("\"open\":false").contains("\"nextStart\":\"" + start + "\"");

		// the window opens
		TestBeans.CLOCK.advance(Duration.ofHours(1));
		this.live.reevaluate();
		assertThat(this.live.snapshot().message()).doesNotContain("db-1").doesNotContain("db-2").contains("web-1");
		assertThat(this.live.snapshot().excluded()).isEqualTo(2);
		String db1 = this.http.get("/checks/db-1").body();
		assertThat(db1).contains("\"counted\":false")
			.contains("\"maintenance\":{\"until\":\"" + start.plus(Duration.ofHours(2))
					+ "\",\"window\":\"db-upgrade\"," + "\"reason\":\"PostgreSQL 18\"}");
		assertThat(this.http.get("/checks/web-1").body()).doesNotContain("\"maintenance\"");
		assertThat(this.http.get("/maintenance/db-upgrade").body()).contains("\"open\":true");

		// not polled while it is open: a check of the group added now is never polled
		// (it would be at once, in the first-poll lane), while one added after it is
		endpoints.answer("db-3", 200, "{\"status\": \"OK\", \"message\": \"fine\"}");
		assertThat(
				this.http
					.post("/checks",
							"{\"id\": \"db-3\", \"url\": \"" + endpoints.url("/dynamic/db-3")
									+ "\", \"tags\": [\"db\"]}")
					.statusCode())
			.isEqualTo(201);
		addCritical("web-2", "web");
		assertThat(this.live.get("db-3").state().polledAt()).isNull();
		assertThat(endpoints.hits("/dynamic/db-3")).isZero();
		assertThat(this.http.get("/checks/db-3").body()).contains("\"stale\":false")
			.contains("\"window\":\"db-upgrade\"");

		// and closes
		TestBeans.CLOCK.advance(Duration.ofHours(2));
		this.live.reevaluate();
		assertThat(this.live.snapshot().message()).contains("db-1").contains("db-2");
		assertThat(this.http.get("/checks/db-1").body()).doesNotContain("\"maintenance\"");
		this.http.post("/checks/db-3/poll", "");
		awaitTrue(() -> this.live.get("db-3").state().polledAt() != null);
	}

	@Test
	void aRecurringWindowCanBeListedAndDeleted() {
		HttpResponse<String> created = this.http.post("/maintenance",
				"{\"check\": \"orders\", \"cron\": \"0 0 2 * * SUN\", \"duration\": \"2h\", \"zone\": \"Europe/Berlin\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.body()).contains("\"id\":\"mw-").contains("\"zone\":\"Europe/Berlin\"");
		String id = created.body().replaceAll(".*\"id\":\"(mw-[0-9a-f]+)\".*", "$1");
		assertThat(this.http.get("/maintenance").body()).contains(id).contains("\"source\":\"api\"");
		assertThat(
				this.http.post("/maintenance", "{\"id\": \"" + id + "\", \"check\": \"orders\", \"duration\": \"1h\"}")
					.statusCode())
			.isEqualTo(409);
		assertThat(this.http.delete("/maintenance/" + id).statusCode()).isEqualTo(204);
		assertThat(this.http.delete("/maintenance/" + id).statusCode()).isEqualTo(404);
		assertThat(this.http.get("/maintenance/" + id).statusCode()).isEqualTo(404);
	}

	@Test
	void badWindowsAre400sNamingTheFieldAndNothingIsStored() {
		String[][] bad = { { "{\"group\": \"db\", \"cron\": \"every sunday\", \"duration\": \"2h\"}", "cron" },
				{ "{\"group\": \"db\", \"cron\": \"0 0 2 * * SUN\", \"zone\": \"Nowhere/Else\", \"duration\": \"2h\"}",
						"zone" },
				{ "{\"group\": \"db\", \"cron\": \"0 0 2 * * SUN\", \"duration\": \"31d\"}", "duration" },
				{ "{\"group\": \"db\", \"cron\": \"0 0 2 * * SUN\", \"duration\": 7200}", "duration" },
				{ "{\"group\": \"db\", \"check\": \"x\", \"duration\": \"1h\"}", "check" },
				{ "{\"group\": \"db\", \"duration\": \"1h\", \"every\": \"day\"}", "every" },
				{ "{\"group\": \"db\", \"start\": \"soon\", \"duration\": \"1h\"}", "start" } };
		for (String[] one : bad) {
			HttpResponse<String> answer = this.http.post("/maintenance", one[0]);
			assertThat(answer.statusCode()).as(one[0]).isEqualTo(400);
			assertThat(answer.body()).as(one[0]).contains("\"field\":\"" + one[1] + "\"");
		}
		assertThat(this.store.all()).isEmpty();
	}

	@Test
	void theNumberOfWindowsIsBounded() {
		for (int i = 0; i < 100; i++) {
			assertThat(
					this.http.post("/maintenance", "{\"id\": \"w" + i + "\", \"group\": \"g\", \"duration\": \"1h\"}")
						.statusCode())
				.isEqualTo(201);
		}
		HttpResponse<String> refused = this.http.post("/maintenance",
				"{\"id\": \"one-more\", \"group\": \"g\", \"duration\": \"1h\"}");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.body()).contains("cairn.status.maintenance.max-windows");
		assertThat(this.store.exists("one-more")).isFalse();
	}

	private void addCritical(String id, String tag) {
		assertThat(this.http
			.post("/checks",
					"{\"id\": \"" + id + "\", \"url\": \"" + endpoints.url("/critical") + "\", \"tags\": [\"" + tag
							+ "\"]}")
			.statusCode()).isEqualTo(201);
		awaitTrue(() -> this.live.get(id).state().polledAt() != null
				&& this.live.get(id).state().status() == CheckStatus.CRITICAL);
	}

}
