package io.cairn.registry.abuse;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.cairn.registry.RegistryTestSupport;
import io.cairn.registry.watch.WatchHub;
import io.cairn.registry.watch.WatchLimits;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * M1: watches are bounded per client and in total (429 with {@code Retry-After} beyond),
 * watchers of one query share one database read per change, and many watches cannot
 * starve heartbeats of database connections or threads.
 */
@TestPropertySource(properties = { "cairn.registry.watches.max-per-client=150", "cairn.registry.watches.max-total=200",
		"cairn.registry.watches.read-concurrency=2", "cairn.registry.watches.retry-after=7s" })
class WatchAbuseTests extends RegistryTestSupport {

	private final HttpClient watchClient = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@Autowired
	private WatchHub hub;

	@Autowired
	private WatchLimits limits;

	@Autowired
	private MeterRegistry meters;

	@Test
	void m1WatchesBeyondTheBoundAreRefusedWith429AndRetryAfter() throws Exception {
		long index = currentIndex();
		List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			held.add(watch("/v1/services?pattern=bounded-" + i + "-*&index=" + index + "&wait=60s"));
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> this.limits.held() == 150);

		HttpResponse<String> refused = get("/v1/services?index=" + index + "&wait=60s");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(json.readTree(refused.body()).get("detail").asString())
			.contains("cairn.registry.watches.max-per-client", "150");
		assertThat(get("/v1/services").statusCode()).as("plain reads are not watches").isEqualTo(200);

		ping(unique("release"), "10.80.0.1", 80);
		for (CompletableFuture<HttpResponse<String>> watch : held) {
			assertThat(watch.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.limits.held() == 0);
		assertThat(get("/v1/services?index=" + currentIndex() + "&wait=10ms").statusCode())
			.as("answered watches give their places back")
			.isEqualTo(200);
	}

	@Test
	void m1WatchersOfOneQueryShareOneReadPerChange() throws Exception {
		String name = unique("shared");
		long index = currentIndex();
		List<CompletableFuture<HttpResponse<String>>> watches = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			watches.add(watch("/v1/services/" + name + "/instances?index=" + index + "&wait=60s"));
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> this.hub.waiting() == 100);
		double readsBefore = reads();

		ping(name, "10.81.0.1", 80);

		for (CompletableFuture<HttpResponse<String>> watch : watches) {
			HttpResponse<String> answer = watch.get(60, TimeUnit.SECONDS);
			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(json.readTree(answer.body()).get("instances")).hasSize(1);
		}
		assertThat(reads() - readsBefore).as("one database read answered all 100 watchers").isEqualTo(1);
	}

	@Test
	void m1ManyWatchesAndConcurrentPingsLoseNoHeartbeat() throws Exception {
		String prefix = unique("herd");
		AtomicBoolean running = new AtomicBoolean(true);
		ConcurrentLinkedQueue<Integer> watchStatuses = new ConcurrentLinkedQueue<>();
		ExecutorService watchers = Executors.newFixedThreadPool(8);
		List<Future<?>> loops = new ArrayList<>();
		for (int w = 0; w < 8; w++) {
			int watcher = w;
			loops.add(watchers.submit(() -> {
				long seen = currentIndex();
				while (running.get()) {
					// Each loop holds 15 watches at once (120 in all), half on one query
					// and
					// half on queries of their own, and watches again as soon as
					// answered.
					List<CompletableFuture<HttpResponse<String>>> round = new ArrayList<>();
					for (int i = 0; i < 15; i++) {
						String query = (i % 2 == 0) ? "/v1/services?pattern=" + prefix + "-*"
								: "/v1/instances?pattern=" + prefix + "-" + watcher + "-" + i + "*";
						round.add(watch(query + "&index=" + seen + "&wait=30s"));
					}
					for (CompletableFuture<HttpResponse<String>> watch : round) {
						HttpResponse<String> answer = watch.get(120, TimeUnit.SECONDS);
						watchStatuses.add(answer.statusCode());
						if (answer.statusCode() == 200) {
							seen = Math.max(seen,
									Long.parseLong(answer.headers().firstValue("X-Cairn-Index").orElseThrow()));
						}
					}
				}
				return null;
			}));
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> this.hub.waiting() >= 100);

		ExecutorService pingers = Executors.newFixedThreadPool(8);
		List<Future<JsonNode>> pings = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			int n = i;
			// New endpoints (durable writes that wake every watcher) and renewals.
			pings.add(pingers.submit(() -> rpc("ping", "[\"" + prefix + "-" + (n % 8) + "-" + (n % 15) + "\",\"10.82."
					+ (n / 200) + "." + (n % 200) + "\",80]")));
			pings.add(pingers.submit(() -> rpc("ping", "[\"" + prefix + "-steady\",\"10.83.0.1\",80]")));
		}
		for (Future<JsonNode> ping : pings) {
			JsonNode answer = ping.get(120, TimeUnit.SECONDS);
			assertThat(answer.get("error").isNull()).as("ping answered %s", answer).isTrue();
			assertThat(answer.get("result").asBoolean()).isTrue();
		}
		running.set(false);
		for (Future<?> loop : loops) {
			loop.get(180, TimeUnit.SECONDS);
		}
		pingers.shutdown();
		watchers.shutdown();

		assertThat(watchStatuses).isNotEmpty().allSatisfy((status) -> assertThat(status).isEqualTo(200));
		assertThat(locate(prefix + "-*")).hasSize(401);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.meters.get("hikaricp.connections.pending").gauge().value() == 0);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.limits.held() == 0);
	}

	private double reads() {
		return this.meters.get("cairn.registry.watches.reads").counter().count();
	}

	private long currentIndex() throws Exception {
		return Long.parseLong(get("/v1/services?pattern=none").headers().firstValue("X-Cairn-Index").orElseThrow());
	}

	private CompletableFuture<HttpResponse<String>> watch(String path) {
		return this.watchClient.sendAsync(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
