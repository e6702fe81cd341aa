package io.cairn.registry.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.registry.RegistryServiceApplication;
import io.cairn.support.test.SharedPostgres;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two registry replicas over one PostgreSQL give the same answers, wake each other's
 * watches, and a third started later finds everything they registered.
 */
class ReplicasTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final String DATABASE = SharedPostgres.newDatabase();

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void startReplicas() {
		a = start();
		b = start();
	}

	@AfterAll
	static void stopReplicas() {
		if (a != null) {
			a.close();
		}
		if (b != null) {
			b.close();
		}
	}

	@Test
	void aRegistrationOnOneReplicaIsSeenByTheOtherAtOnce() throws Exception {
		rpc(a, "ping", "[\"replicated\",\"10.8.0.1\",80]");
		assertThat(rpc(b, "locate_service", "[\"replicated\"]").get("result").toString())
			.isEqualTo("[{\"host\":\"10.8.0.1\",\"port\":80}]");
	}

	@Test
	void aLookupRememberedByOneReplicaIsRefreshedByTheOthersRegistration() throws Exception {
		assertThat(rpc(b, "locate_service", "[\"remembered\"]").get("result")).isEmpty();
		rpc(a, "ping", "[\"remembered\",\"10.8.0.7\",80]");
		assertThat(awaitLocated(b, "remembered")).hasSize(1);
	}

	/**
	 * What a replica locates once its remembered lookup was refreshed: another replica's
	 * write reaches it through PostgreSQL's NOTIFY, within milliseconds but not at once.
	 */
	private static JsonNode awaitLocated(ConfigurableApplicationContext replica, String name) throws Exception {
		String params = "[\"" + name + "\"]";
		Instant deadline = Instant.now().plusSeconds(10);
		JsonNode result = rpc(replica, "locate_service", params).get("result");
		while (result.isEmpty() && Instant.now().isBefore(deadline)) {
			Thread.sleep(10);
			result = rpc(replica, "locate_service", params).get("result");
		}
		return result;
	}

	@Test
	void aWriteOnOneReplicaWakesAWatchOnTheOther() throws Exception {
		long index = json.readTree(get(b, "/v1/services/woken/instances").body()).get("index").asLong();
		CompletableFuture<HttpResponse<String>> watch = http.sendAsync(
				HttpRequest.newBuilder(uri(b, "/v1/services/woken/instances?index=" + index + "&wait=60s")).build(),
				HttpResponse.BodyHandlers.ofString());
		rpc(a, "ping", "[\"woken\",\"10.8.0.2\",80]");
		JsonNode woken = json.readTree(watch.get(30, TimeUnit.SECONDS).body());
		assertThat(woken.get("instances")).hasSize(1);
	}

	@Test
	void renewalsCoalescedOnOneReplicaReachTheOther() throws Exception {
		rpc(a, "ping", "[\"renewed\",\"10.8.0.3\",80]");
		Instant registered = lastSeen(b, "renewed");
		rpc(a, "ping", "[\"renewed\",\"10.8.0.3\",80]");
		a.getBean(RenewalCoalescer.class).flush();
		assertThat(lastSeen(b, "renewed")).isAfter(registered);
	}

	@Test
	void aDeregistrationOnOneReplicaIsNotUndoneByTheOthersCoalescedRenewals() throws Exception {
		rpc(a, "ping", "[\"leaving\",\"10.8.0.4\",80]");
		HttpResponse<String> deleted = http.send(
				HttpRequest.newBuilder(uri(b, "/v1/instances?service=leaving&host=10.8.0.4&port=80")).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(deleted.statusCode()).isEqualTo(204);
		// A still remembers the endpoint: this heartbeat is coalesced, and its flush
		// finds
		// the row gone, so it does not resurrect it ...
		rpc(a, "ping", "[\"leaving\",\"10.8.0.4\",80]");
		a.getBean(RenewalCoalescer.class).flush();
		assertThat(rpc(a, "locate_service", "[\"leaving\"]").get("result")).isEmpty();
		assertThat(rpc(b, "locate_service", "[\"leaving\"]").get("result")).isEmpty();
		// ... and the next heartbeat registers it again, durably (B remembered the empty
		// lookup just above, so it answers once the NOTIFY of the registration came).
		rpc(a, "ping", "[\"leaving\",\"10.8.0.4\",80]");
		assertThat(awaitLocated(b, "leaving")).hasSize(1);
	}

	@Test
	void aMoveOnOneReplicaIsTheAnswerOfBoth() throws Exception {
		rpc(a, "ping", "[\"old-name\",\"10.8.0.5\",80]");
		rpc(b, "ping", "[\"new-name\",\"10.8.0.5\",80]");
		for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] { a, b }) {
			assertThat(rpc(replica, "locate_service", "[\"old-name\"]").get("result")).isEmpty();
			assertThat(rpc(replica, "locate_service", "[\"new-name\"]").get("result")).hasSize(1);
		}
	}

	@Test
	void aReplicaStartedLaterFindsEverythingAndARestartLosesNothing() throws Exception {
		rpc(a, "ping", "[\"durable\",\"10.8.0.6\",80]");
		ConfigurableApplicationContext later = start();
		try {
			assertThat(rpc(later, "locate_service", "[\"durable\"]").get("result")).hasSize(1);
			JsonNode events = json.readTree(get(later, "/v1/events?service=durable").body()).get("events");
			assertThat(events.get(0).get("type").asString()).isEqualTo("REGISTERED");
		}
		finally {
			later.close();
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(RegistryServiceApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + DATABASE, "--spring.datasource.username=" + SharedPostgres.user());
	}

	private static Instant lastSeen(ConfigurableApplicationContext replica, String name) throws Exception {
		JsonNode instances = json.readTree(get(replica, "/v1/instances?service=" + name).body()).get("instances");
		return Instant.parse(instances.get(0).get("lastSeen").asString());
	}

	private static JsonNode rpc(ConfigurableApplicationContext replica, String method, String params) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(replica, "/api"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":1}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("error").isNull()).as(body.toString()).isTrue();
		return body;
	}

	private static HttpResponse<String> get(ConfigurableApplicationContext replica, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(uri(replica, path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext replica, String path) {
		int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
