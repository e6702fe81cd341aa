package io.cairn.registry.watch;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.registry.RegistryTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Blocking queries: a watch returns when the index passes the one the client has seen, or
 * when its wait runs out.
 */
class WatchTests extends RegistryTestSupport {

	@Autowired
	private WatchHub hub;

	/**
	 * What registry-client relies on: a watch with no index, or index 0, is a plain read
	 * (its 10-minute wait is ignored) that carries the current index, at least 1.
	 */
	@Test
	void aWatchWithoutAnIndexOrWithIndexZeroAnswersAtOnceWithTheCurrentIndex() throws Exception {
		String name = unique("first-read");
		ping(name, "10.4.0.5", 80);
		for (String path : List.of("/v1/events?wait=10m", "/v1/events?index=0&wait=10m",
				"/v1/services?index=0&wait=10m", "/v1/instances?index=0&wait=10m",
				"/v1/services/" + name + "/instances?index=0&wait=10m",
				"/v1/services/" + name + "/instances?wait=10m")) {
			HttpResponse<String> response = watch(path).get(30, TimeUnit.SECONDS);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			long index = Long.parseLong(response.headers().firstValue("X-Cairn-Index").orElseThrow());
			assertThat(index).as(path).isGreaterThanOrEqualTo(1);
			assertThat(json.readTree(response.body()).get("index").asLong()).as(path).isEqualTo(index);
		}
	}

	/**
	 * The other half: a watch with the current index is held until a change (here, one
	 * made after the watch is held), and then answers with a higher index.
	 */
	@Test
	void aWatchWithTheCurrentIndexIsHeldUntilAChange() throws Exception {
		String name = unique("held");
		int port = 80;
		for (String path : List.of("/v1/events", "/v1/services/" + name + "/instances")) {
			long index = Long.parseLong(get(path).headers().firstValue("X-Cairn-Index").orElseThrow());
			int waiting = this.hub.waiting();
			CompletableFuture<HttpResponse<String>> watch = watch(path + "?index=" + index + "&wait=60s");
			await().atMost(Duration.ofSeconds(30)).until(() -> this.hub.waiting() > waiting);
			assertThat(watch).as(path + " answered before any change").isNotDone();
			// A new endpoint each time: a change.
			ping(name, "10.4.0.6", port++);
			HttpResponse<String> answer = watch.get(30, TimeUnit.SECONDS);
			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(json.readTree(answer.body()).get("index").asLong()).as(path).isGreaterThan(index);
		}
	}

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
