package io.cairn.consul;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.consul.model.agent.CheckRegistration;
import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.consul.model.event.EventFilter;
import io.cairn.consul.model.event.UserEvent;
import io.cairn.consul.model.catalog.ServiceHealth;
import io.cairn.consul.model.kv.KeyValue;
import io.cairn.consul.watch.ConsulWatch;
import io.cairn.consul.watch.WatchPolicy;
import io.cairn.testkit.consul.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watches follow the blocking-query rules: they block with the last index, reset when it
 * goes backwards, never send 0, keep the last good value through errors and leaderless
 * answers, recover from a 500 in the middle of a watch, and stop cleanly.
 */
class WatchTests extends AbstractSimulatedAgentTests {

	private static final WatchPolicy FAST = WatchPolicy.DEFAULT.withWait(Duration.ofSeconds(20))
		.withRateLimit(2, Duration.ofMillis(20))
		.withBackoff(Duration.ofMillis(20), Duration.ofMillis(100));

	@BeforeEach
	void clean() {
		simulator.faults().clear();
		consul.kv().deleteTree("", QueryOptions.NONE);
		simulator.clearRequests();
	}

	@Test
	void kvPrefixWatchDeliversChangesAndBlocksWithTheLastIndex() throws Exception {
		consul.kv().put("cfg/a", "1");
		List<Map<String, KeyValue>> seen = new CopyOnWriteArrayList<>();
		try (ConsulWatch<Map<String, KeyValue>> watch = ConsulWatch.kvPrefix(consul, "cfg/")
			.policy(FAST)
			.listener((value, meta) -> seen.add(value))
			.start()) {
			assertThat(watch.awaitFirst(Duration.ofSeconds(5))).isTrue();
			assertThat(watch.current().orElseThrow()).containsOnlyKeys("cfg/a");
			consul.kv().put("cfg/b", "2");
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> watch.current().orElseThrow().containsKey("cfg/b"));
			consul.kv().delete("cfg/a");
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> !watch.current().orElseThrow().containsKey("cfg/a"));
			assertThat(seen).hasSize(3);
			List<RecordedRequest> reads = simulator.requests("/v1/kv/cfg/");
			assertThat(reads.get(0).param("index")).as("the first read does not block").isNull();
			assertThat(reads.subList(1, reads.size())).allSatisfy((r) -> {
				assertThat(Long.parseLong(r.param("index"))).isPositive();
				assertThat(r.param("wait")).isEqualTo("20s");
			});
		}
	}

	@Test
	void anIndexThatGoesBackwardsResetsTheLoop() throws Exception {
		consul.kv().put("reset/key", "1");
		try (ConsulWatch<Optional<KeyValue>> watch = ConsulWatch.key(consul, "reset/key").policy(FAST).start()) {
			watch.awaitFirst(Duration.ofSeconds(5));
			simulator.faults().forceIndex("/v1/kv/reset/key", 1, 1);
			consul.kv().put("reset/key", "2");
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> watch.resets() == 1);
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> watch.current()
					.flatMap((v) -> v.flatMap(KeyValue::valueAsString))
					.equals(Optional.of("2")));
			List<RecordedRequest> reads = simulator.requests("/v1/kv/reset/key");
			assertThat(reads).as("after the reset a read without index starts over")
				.filteredOn((r) -> r.param("index") == null)
				.hasSizeGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void anIndexOfZeroIsSentAsOne() throws Exception {
		simulator.faults().forceIndex("/v1/kv/zero/key", 0, 1);
		try (ConsulWatch<Optional<KeyValue>> watch = ConsulWatch.key(consul, "zero/key").policy(FAST).start()) {
			watch.awaitFirst(Duration.ofSeconds(5));
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> simulator.requests("/v1/kv/zero/key").size() >= 2);
			assertThat(simulator.requests("/v1/kv/zero/key").get(1).param("index")).isEqualTo("1");
			consul.kv().put("zero/key", "now");
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> watch.current().orElseThrow().isPresent());
		}
	}

	@Test
	void aServerErrorInTheMiddleOfAWatchIsSurvived() throws Exception {
		consul.kv().put("err/key", "1");
		List<RuntimeException> errors = new CopyOnWriteArrayList<>();
		try (ConsulWatch<Optional<KeyValue>> watch = ConsulWatch.key(consul, "err/key")
			.policy(FAST)
			.listener(new ConsulWatch.Listener<>() {
				@Override
				public void onChange(Optional<KeyValue> value, ResponseMeta meta) {
				}

				@Override
				public void onError(RuntimeException error) {
					errors.add(error);
				}
			})
			.start()) {
			watch.awaitFirst(Duration.ofSeconds(5));
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> simulator.requests("/v1/kv/err/key").stream().anyMatch((r) -> r.param("index") != null));
			simulator.faults().failNextBlocking("/v1/kv/err/key", 2);
			consul.kv().put("err/key", "2");
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> watch.errors() == 2);
			assertThat(watch.current().orElseThrow().orElseThrow().valueAsString()).as("last good value kept")
				.isPresent();
			consul.kv().put("err/key", "3");
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> watch.current()
					.flatMap((v) -> v.flatMap(KeyValue::valueAsString))
					.equals(Optional.of("3")));
			assertThat(errors).hasSize(2).allSatisfy((e) -> assertThat(e).isInstanceOf(ConsulServerException.class));
		}
	}

	@Test
	void withoutALeaderTheLastGoodValueIsKept() throws Exception {
		consul.agent()
			.registerService(ServiceRegistration.of("nl-1", "nl")
				.withChecks(CheckRegistration.ttl("nl-ttl", "ttl", Duration.ofMinutes(5)).withStatus("passing")));
		try (ConsulWatch<List<ServiceHealth>> watch = ConsulWatch.serviceHealth(consul, "nl", false)
			.options(QueryOptions.NONE.stale())
			.policy(FAST)
			.start()) {
			watch.awaitFirst(Duration.ofSeconds(5));
			simulator.faults().noLeader(true);
			consul.agent().deregisterService("nl-1");
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> simulator.requests("/v1/health/service/nl").size() >= 3);
			assertThat(watch.current().orElseThrow()).as("stale, leaderless answers do not replace good data")
				.hasSize(1);
			simulator.faults().noLeader(false);
			consul.kv().put("poke", "x");
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> watch.current().orElseThrow().isEmpty());
		}
	}

	@Test
	void eventIndexesAreComparedForChangeOnly() throws Exception {
		try (ConsulWatch<List<UserEvent>> watch = ConsulWatch.events(consul, "ev").policy(FAST).start()) {
			watch.awaitFirst(Duration.ofSeconds(5));
			for (int i = 0; i < 3; i++) {
				consul.event().fire("ev", ("n" + i).getBytes(), EventFilter.NONE, QueryOptions.NONE);
				int expected = i + 1;
				Awaitility.await()
					.atMost(Duration.ofSeconds(5))
					.until(() -> watch.current().orElseThrow().size() == expected);
			}
			assertThat(watch.resets()).as("gossip indexes have no order: never a reset").isZero();
		}
	}

	@Test
	void churningDataIsRateLimitedNotSpun() throws Exception {
		WatchPolicy slow = FAST.withRateLimit(1, Duration.ofMillis(300));
		AtomicInteger changes = new AtomicInteger();
		// Measured from before the watch exists: the token bucket then guarantees the
		// bound.
		long start = System.nanoTime();
		try (ConsulWatch<Optional<KeyValue>> watch = ConsulWatch.key(consul, "churn/key")
			.policy(slow)
			.listener((v, m) -> changes.incrementAndGet())
			.start()) {
			watch.awaitFirst(Duration.ofSeconds(5));
			for (int i = 0; i < 4; i++) {
				consul.kv().put("churn/key", "v" + i);
				int expected = i + 2;
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> watch.reads() >= expected);
			}
			long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
			assertThat(elapsedMillis).as("five reads with a burst of one need four refills of 300 ms")
				.isGreaterThanOrEqualTo(1199);
			assertThat(changes.get()).isEqualTo(5);
		}
	}

	@Test
	void closingStopsTheThreadEvenDuringABlockingRead() throws Exception {
		ConsulWatch<Optional<KeyValue>> watch = ConsulWatch.key(consul, "close/key").policy(FAST).start();
		watch.awaitFirst(Duration.ofSeconds(5));
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> simulator.requests("/v1/kv/close/key").stream().anyMatch((r) -> r.param("index") != null));
		watch.close();
		assertThat(watch.isRunning()).isFalse();
		assertThat(Thread.getAllStackTraces().keySet())
			.noneMatch((t) -> t.getName().equals("consul-watch-key:close/key"));
	}

	@Test
	void hangingServerTimesOutAndTheWatchRecovers() throws Exception {
		try (Consul quick = Consul.builder()
			.address(simulator.address())
			.blockingTimeoutMargin(Duration.ofMillis(200))
			.readTimeout(Duration.ofMillis(500))
			.build();
				ConsulWatch<Optional<KeyValue>> watch = ConsulWatch.key(quick, "hang/key")
					.policy(FAST.withWait(Duration.ofMillis(300)))
					.start()) {
			watch.awaitFirst(Duration.ofSeconds(5));
			simulator.faults().hang("/v1/kv/hang/");
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> watch.errors() >= 1);
			simulator.faults().clear();
			consul.kv().put("hang/key", "back");
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> watch.current().orElseThrow().isPresent());
		}
	}

}
