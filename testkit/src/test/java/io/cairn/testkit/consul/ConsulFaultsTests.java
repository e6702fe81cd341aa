package io.cairn.testkit.consul;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hang of one method holds only that method's requests, and serves them once cleared:
 * what lets a test land a read or write between two steps of another caller.
 */
class ConsulFaultsTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aHangOfOneMethodHoldsItsRequestsUntilClearedWhileOtherMethodsAreServed() throws Exception {
		try (ConsulSimulator consul = ConsulSimulator.start()) {
			URI key = consul.baseUrl().resolve("/v1/kv/app/key");
			assertThat(send("PUT", key, "v").statusCode()).isEqualTo(200);

			consul.faults().hang("DELETE", "/v1/kv/app/");
			CompletableFuture<HttpResponse<String>> delete = this.http.sendAsync(request("DELETE", key, ""),
					HttpResponse.BodyHandlers.ofString());
			await().atMost(Duration.ofSeconds(30))
				.until(() -> consul.requests("/v1/kv/app/key")
					.stream()
					.anyMatch((recorded) -> recorded.method().equals("DELETE")));

			assertThat(send("GET", key, "").statusCode()).isEqualTo(200);
			assertThat(send("PUT", consul.baseUrl().resolve("/v1/kv/app/other"), "w").statusCode()).isEqualTo(200);
			assertThat(delete).isNotDone();
			assertThat(consul.modifyIndex("app/key")).isPositive();

			consul.faults().clear();
			assertThat(delete.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			assertThat(send("GET", key, "").statusCode()).isEqualTo(404);
		}
	}

	private HttpResponse<String> send(String method, URI uri, String body) throws Exception {
		return this.http.send(request(method, uri, body), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest request(String method, URI uri, String body) {
		return HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
	}

}
