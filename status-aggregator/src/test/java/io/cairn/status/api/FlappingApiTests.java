package io.cairn.status.api;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;
import io.cairn.status.testsupport.AppTestSupport;
import io.cairn.status.testsupport.TestBeans;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flap detection through the API: a check's own thresholds, its flag in the check view
 * and the gauge.
 */
class FlappingApiTests extends AppTestSupport {

	@Autowired
	MeterRegistry meters;

	@Test
	void aFlappingCheckSaysSoInItsViewAndTheGauge() {
		assertThat(this.http
			.post("/checks",
					"{\"id\": \"wobbly\", \"url\": \"" + endpoints.url("/ok") + "\", \"interval\": \"1d\", "
							+ "\"flapping\": {\"low\": 2, \"high\": 10}}")
			.statusCode()).isEqualTo(201);
		awaitPolled("wobbly");
		assertThat(this.http.get("/checks/wobbly").body()).contains("\"flapping\":false");
		for (CheckStatus status : new CheckStatus[] { CheckStatus.CRITICAL, CheckStatus.OK, CheckStatus.CRITICAL }) {
			TestBeans.CLOCK.advance(Duration.ofSeconds(1));
			this.scheduler.record("wobbly", PollResult.of(status, "m", null, TestBeans.CLOCK.instant(), 1));
		}
		String one = this.http.get("/checks/wobbly").body();
		// three changes, the newest of 20 possible ones: (1.25 + 1.22 + 1.20) / 20
		assertThat(one).contains("\"flapping\":true").contains("\"percentStateChange\":18.4");
		assertThat(this.http.get("/checks").body()).contains("\"flapping\":true");
		assertThat(this.meters.get("cairn.status.checks.flapping").gauge().value()).isEqualTo(1.0);
		// the Megaphone answers keep their fields
		assertThat(this.http.get("/status").body()).doesNotContain("flapping");
	}

	@Test
	void badFlapSettingsAreRefusedNamingTheField() {
		for (String[] bad : new String[][] { { "{\"low\": 20, \"high\": 10}", "flapping.low" },
				{ "{\"low\": 5, \"high\": 101}", "flapping.high" }, { "{\"low\": 5}", "flapping.high" },
				{ "{\"low\": \"5\", \"high\": 20}", "flapping.low" }, { "{\"often\": 1}", "flapping.often" },
				{ "{\"enabled\": \"no\"}", "flapping.enabled" }, { "true", "flapping" } }) {
			HttpResponse<String> answer = this.http.post("/checks",
					"{\"id\": \"bad\", \"url\": \"" + endpoints.url("/ok") + "\", \"flapping\": " + bad[0] + "}");
			assertThat(answer.statusCode()).as(bad[0]).isEqualTo(400);
			assertThat(answer.body()).as(bad[0]).contains("\"field\":\"" + bad[1] + "\"");
		}
		assertThat(this.live.get("bad")).isNull();
		assertThat(
				this.http
					.post("/checks",
							"{\"id\": \"calm\", \"url\": \"" + endpoints.url("/ok")
									+ "\", \"flapping\": {\"enabled\": false}}")
					.statusCode())
			.isEqualTo(201);
	}

}
