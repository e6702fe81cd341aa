package io.cairn.status.api;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.testsupport.AppTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /checks/{id}/uptime} and {@code /groups/{group}/uptime}: windows from the result
 * history, the current state, the last changes; Problem Details for unknown ids and
 * groups and for bad parameters.
 */
class UptimeApiTests extends AppTestSupport {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aCheckAndItsGroupReportUptimeResponseTimesAndChanges() {
		this.http.post("/checks",
				"{\"id\": \"up-a\", \"url\": \"" + endpoints.url("/ok") + "\", \"tags\": [\"shop\"]}");
		this.http.post("/checks",
				"{\"id\": \"up-b\", \"url\": \"" + endpoints.url("/critical") + "\", \"tags\": [\"shop\", \"db\"]}");
		awaitPolled("up-a");
		awaitPolled("up-b");
		awaitTrue(() -> windows("/checks/up-a/uptime").path("24h").path("results").asLong() > 0
				&& windows("/checks/up-b/uptime").path("24h").path("results").asLong() > 0);

		JsonNode a = get("/checks/up-a/uptime");
		assertThat(a.path("id").asString()).isEqualTo("up-a");
		assertThat(a.path("status").asString()).isEqualTo("OK");
		JsonNode day = a.path("windows").path("24h");
		assertThat(day.path("uptimePercent").asDouble()).isEqualTo(100.0);
		assertThat(day.path("ok").asLong()).isEqualTo(day.path("results").asLong());
		JsonNode times = day.path("responseTime");
		assertThat(times.path("p50").asLong()).isBetween(times.path("min").asLong(), times.path("max").asLong());
		assertThat(times.path("p99").asLong()).isBetween(times.path("p50").asLong(), times.path("max").asLong());
		assertThat(a.path("windows").has("7d")).isTrue();
		assertThat(a.path("windows").has("30d")).isTrue();
		assertThat(a.path("changes").get(0).path("to").asString()).isEqualTo("OK");

		JsonNode shop = get("/groups/shop/uptime");
		assertThat(shop.path("status").asString()).isEqualTo("Critical");
		assertThat(shop.path("checks").toString()).isEqualTo("[\"up-a\",\"up-b\"]");
		JsonNode pooled = shop.path("windows").path("24h");
		long results = pooled.path("results").asLong();
		assertThat(pooled.path("critical").asLong()).isPositive();
		assertThat(pooled.path("uptimePercent").asDouble())
			.isEqualTo(100.0 * (pooled.path("ok").asLong() + pooled.path("warning").asLong()) / results)
			.isLessThan(100.0);
		assertThat(shop.path("changes").toString()).contains("\"checkId\":\"up-a\"").contains("\"checkId\":\"up-b\"");
		assertThat(get("/groups/db/uptime").path("checks").toString()).isEqualTo("[\"up-b\"]");
		assertThat(get("/checks/up-a/uptime?changes=0").path("changes").size()).isZero();
	}

	@Test
	void unknownChecksAndGroupsAndBadParametersAreProblemDetails() {
		this.http.post("/checks", "{\"id\": \"up-c\", \"url\": \"" + endpoints.url("/ok") + "\", \"tags\": [\"web\"]}");
		problem("/checks/nope/uptime", 404, "No such check");
		problem("/groups/nope/uptime", 404, "No such group");
		problem("/groups/a*b/uptime", 400, "group");
		problem("/checks/up-c/uptime?changes=101", 400, "changes");
		problem("/checks/up-c/uptime?changes=-1", 400, "changes");
		problem("/groups/web/uptime?changes=1000000000000", 400, "changes");
		problem("/checks/up-c/uptime?changes=abc", 400, "changes");
	}

	private void problem(String path, int status, String mention) {
		HttpResponse<String> response = this.http.get(path);
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains(mention).doesNotContain("Exception").doesNotContain("\tat ");
	}

	private JsonNode windows(String path) {
		return get(path).path("windows");
	}

	private JsonNode get(String path) {
		HttpResponse<String> response = this.http.get(path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}
