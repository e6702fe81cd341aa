package io.cairn.status.api;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.testsupport.AppTestSupport;
import io.cairn.status.testsupport.TestBeans;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The richer {@code /checks} API: Megaphone 2016's body, state, history, mutes,
 * maintenance, polls on demand, import; and the app's own endpoints.
 */
class ChecksApiTests extends AppTestSupport {

	@org.springframework.beans.factory.annotation.Autowired
	io.cairn.status.service.Housekeeping housekeeping;

	@Test
	void megaphone2016BodyWithTagsAndInterval() {
		HttpResponse<String> created = this.http.post("/checks",
				"{\"id\": \"deep\", \"url\": {\"addr\": \"" + endpoints.url("/nested")
						+ "\", \"jsonpath\": \"a/b/status\"}, \"tags\": [\"prod\", \"db\"], "
						+ "\"interval\": \"2m\"}");
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).hasValue("/checks/deep");
		assertThat(created.body()).contains("\"jsonpath\":\"a/b/status\"").contains("\"intervalSeconds\":120");
		assertThat(this.http
			.post("/checks",
					"{\"id\": \"forced\", \"url\": {\"addr\": \"" + endpoints.url("/critical")
							+ "\", \"statusoverride\": \"OK\"}, \"tags\": [\"prod\"]}")
			.statusCode()).isEqualTo(201);
		awaitPolled("deep");
		awaitPolled("forced");
		String one = this.http.get("/checks/deep").body();
		assertThat(one).contains("\"status\":\"Warning\"")
			.contains("\"message\":\"deep\"")
			.contains("\"document\":{\"a\":{\"b\":{\"status\":\"Warning\"}},\"message\":\"deep\"}")
			.contains("\"lastPolled\":")
			.contains("\"latencyMillis\":");
		String prod = this.http.get("/checks?tag=prod").body();
		assertThat(prod).contains("\"id\":\"deep\"").contains("\"id\":\"forced\"");
		assertThat(this.http.get("/checks?tag=db").body()).doesNotContain("\"id\":\"forced\"");
		assertThat(this.http.get("/checks?status=ok").body()).contains("\"id\":\"forced\"")
			.doesNotContain("\"id\":\"deep\"");
		assertThat(this.http.get("/checks/forced").body()).contains("\"message\":\"NOTICE: statusoverride used!\"");
		// replacing answers 200
		assertThat(this.http.post("/checks", "{\"id\": \"forced\", \"url\": \"" + endpoints.url("/ok") + "\"}")
			.statusCode()).isEqualTo(200);
	}

	@Test
	void historyRecordsTransitionsFilterableByTag() {
		endpoints.answer("flappy", 200, "{\"status\": \"OK\", \"message\": \"up\"}");
		this.http.post("/checks",
				"{\"id\": \"flappy\", \"url\": \"" + endpoints.url("/dynamic/flappy") + "\", \"tags\": [\"edge\"]}");
		awaitPolled("flappy");
		endpoints.answer("flappy", 200, "{\"status\": \"Critical\", \"message\": \"down\"}");
		this.http.post("/checks/flappy/poll", "");
		awaitTrue(() -> this.live.get("flappy").state().status() == CheckStatus.CRITICAL);
		this.flusher.flush();
		// the timer's flush may hold the result in a write of its own: wait for it
		awaitTrue(() -> this.http.get("/checks/flappy/history").body().contains("\"to\":\"CRITICAL\""));
		String history = this.http.get("/checks/flappy/history").body();
		assertThat(history).contains("\"from\":\"OK\",\"to\":\"CRITICAL\"").contains("\"message\":\"down\"");
		assertThat(history).contains("\"to\":\"OK\"");
		assertThat(history.indexOf("CRITICAL")).isLessThan(history.lastIndexOf("\"to\":\"OK\""));
		assertThat(this.http.get("/checks/history?tag=edge").body()).contains("\"checkId\":\"flappy\"");
		assertThat(this.http.get("/checks/history?tag=nothing").body()).isEqualTo("[]");
		// past the retention (30 days by default) housekeeping drops it
		TestBeans.CLOCK.advance(Duration.ofDays(31));
		this.housekeeping.prune();
		assertThat(this.http.get("/checks/flappy/history").body()).isEqualTo("[]");
	}

	@Test
	void muteAndMaintenance() {
		this.http.post("/checks", "{\"id\": \"noisy\", \"url\": \"" + endpoints.url("/critical-m") + "\"}");
		this.http.post("/checks", "{\"id\": \"down\", \"url\": \"" + endpoints.url("/critical") + "\"}");
		awaitPolled("noisy");
		awaitPolled("down");
		assertThat(this.live.snapshot().status()).isEqualTo(CheckStatus.CRITICAL);
		HttpResponse<String> muted = this.http.send("PUT", "/checks/noisy/mute", "application/json",
				"{\"duration\": \"10m\", \"note\": \"known issue\"}");
		assertThat(muted.statusCode()).isEqualTo(200);
		assertThat(muted.body()).contains("\"counted\":false").contains("\"note\":\"known issue\"");
		HttpResponse<String> maintenance = this.http.send("PUT", "/checks/down/maintenance", "application/json",
				"{\"duration\": \"1h\"}");
		assertThat(maintenance.body()).contains("\"maintenanceUntil\":");
		assertThat(this.live.snapshot().message()).isEqualTo("Everything is OK!");
		// in maintenance a check is not polled
		int hits = endpoints.hits("/critical");
		TestBeans.CLOCK.advance(Duration.ofSeconds(31));
		this.http.post("/checks/noisy/poll", "");
		awaitTrue(() -> endpoints.hits("/critical-m") >= 2);
		assertThat(endpoints.hits("/critical")).isEqualTo(hits);
		assertThat(this.http.delete("/checks/down/maintenance").body()).doesNotContain("maintenanceUntil");
		awaitTrue(() -> endpoints.hits("/critical") > hits);
		assertThat(this.http.send("PUT", "/checks/noisy/mute", "application/json", "{\"duration\": \"soon\"}")
			.statusCode()).isEqualTo(400);
		assertThat(
				this.http.send("PUT", "/checks/ghost/mute", "application/json", "{\"duration\": \"1m\"}").statusCode())
			.isEqualTo(404);
	}

	@Test
	void deleteAndErrors() {
		this.http.post("/checks", "{\"id\": \"gone\", \"url\": \"" + endpoints.url("/ok") + "\"}");
		assertThat(this.http.delete("/checks/gone").statusCode()).isEqualTo(204);
		assertThat(this.http.delete("/checks/gone").statusCode()).isEqualTo(404);
		assertThat(this.http.get("/checks/gone").statusCode()).isEqualTo(404);
		assertThat(this.http.post("/checks", "{\"id\": \"x\", \"url\": \"" + endpoints.url("/ok") + "\", \"bogus\": 1}")
			.body()).contains("\"field\":\"bogus\"");
		assertThat(this.http
			.post("/checks",
					"{\"id\": \"x\", \"url\": {\"addr\": \"" + endpoints.url("/ok")
							+ "\", \"statusoverride\": \"Fine\"}}")
			.body()).contains("\"field\":\"statusoverride\"");
		assertThat(this.http
			.post("/checks", "{\"id\": \"x\", \"url\": \"" + endpoints.url("/ok") + "\", \"interval\": \"10ms\"}")
			.body()).contains("\"field\":\"interval\"");
		assertThat(this.http.post("/checks", "{\"id\": \"x\", \"url\": \"http://169.254.169.254/\"}").statusCode())
			.isEqualTo(400);
		assertThat(this.http.get("/checks?status=meh").statusCode()).isEqualTo(400);
		assertThat(this.http.get("/checks/x/history?limit=0").statusCode()).isEqualTo(400);
		assertThat(this.http.post("/checks/nope/poll", "").statusCode()).isEqualTo(404);
	}

	@Test
	void importsMegaphoneCacheFiles() {
		String cache = "{\"svc-a\": \"" + endpoints.url("/ok-import") + "\", \"svc-b\": {\"addr\": \""
				+ endpoints.url("/nested") + "\", \"jsonpath\": \"a/b/status\"}, \"leak\": \"file:///etc/passwd\", "
				+ "\"meta\": \"http://169.254.169.254/latest/meta-data/\"}";
		HttpResponse<String> response = this.http.post("/checks/import", cache);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"imported\":[\"svc-a\",\"svc-b\"]")
			.contains("\"id\":\"leak\"")
			.contains("\"id\":\"meta\"");
		awaitPolled("svc-a");
		assertThat(this.http.get("/checks?source=megaphone").body()).contains("\"id\":\"svc-a\"")
			.contains("\"source\":\"megaphone\"");
		assertThat(this.http.post("/checks/import", "[]").statusCode()).isEqualTo(400);
	}

	@Test
	void actuatorOpenApiAndMeters() {
		this.http.post("/checks", "{\"id\": \"m\", \"url\": \"" + endpoints.url("/ok") + "\"}");
		awaitPolled("m");
		assertThat(this.http.get("/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
		HttpResponse<String> readiness = this.http.get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		// no Consul client (nor its health indicator) unless the Consul source is on
		assertThat(this.http.get("/actuator/health").body()).doesNotContain("\"consul\"")
			.contains("\"statusPolling\"")
			.contains("\"zookeeper\"");
		assertThat(this.http.get("/v3/api-docs").body()).contains("/check/add").contains("/checks/{id}/history");
		String metrics = this.http.get("/actuator/prometheus").body();
		assertThat(metrics).contains("cairn_status_aggregate")
			.contains("cairn_status_checks{")
			.contains("cairn_status_poll_latency_seconds_count")
			.contains("cairn_status_check{")
			.contains("check=\"m\"");
	}

}
