package io.cairn.consul;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.agent.AgentTokenType;
import io.cairn.consul.model.agent.CheckRegistration;
import io.cairn.consul.model.agent.LocalServiceHealth;
import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.consul.model.health.CheckStatus;
import io.cairn.consul.model.health.HealthCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Agent endpoints: self, version, members, join/leave, maintenance, metrics, monitor,
 * tokens, local services (with hash-based blocking), local health (200/429/503 as
 * statuses), checks.
 */
class AgentContractTests extends AbstractSimulatedAgentTests {

	@BeforeEach
	void clean() {
		consul.agent().services(QueryOptions.NONE).value().keySet().forEach(consul.agent()::deregisterService);
		consul.agent().checks(QueryOptions.NONE).value().keySet().forEach(consul.agent()::deregisterCheck);
	}

	@Test
	void hostDescribesMemoryCpusHostAndDisk() {
		var host = consul.agent().host().value();
		assertThat(host.memory().total()).isPositive();
		assertThat(host.cpu()).isNotEmpty();
		assertThat(host.host().os()).isNotBlank();
		assertThat(host.disk().total()).isPositive();
		assertThat(host.collectionTime()).isPositive();
		assertThat(simulator.requests("/v1/agent/host")).hasSize(1);
	}

	@Test
	void selfVersionAndMembers() {
		assertThat(consul.agent().self().value().datacenter()).isEqualTo("dc1");
		assertThat(consul.agent().self().value().nodeName()).isEqualTo(simulator.nodeName());
		assertThat(consul.agent().version().value().humanVersion()).isEqualTo("1.17.0");
		assertThat(consul.agent().members(false).value()).singleElement()
			.satisfies((member) -> assertThat(member.isAlive()).isTrue());
		assertThat(consul.agent().members(true).value().get(0).name()).endsWith(".dc1");
		assertThat(simulator.requests("/v1/agent/members").get(1).param("wan")).isEmpty();
	}

	@Test
	void joinLeaveForceLeaveReloadAndTokens() {
		consul.agent().join("10.1.2.3", true);
		consul.agent().forceLeave("gone-node", true, false);
		consul.agent().reload();
		consul.agent().updateToken(AgentTokenType.AGENT, "secret");
		consul.agent().leave();
		assertThat(simulator.requests("/v1/agent/join/10.1.2.3").get(0).param("wan")).isEmpty();
		assertThat(simulator.requests("/v1/agent/force-leave/gone-node").get(0).query()).containsKey("prune");
		assertThat(new String(simulator.requests("/v1/agent/token/agent").get(0).body()))
			.contains("\"Token\":\"secret\"");
		assertThat(simulator.requests("/v1/agent/leave")).hasSize(1);
	}

	@Test
	void metricsAsJsonAndPrometheusText() {
		assertThat(consul.agent().metrics().value().counters()).isNotEmpty();
		assertThat(consul.agent().metricsPrometheus().value()).contains("consul_raft_apply");
	}

	@Test
	void monitorStreamsLogLinesUntilClosed() throws Exception {
		List<String> lines = new CopyOnWriteArrayList<>();
		try (Closeable monitor = consul.agent().monitor("debug", lines::add)) {
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !lines.isEmpty());
			consul.kv().put("monitor/trigger", "x");
			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> lines.stream().anyMatch((line) -> line.contains("/v1/kv/monitor/trigger")));
		}
		assertThat(lines.get(0)).contains("monitor attached");
	}

	@Test
	void registerServiceWithChecksThenDeregister() {
		ServiceRegistration web = ServiceRegistration.of("web-1", "web")
			.withAddress("10.0.0.5", 8080)
			.withTags("v1", "primary")
			.withMeta(Map.of("version", "1.2"))
			.withChecks(CheckRegistration.ttl("web-1-ttl", "web ttl", Duration.ofMinutes(1)));
		consul.agent().registerService(web);
		Map<String, AgentService> services = consul.agent().services(QueryOptions.NONE).value();
		assertThat(services).containsOnlyKeys("web-1");
		assertThat(services.get("web-1").tagList()).containsExactly("v1", "primary");
		assertThat(services.get("web-1").meta()).containsEntry("version", "1.2");
		Map<String, HealthCheck> checks = consul.agent().checks(QueryOptions.NONE).value();
		assertThat(checks.get("web-1-ttl").serviceId()).isEqualTo("web-1");
		assertThat(checks.get("web-1-ttl").status()).isEqualTo(CheckStatus.CRITICAL);
		consul.agent().deregisterService("web-1");
		assertThat(consul.agent().services(QueryOptions.NONE).value()).isEmpty();
		assertThat(consul.agent().checks(QueryOptions.NONE).value()).isEmpty();
	}

	@Test
	void ttlChecksPassWarnFailAndUpdate() {
		consul.agent().registerService(ServiceRegistration.of("api-1", "api"));
		consul.agent()
			.registerCheck(CheckRegistration.ttl("api-ttl", "api ttl", Duration.ofMinutes(1)).withServiceId("api-1"));
		consul.agent().pass("api-ttl", "all good");
		assertThat(check("api-ttl").status()).isEqualTo(CheckStatus.PASSING);
		assertThat(check("api-ttl").output()).isEqualTo("all good");
		consul.agent().warn("api-ttl", null);
		assertThat(check("api-ttl").status()).isEqualTo(CheckStatus.WARNING);
		consul.agent().fail("api-ttl", "down");
		assertThat(check("api-ttl").status()).isEqualTo(CheckStatus.CRITICAL);
		consul.agent().updateCheck("api-ttl", CheckStatus.PASSING, "recovered");
		assertThat(check("api-ttl").output()).isEqualTo("recovered");
		assertThatThrownBy(() -> consul.agent().pass("no-such-check", null))
			.isInstanceOf(ConsulNotFoundException.class);
	}

	@Test
	void ttlCheckTurnsCriticalWhenNotUpdated() {
		consul.agent()
			.registerCheck(CheckRegistration.ttl("short", "short ttl", Duration.ofMillis(200)).withStatus("passing"));
		assertThat(check("short").status()).isEqualTo(CheckStatus.PASSING);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> check("short").status() == CheckStatus.CRITICAL);
	}

	@Test
	void localServiceHealthStatusesAreValuesNotErrors() {
		consul.agent()
			.registerService(ServiceRegistration.of("db-1", "db")
				.withChecks(CheckRegistration.ttl("db-1-ttl", "db ttl", Duration.ofMinutes(1)).withStatus("passing")));
		consul.agent()
			.registerService(ServiceRegistration.of("db-2", "db")
				.withChecks(CheckRegistration.ttl("db-2-ttl", "db ttl", Duration.ofMinutes(1)).withStatus("passing")));
		assertThat(consul.agent().serviceHealthById("db-1").value().orElseThrow().aggregatedStatus())
			.isEqualTo(CheckStatus.PASSING);
		consul.agent().warn("db-2-ttl", null);
		List<LocalServiceHealth> byName = consul.agent().serviceHealthByName("db").value();
		assertThat(byName).extracting(LocalServiceHealth::aggregatedStatus)
			.containsExactlyInAnyOrder(CheckStatus.PASSING, CheckStatus.WARNING);
		consul.agent().fail("db-2-ttl", null);
		assertThat(consul.agent().serviceHealthById("db-2").value().orElseThrow().aggregatedStatus())
			.isEqualTo(CheckStatus.CRITICAL);
		assertThat(consul.agent().serviceHealthById("db-9").value()).isEmpty();
		assertThat(consul.agent().serviceHealthByName("nothing").value()).isEmpty();
	}

	@Test
	void oneServiceWithHashBasedBlocking() throws Exception {
		consul.agent().registerService(ServiceRegistration.of("cache-1", "cache").withAddress("10.0.0.7", 6379));
		ConsulResponse<Optional<AgentService>> first = consul.agent().service("cache-1", QueryOptions.NONE);
		String hash = first.meta().contentHash();
		assertThat(hash).isNotBlank();
		assertThat(first.value().orElseThrow().port()).isEqualTo(6379);
		CompletableFuture<ConsulResponse<Optional<AgentService>>> blocked = consul
			.async((c) -> c.agent().service("cache-1", QueryOptions.NONE.after(first.meta()).waitFor("30s")));
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> simulator.requests("/v1/agent/service/cache-1")
				.stream()
				.anyMatch((r) -> hash.equals(r.param("hash"))));
		assertThat(blocked).isNotDone();
		consul.agent().registerService(ServiceRegistration.of("cache-1", "cache").withAddress("10.0.0.7", 6380));
		ConsulResponse<Optional<AgentService>> changed = blocked.get(10, TimeUnit.SECONDS);
		assertThat(changed.value().orElseThrow().port()).isEqualTo(6380);
		assertThat(changed.meta().contentHash()).isNotEqualTo(hash);
		assertThat(consul.agent().service("no-such", QueryOptions.NONE).value()).isEmpty();
	}

	@Test
	void nodeAndServiceMaintenance() {
		consul.agent().registerService(ServiceRegistration.of("m-1", "m"));
		consul.agent().serviceMaintenance("m-1", true, "upgrading");
		assertThat(consul.agent().checks(QueryOptions.NONE).value()).containsKey("_service_maintenance:m-1");
		consul.agent().serviceMaintenance("m-1", false, null);
		consul.agent().maintenance(true, "rack move");
		assertThat(consul.health().node(simulator.nodeName(), QueryOptions.NONE).value())
			.anySatisfy((check) -> assertThat(check.checkId()).isEqualTo("_node_maintenance"));
		consul.agent().maintenance(false, null);
		assertThat(consul.agent().checks(QueryOptions.NONE).value()).isEmpty();
		assertThat(simulator.requests("/v1/agent/maintenance").get(0).param("reason")).isEqualTo("rack move");
	}

	@Test
	void filtersApplyToLocalServices() {
		consul.agent().registerService(ServiceRegistration.of("f-1", "f").withTags("blue"));
		consul.agent().registerService(ServiceRegistration.of("f-2", "f").withTags("green"));
		assertThat(consul.agent().services(QueryOptions.NONE.filter("\"blue\" in Tags")).value())
			.containsOnlyKeys("f-1");
		assertThatThrownBy(() -> consul.agent().services(QueryOptions.NONE.filter("Tags ~~ nonsense")))
			.isInstanceOf(ConsulRequestException.class);
	}

	private HealthCheck check(String id) {
		return consul.agent().checks(QueryOptions.NONE).value().get(id);
	}

}
