package io.cairn.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.support.test.SharedPostgres;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry's pools come from Spring Boot's builders without being beans: Boot's own
 * {@code applicationTaskExecutor} (Spring MVC's asynchronous requests) stays, the
 * builders' customizers reach the registry's pools, their {@code executor.*} meters are
 * kept, and closing the app ends every {@code registry-*} thread it started, after
 * writing the renewals still pending.
 */
class RegistryThreadsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final String DATABASE = SharedPostgres.newDatabase();

	@Test
	void bootsTaskExecutorStaysAndTheRegistrysPoolsComeFromBootsBuilders() {
		try (ConfigurableApplicationContext registry = new SpringApplicationBuilder(RegistryServiceApplication.class,
				SeenByCustomizers.class)
			.run("--server.port=0", "--spring.datasource.url=" + DATABASE,
					"--spring.datasource.username=" + SharedPostgres.user())) {
			// A bean of type Executor (the registry used to declare its watch executor as
			// one) switches it off.
			assertThat(registry.containsBean("applicationTaskExecutor")).isTrue();
			SeenByCustomizers seen = registry.getBean(SeenByCustomizers.class);
			assertThat(seen.schedulers).contains("registry-renewals-", "registry-expiry-", "registry-watch-timer-");
			assertThat(seen.executors).contains("registry-watch-");
			// Boot binds executor.* meters to executor beans only; the registry binds its
			// pools' own, the watch pools under the names they had as beans.
			MeterRegistry meters = registry.getBean(MeterRegistry.class);
			assertThat(List.of("watchExecutor", "watchTimer", "registryRenewals", "registryExpiry"))
				.allSatisfy((name) -> assertThat(meters.find("executor.pool.size").tag("name", name).gauge()).as(name)
					.isNotNull());
		}
	}

	@Test
	void closingWritesThePendingRenewalsAndEndsEveryRegistryThread() throws Exception {
		Set<Thread> before = registryThreads();
		// Renewals are written only when the registry stops: no periodic flush, no expiry
		// round (which flushes first) while the test runs.
		ConfigurableApplicationContext registry = new SpringApplicationBuilder(RegistryServiceApplication.class).run(
				"--server.port=0", "--spring.datasource.url=" + DATABASE,
				"--spring.datasource.username=" + SharedPostgres.user(), "--cairn.registry.ttl=3h",
				"--cairn.registry.renewal-flush-interval=1h", "--cairn.registry.expiry-check-interval=1h");
		Set<Thread> started = new HashSet<>();
		Instant registered;
		try {
			int port = ((WebServerApplicationContext) registry).getWebServer().getPort();
			assertThat(ping(port)).isTrue();
			registered = lastSeenInDatabase();
			await().until(() -> Instant.now().isAfter(registered));
			assertThat(ping(port)).isTrue();
			assertThat(registry.getBean(MeterRegistry.class).get("cairn.registry.renewals.pending").gauge().value())
				.as("the second heartbeat is a renewal waiting in memory")
				.isEqualTo(1.0);
			// A watch that runs out: the timer ends it and a read thread answers it.
			long index = json.readTree(get(port, "/v1/services/threaded/instances").body()).get("index").asLong();
			assertThat(get(port, "/v1/services/threaded/instances?index=" + index + "&wait=300ms").statusCode())
				.isEqualTo(200);
			started.addAll(registryThreads());
			started.removeAll(before);
			assertThat(started).extracting(Thread::getName)
				.contains("registry-registrations", "registry-change-listener", "registry-renewals-1",
						"registry-expiry-1", "registry-watch-timer-1", "registry-watch-1");
		}
		finally {
			registry.close();
		}
		assertThat(lastSeenInDatabase()).as("the renewal acknowledged before the stop is written").isAfter(registered);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(started).filteredOn(Thread::isAlive).extracting(Thread::getName).isEmpty());
	}

	private static Set<Thread> registryThreads() {
		Set<Thread> threads = new HashSet<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().startsWith("registry-")) {
				threads.add(thread);
			}
		}
		return threads;
	}

	private static boolean ping(int port) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/api"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(
					"{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"threaded\",\"10.11.0.1\",80],\"id\":1}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		return json.readTree(response.body()).get("result").asBoolean();
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static Instant lastSeenInDatabase() throws Exception {
		try (Connection connection = DriverManager.getConnection(DATABASE, SharedPostgres.user(),
				SharedPostgres.password());
				PreparedStatement statement = connection
					.prepareStatement("SELECT last_seen FROM registry_instance WHERE name = 'threaded'");
				ResultSet rs = statement.executeQuery()) {
			assertThat(rs.next()).isTrue();
			return rs.getTimestamp(1).toInstant();
		}
	}

	/**
	 * Records the thread name prefix of every pool Boot's builders make. A source of the
	 * test's application only: not a {@code @Configuration}, which the registry's
	 * component scan would add to every other test's application too.
	 */
	static class SeenByCustomizers {

		final List<String> schedulers = new CopyOnWriteArrayList<>();

		final List<String> executors = new CopyOnWriteArrayList<>();

		@Bean
		ThreadPoolTaskSchedulerCustomizer recordScheduler() {
			return (scheduler) -> this.schedulers.add(scheduler.getThreadNamePrefix());
		}

		@Bean
		ThreadPoolTaskExecutorCustomizer recordExecutor() {
			return (executor) -> this.executors.add(executor.getThreadNamePrefix());
		}

	}

}
