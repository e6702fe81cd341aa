package io.cairn.consul;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.cairn.consul.model.config.ConfigEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Config entries ({@code /v1/config}): apply, read, list, CAS, delete, the kind's own
 * fields kept through a read-modify-write, blocking lists, Consul's 400s.
 */
class ConfigContractTests extends AbstractSimulatedAgentTests {

	@Test
	void anEntryIsAppliedReadListedAndDeleted() {
		assertThat(consul.config().apply(ConfigEntry.serviceDefaults("web", "http"))).isTrue();
		ConfigEntry web = consul.config()
			.read(ConfigEntry.SERVICE_DEFAULTS, "web", QueryOptions.NONE)
			.value()
			.orElseThrow();
		assertThat(web.kind()).isEqualTo("service-defaults");
		assertThat(web.name()).isEqualTo("web");
		assertThat(web.field("Protocol")).isEqualTo("http");
		assertThat(web.modifyIndex()).isPositive();
		assertThat(consul.config().list(ConfigEntry.SERVICE_DEFAULTS, QueryOptions.NONE).value())
			.extracting(ConfigEntry::name)
			.contains("web");
		consul.config().delete(ConfigEntry.SERVICE_DEFAULTS, "web");
		assertThat(consul.config().read(ConfigEntry.SERVICE_DEFAULTS, "web", QueryOptions.NONE).value()).isEmpty();
		RecordedSupport.assertHeader(simulator, "/v1/config", "Content-Type", "application/json");
	}

	@Test
	void fieldsThisClientDoesNotKnowSurviveAReadModifyWrite() {
		Map<String, Object> upstream = Map.of("Defaults", Map.of("ConnectTimeoutMs", 5000));
		consul.config()
			.apply(ConfigEntry.of(ConfigEntry.SERVICE_DEFAULTS, "api",
					Map.of("Protocol", "http", "UpstreamConfig", upstream)));
		ConfigEntry api = consul.config()
			.read(ConfigEntry.SERVICE_DEFAULTS, "api", QueryOptions.NONE)
			.value()
			.orElseThrow();
		assertThat(consul.config().applyCas(api.withField("Protocol", "grpc"), api.modifyIndex())).isTrue();
		ConfigEntry changed = consul.config()
			.read(ConfigEntry.SERVICE_DEFAULTS, "api", QueryOptions.NONE)
			.value()
			.orElseThrow();
		assertThat(changed.field("Protocol")).isEqualTo("grpc");
		assertThat(changed.field("UpstreamConfig")).isEqualTo(upstream);
		assertThat(changed.createIndex()).isEqualTo(api.createIndex());
	}

	@Test
	void casRefusesAStaleIndexForWritesAndDeletes() {
		ConfigEntry entry = ConfigEntry.serviceDefaults("db", "tcp");
		assertThat(consul.config().applyCas(entry, 0)).isTrue();
		assertThat(consul.config().applyCas(entry, 0)).as("0: only when absent").isFalse();
		long index = consul.config()
			.read(ConfigEntry.SERVICE_DEFAULTS, "db", QueryOptions.NONE)
			.value()
			.orElseThrow()
			.modifyIndex();
		assertThat(consul.config().applyCas(entry.withField("Protocol", "http"), index - 1)).isFalse();
		assertThat(consul.config().deleteCas(ConfigEntry.SERVICE_DEFAULTS, "db", index - 1)).isFalse();
		assertThat(consul.config().deleteCas(ConfigEntry.SERVICE_DEFAULTS, "db", index)).isTrue();
		assertThat(consul.config().read(ConfigEntry.SERVICE_DEFAULTS, "db", QueryOptions.NONE).value()).isEmpty();
	}

	@Test
	void aBlockingListWakesOnAWriteOfItsKind() throws Exception {
		ConsulResponse<List<ConfigEntry>> first = consul.config().list(ConfigEntry.PROXY_DEFAULTS, QueryOptions.NONE);
		CompletableFuture<ConsulResponse<List<ConfigEntry>>> next = consul.async((c) -> c.config()
			.list(ConfigEntry.PROXY_DEFAULTS, QueryOptions.NONE.index(first.index()).waitFor("30s")));
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> simulator.requests("/v1/config/proxy-defaults")
				.stream()
				.anyMatch((r) -> r.param("index") != null));
		assertThat(next).isNotDone();
		consul.config().apply(ConfigEntry.proxyDefaults(Map.of("protocol", "http")));
		ConsulResponse<List<ConfigEntry>> woken = next.get(10, TimeUnit.SECONDS);
		assertThat(woken.index()).isGreaterThan(first.index());
		assertThat(woken.value()).singleElement()
			.satisfies((entry) -> assertThat(entry.field("Config")).isEqualTo(Map.of("protocol", "http")));
	}

	@Test
	void consulsRulesAreTypedErrors() {
		assertThatThrownBy(() -> consul.config().apply(ConfigEntry.of("no-such-kind", "x", Map.of())))
			.isInstanceOfSatisfying(ConsulRequestException.class,
					(ex) -> assertThat(ex.bodyText()).contains("invalid config entry kind"));
		assertThatThrownBy(() -> consul.config().apply(ConfigEntry.of(ConfigEntry.PROXY_DEFAULTS, "web", Map.of())))
			.isInstanceOfSatisfying(ConsulRequestException.class,
					(ex) -> assertThat(ex.bodyText()).contains("only \"global\""));
		assertThatThrownBy(() -> consul.config()
			.apply(ConfigEntry.of(ConfigEntry.SERVICE_INTENTIONS, "db",
					Map.of("Sources", List.of(Map.of("Name", "web", "Action", "maybe"))))))
			.isInstanceOf(ConsulRequestException.class);
		assertThatThrownBy(() -> consul.config().read("", "x", QueryOptions.NONE))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
