package io.cairn.registry.watch;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.registry.RegistryTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking queries: a watch returns when the index passes the one the client has seen, or
 * when its wait runs out.
 */
class WatchTests extends RegistryTestSupport {

	@Test
	void aWatchWakesUpOnARegistrationAndCarriesTheNewIndex() throws Exception {
		String name = unique("watched");
		HttpResponse<String> first = get("/v1/services/" + name + "/instances");
		long index = Long.parseLong(first.headers().firstValue("X-Cairn-Index").orElseThrow());
		assertThat(json.readTree(first.body()).get("index").asLong()).isEqualTo(index);

		CompletableFuture<HttpResponse<String>> watch = watch(
				"/v1/services/" + name + "/instances?index=" + index + "&wait=60s");
		ping(name, "10.4.0.1", 80);
		HttpResponse<String> woken = watch.get(30, TimeUnit.SECONDS);
		JsonNode body = json.readTree(woken.body());
		assertThat(body.get("index").asLong()).isGreaterThan(index);
		assertThat(body.get("instances")).hasSize(1);
	}

	@Test
	void aWatchWhoseWaitRunsOutAnswersWithTheSameIndex() throws Exception {
		long index = Long.parseLong(get("/v1/services").headers().firstValue("X-Cairn-Index").orElseThrow());
		HttpResponse<String> response = watch("/v1/services?pattern=nothing-matches-*&index=" + index + "&wait=300ms")
			.get(30, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		long answered = json.readTree(response.body()).get("index").asLong();
		assertThat(answered).isGreaterThanOrEqualTo(index);
		assertThat(json.readTree(response.body()).get("services")).isEmpty();
	}

	@Test
	void anOutdatedIndexAnswersAtOnce() throws Exception {
		ping(unique("bump"), "10.4.0.9", 80);
		HttpResponse<String> response = watch("/v1/services?index=1&wait=10m").get(30, TimeUnit.SECONDS);
		assertThat(json.readTree(response.body()).get("index").asLong()).isGreaterThan(1);
	}

	@Test
	void anExpiryWakesAWatch() throws Exception {
		String name = unique("fading");
		ping(name, "10.4.0.2", 80);
		long index = Long
			.parseLong(get("/v1/services/" + name + "/instances").headers().firstValue("X-Cairn-Index").orElseThrow());
		CompletableFuture<HttpResponse<String>> watch = watch(
				"/v1/services/" + name + "/instances?index=" + index + "&wait=60s");
		this.clock.advance(Duration.ofSeconds(61));
		this.reaper.runOnce();
		JsonNode body = json.readTree(watch.get(30, TimeUnit.SECONDS).body());
		assertThat(body.get("index").asLong()).isGreaterThan(index);
		assertThat(body.get("instances")).isEmpty();
	}

	@Test
	void eventsCanBeFollowedByIndex() throws Exception {
		String name = unique("followed");
		long index = Long.parseLong(get("/v1/events?limit=1").headers().firstValue("X-Cairn-Index").orElseThrow());
		CompletableFuture<HttpResponse<String>> watch = watch("/v1/events?index=" + index + "&wait=60s");
		ping(name, "10.4.0.3", 80);
		JsonNode events = json.readTree(watch.get(30, TimeUnit.SECONDS).body()).get("events");
		assertThat(events).isNotEmpty();
		assertThat(events.findValuesAsString("name")).contains(name);
		assertThat(events.findValues("index")).allSatisfy((value) -> assertThat(value.asLong()).isGreaterThan(index));
	}

	private CompletableFuture<HttpResponse<String>> watch(String path) {
		return this.http.sendAsync(HttpRequest.newBuilder(uri(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
