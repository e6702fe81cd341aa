package io.cairn.consul;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.consul.model.kv.KeyValue;
import io.cairn.consul.model.kv.PutOptions;
import io.cairn.testkit.consul.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * KV endpoints against the simulator: values as bytes, indexes, CAS, keys with
 * separators, recursive reads and deletes, blocking reads that wake on change.
 */
class KvContractTests extends AbstractSimulatedAgentTests {

	@BeforeEach
	void clean() {
		consul.kv().deleteTree("", QueryOptions.NONE);
		simulator.clearRequests();
	}

	@Test
	void putThenGetRoundTripsBytesAndMetadata() {
		byte[] binary = { 0, 1, 2, (byte) 0xFF, 10 };
		assertThat(consul.kv().put("app/binary", binary)).isTrue();
		ConsulResponse<Optional<KeyValue>> read = consul.kv().get("app/binary");
		KeyValue entry = read.value().orElseThrow();
		assertThat(entry.key()).isEqualTo("app/binary");
		assertThat(entry.value()).containsExactly(binary);
		assertThat(entry.modifyIndex()).isEqualTo(read.index()).isPositive();
		assertThat(read.meta().knownLeader()).isTrue();
		assertThat(read.meta().effectiveConsistency()).isEqualTo("leader");
		RecordedRequest put = simulator.requests("/v1/kv/app/binary").get(0);
		assertThat(put.method()).isEqualTo("PUT");
		assertThat(put.body()).containsExactly(binary);
	}

	@Test
	void missingKeyIsEmptyNotAnError() {
		ConsulResponse<Optional<KeyValue>> read = consul.kv().get("absent/key");
		assertThat(read.value()).isEmpty();
		assertThat(read.index()).isPositive();
		assertThat(consul.kv().getString("absent/key")).isEmpty();
		assertThat(consul.kv().list("absent/").value()).isEmpty();
	}

	@Test
	void stringsJsonAndRawValues() {
		consul.kv().put("app/text", "héllo wörld");
		consul.kv().putJson("app/json", Map.of("replicas", 3));
		assertThat(consul.kv().getString("app/text")).contains("héllo wörld");
		assertThat(consul.kv().getJson("app/json", Map.class)).contains(Map.of("replicas", 3));
		assertThat(consul.kv().getRaw("app/text", QueryOptions.NONE).value().orElseThrow())
			.isEqualTo("héllo wörld".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void checkAndSetFollowsModifyIndex() {
		assertThat(consul.kv().cas("app/cas", "first".getBytes(), 0)).isTrue();
		assertThat(consul.kv().cas("app/cas", "again".getBytes(), 0)).as("0 means only if absent").isFalse();
		long index = consul.kv().get("app/cas").value().orElseThrow().modifyIndex();
		assertThat(consul.kv().cas("app/cas", "stale".getBytes(), index - 1)).isFalse();
		assertThat(consul.kv().cas("app/cas", "second".getBytes(), index)).isTrue();
		assertThat(consul.kv().getString("app/cas")).contains("second");
		long newIndex = consul.kv().get("app/cas").value().orElseThrow().modifyIndex();
		assertThat(consul.kv().deleteCas("app/cas", index)).isFalse();
		assertThat(consul.kv().deleteCas("app/cas", newIndex)).isTrue();
		assertThat(consul.kv().get("app/cas").value()).isEmpty();
		assertThatThrownBy(() -> consul.kv().deleteCas("app/cas", 0)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void flagsAreUnsigned64Bit() {
		consul.kv().put("app/flags", new byte[0], PutOptions.NONE.withFlags(-1L), QueryOptions.NONE);
		assertThat(consul.kv().get("app/flags").value().orElseThrow().flags()).isEqualTo(-1L);
		assertThat(simulator.requests("/v1/kv/app/flags").get(0).param("flags")).isEqualTo("18446744073709551615");
	}

	@Test
	void keysWithSeparatorListFolders() {
		consul.kv().put("web/bar", "1");
		consul.kv().put("web/foo", "2");
		consul.kv().put("web/subdir/x", "3");
		consul.kv().put("web/subdir/y", "4");
		assertThat(consul.kv().keys("web/", "/", QueryOptions.NONE).value()).containsExactly("web/bar", "web/foo",
				"web/subdir/");
		assertThat(consul.kv().keys("web/", null, QueryOptions.NONE).value()).hasSize(4);
	}

	@Test
	void recursiveReadAndDelete() {
		consul.kv().put("tree/a", "1");
		consul.kv().put("tree/b/c", "2");
		consul.kv().put("other", "3");
		ConsulResponse<List<KeyValue>> tree = consul.kv().list("tree/");
		assertThat(tree.value()).extracting(KeyValue::key).containsExactly("tree/a", "tree/b/c");
		assertThat(tree.index()).isEqualTo(tree.value().stream().mapToLong(KeyValue::modifyIndex).max().getAsLong());
		consul.kv().deleteTree("tree/", QueryOptions.NONE);
		assertThat(consul.kv().list("tree/").value()).isEmpty();
		assertThat(consul.kv().getString("other")).contains("3");
	}

	@Test
	void keysWithSpecialCharactersAreEncoded() {
		consul.kv().put("odd key/with?query&chars", "v");
		assertThat(consul.kv().getString("odd key/with?query&chars")).contains("v");
		assertThat(simulator.requests("/v1/kv/odd key/with?query&chars")).isNotEmpty();
	}

	@Test
	void blockingGetWaitsForAChangeAndWakesOnWrite() throws Exception {
		consul.kv().put("watch/key", "one");
		long index = consul.kv().get("watch/key").index();
		CompletableFuture<ConsulResponse<Optional<KeyValue>>> blocked = consul
			.async((c) -> c.kv().get("watch/key", QueryOptions.NONE.index(index).waitFor("30s")));
		// The blocking call must still be waiting: nothing changed yet.
		assertThat(blocked).isNotDone();
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> simulator.requests("/v1/kv/watch/key").stream().anyMatch((r) -> r.param("index") != null));
		assertThat(blocked).isNotDone();
		consul.kv().put("watch/key", "two");
		ConsulResponse<Optional<KeyValue>> woken = blocked.get(10, TimeUnit.SECONDS);
		assertThat(woken.index()).isGreaterThan(index);
		assertThat(woken.value().orElseThrow().valueAsString()).contains("two");
		RecordedRequest sent = simulator.requests("/v1/kv/watch/key")
			.stream()
			.filter((r) -> r.param("index") != null)
			.findFirst()
			.orElseThrow();
		assertThat(sent.param("index")).isEqualTo(Long.toString(index));
		assertThat(sent.param("wait")).isEqualTo("30s");
	}

	@Test
	void blockingGetReturnsAtWaitWithoutChange() {
		consul.kv().put("watch/quiet", "one");
		long index = consul.kv().get("watch/quiet").index();
		ConsulResponse<Optional<KeyValue>> answer = consul.kv()
			.get("watch/quiet", QueryOptions.NONE.index(index).waitFor(Duration.ofMillis(200)));
		assertThat(answer.index()).isEqualTo(index);
		assertThat(answer.value()).isPresent();
	}

	@Test
	void valueOverTheLimitIsRejectedWithATypedError() {
		assertThatThrownBy(() -> consul.kv().put("big", new byte[600 * 1024]))
			.isInstanceOf(ConsulRequestException.class)
			.satisfies((ex) -> assertThat(((ConsulException) ex).status()).isEqualTo(413));
		assertThat(consul.kv().get("big").value()).isEmpty();
	}

}
