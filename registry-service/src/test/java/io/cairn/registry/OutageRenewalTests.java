package io.cairn.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.support.postgres.EmbeddedPostgresServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault suite, defect 2: while PostgreSQL is down, renewals of instances the replica
 * knows are acknowledged from memory, for longer than the TTL, and written when the
 * database answers again, with no expiry recorded. That includes instances registered
 * through another replica before this one started (the suite's replica had been restarted
 * shortly before the outage and knew none of them, so every ping waited on the connection
 * pool and failed). A real PostgreSQL is stopped and started again.
 */
class OutageRenewalTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final Duration TTL = Duration.ofSeconds(10);

	private static Path dataDirectory;

	private static EmbeddedPostgresServer postgres;

	private static ConfigurableApplicationContext other;

	private static ConfigurableApplicationContext replica;

	@BeforeAll
	static void start() throws Exception {
		dataDirectory = Files.createTempDirectory("cairn-d2-pg");
		postgres = EmbeddedPostgresServer.start(dataDirectory, 0);
	}

	@AfterAll
	static void stop() throws Exception {
		if (replica != null) {
			replica.close();
		}
		if (other != null) {
			other.close();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	void d2RenewalsOfKnownInstancesAreAcknowledgedThroughAnOutageLongerThanTheTtlAndWrittenAfterIt() throws Exception {
		// "earlier" is registered and renewed through another replica, also while this
		// one starts; its first heartbeat to this one comes during the outage.
		other = startReplica();
		assertThat(ping(other, "earlier", "10.9.2.1")).as("registered through another replica").isTrue();
		ScheduledExecutorService renewing = Executors.newSingleThreadScheduledExecutor();
		renewing.scheduleWithFixedDelay(() -> {
			try {
				ping(other, "earlier", "10.9.2.1");
			}
			catch (Exception ex) {
				// The TTL is there for a lost heartbeat.
			}
		}, 250, 250, TimeUnit.MILLISECONDS);
		try {
			replica = startReplica();
		}
		finally {
			renewing.shutdownNow();
			renewing.awaitTermination(10, TimeUnit.SECONDS);
		}
		assertThat(ping(replica, "later", "10.9.2.2")).as("registered through this replica").isTrue();

		int postgresPort = postgres.port();
		postgres.close();
		Instant stopped = Instant.now();
		ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
		ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
		heartbeats.scheduleWithFixedDelay(() -> {
			for (String[] instance : List.of(new String[] { "earlier", "10.9.2.1" },
					new String[] { "later", "10.9.2.2" })) {
				try {
					(ping(replica, instance[0], instance[1]) ? acknowledged : refused).add(instance[0]);
				}
				catch (Exception ex) {
					refused.add(instance[0] + ": " + ex);
				}
			}
		}, 0, 250, TimeUnit.MILLISECONDS);
		try {
			// Longer than the TTL (10 s).
			Thread.sleep(TTL.plusSeconds(3).toMillis());
			assertThat(refused).as("heartbeats refused while the database was down").isEmpty();
			assertThat(acknowledged).contains("earlier", "later");
			postgres = EmbeddedPostgresServer.start(dataDirectory, postgresPort);

			// The renewals acknowledged during the outage are written once it answers.
			Instant writtenAfter = stopped.plus(TTL);
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(250))
				.ignoreExceptions()
				.until(() -> lastSeen("earlier").isAfter(writtenAfter) && lastSeen("later").isAfter(writtenAfter));
		}
		finally {
			heartbeats.shutdownNow();
		}
		assertThat(types("earlier")).as("no expiry, no revival").containsExactly("REGISTERED");
		assertThat(types("later")).as("no expiry, no revival").containsExactly("REGISTERED");
	}

	private static ConfigurableApplicationContext startReplica() {
		return new SpringApplicationBuilder(RegistryServiceApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + postgres.jdbcUrl(), "--spring.datasource.username=" + postgres.username(),
				"--spring.datasource.password=" + postgres.password(),
				"--spring.datasource.hikari.connection-timeout=1000", "--cairn.registry.ttl=" + TTL.toSeconds() + "s");
	}

	private static boolean ping(ConfigurableApplicationContext replica, String name, String host) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(replica, "/api"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"" + name
					+ "\",\"" + host + "\",80],\"id\":1}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		return json.readTree(response.body()).path("result").asBoolean(false);
	}

	private static Instant lastSeen(String name) throws Exception {
		JsonNode instances = json.readTree(get("/v1/instances?service=" + name + "&all=true")).get("instances");
		return Instant.parse(instances.get(0).get("lastSeen").asString());
	}

	private static List<String> types(String service) throws Exception {
		return json.readTree(get("/v1/events?service=" + service)).get("events").findValuesAsString("type");
	}

	private static String get(String path) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(replica, path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return response.body();
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
