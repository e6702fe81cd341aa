package io.cairn.consul;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.agent.CheckRegistration;
import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.consul.model.catalog.CatalogDeregistration;
import io.cairn.consul.model.catalog.CatalogRegistration;
import io.cairn.consul.model.catalog.CatalogService;
import io.cairn.consul.model.health.CheckStatus;
import io.cairn.consul.model.health.HealthCheck;
import io.cairn.consul.model.catalog.ServiceHealth;
import io.cairn.consul.model.health.HealthState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catalog and health endpoints: datacenters, nodes, services, instances with tags,
 * passing, node metadata, filters, agent cache headers, and catalog registration.
 */
class CatalogHealthContractTests extends AbstractSimulatedAgentTests {

	@BeforeAll
	static void registerServices() {
		consul.agent()
			.registerService(ServiceRegistration.of("web-1", "web")
				.withAddress("10.0.0.1", 80)
				.withTags("v1")
				.withChecks(CheckRegistration.ttl("web-1-ttl", "ttl", java.time.Duration.ofMinutes(5))
					.withStatus("passing")));
		consul.agent()
			.registerService(ServiceRegistration.of("web-2", "web")
				.withAddress("10.0.0.2", 80)
				.withTags("v2")
				.withChecks(CheckRegistration.ttl("web-2-ttl", "ttl", java.time.Duration.ofMinutes(5))
					.withStatus("critical")));
		consul.catalog()
			.register(new CatalogRegistration(null, "ext-node", "192.168.1.9", null, null, Map.of("rack", "r2"),
					AgentService.of("db-1", "db", null, 5432, List.of("primary")),
					HealthCheck.of("ext-node", "db-alive", "db alive", CheckStatus.PASSING, "db-1"), null, null));
	}

	@Test
	void datacentersNodesAndServices() {
		assertThat(consul.catalog().datacenters().value()).containsExactly("dc1");
		assertThat(consul.catalog().nodes(QueryOptions.NONE).value()).extracting((n) -> n.node())
			.contains(simulator.nodeName(), "ext-node");
		assertThat(consul.catalog().nodes(QueryOptions.NONE.nodeMeta("rack", "r2")).value()).singleElement()
			.satisfies((n) -> assertThat(n.address()).isEqualTo("192.168.1.9"));
		Map<String, List<String>> services = consul.catalog().services(QueryOptions.NONE).value();
		assertThat(services).containsKeys("consul", "web", "db");
		assertThat(services.get("web")).containsExactlyInAnyOrder("v1", "v2");
	}

	@Test
	void serviceInstancesByTag() {
		List<CatalogService> v1 = consul.catalog().service("web", List.of("v1"), QueryOptions.NONE).value();
		assertThat(v1).singleElement().satisfies((instance) -> {
			assertThat(instance.serviceId()).isEqualTo("web-1");
			assertThat(instance.effectiveAddress()).isEqualTo("10.0.0.1");
			assertThat(instance.servicePort()).isEqualTo(80);
		});
		assertThat(consul.catalog().service("web", List.of(), QueryOptions.NONE).value()).hasSize(2);
		assertThat(consul.catalog().service("nothing", List.of(), QueryOptions.NONE).value()).isEmpty();
		assertThat(consul.catalog().connect("web", QueryOptions.NONE).value()).isEmpty();
	}

	@Test
	void nodeViews() {
		assertThat(consul.catalog().node("ext-node", QueryOptions.NONE).value().orElseThrow().services())
			.containsKey("db-1");
		assertThat(consul.catalog().nodeServices("ext-node", QueryOptions.NONE).value().orElseThrow().services())
			.extracting(AgentService::id)
			.containsExactly("db-1");
		assertThat(consul.catalog().node("unknown-node", QueryOptions.NONE).value()).isEmpty();
	}

	@Test
	void healthOfServicesWithPassingAndTags() {
		List<ServiceHealth> all = consul.health().service("web").value();
		assertThat(all).hasSize(2);
		assertThat(all).filteredOn((s) -> s.service().id().equals("web-2"))
			.singleElement()
			.satisfies((s) -> assertThat(s.aggregatedStatus()).isEqualTo(CheckStatus.CRITICAL));
		assertThat(consul.health().service("web", true, List.of(), QueryOptions.NONE).value()).singleElement()
			.satisfies((s) -> assertThat(s.service().id()).isEqualTo("web-1"));
		assertThat(consul.health().service("web", false, List.of("v2"), QueryOptions.NONE).value()).singleElement()
			.satisfies((s) -> assertThat(s.service().id()).isEqualTo("web-2"));
		assertThat(consul.health()
			.service("web", false, List.of(), QueryOptions.NONE.filter("Service.ID == \"web-1\""))
			.value()).hasSize(1);
		RecordedSupport.assertParam(simulator, "/v1/health/service/web", "passing", "");
	}

	@Test
	void checksByNodeServiceAndState() {
		assertThat(consul.health().node("ext-node", QueryOptions.NONE).value()).extracting(HealthCheck::checkId)
			.as("a node registered through the catalog has no serfHealth")
			.containsExactly("db-alive");
		assertThat(consul.health().checks("web", QueryOptions.NONE).value()).extracting(HealthCheck::checkId)
			.containsExactlyInAnyOrder("web-1-ttl", "web-2-ttl");
		assertThat(consul.health().state(HealthState.CRITICAL, QueryOptions.NONE).value())
			.extracting(HealthCheck::checkId)
			.containsExactly("web-2-ttl");
		assertThat(consul.health().state(HealthState.ANY, QueryOptions.NONE).value()).hasSizeGreaterThan(3);
		assertThat(consul.health().connect("web", false, QueryOptions.NONE).value()).isEmpty();
		assertThat(consul.health().ingress("web", false, QueryOptions.NONE).value()).isEmpty();
	}

	@Test
	void consistencyModesAndAgentCache() {
		ConsulResponse<List<ServiceHealth>> stale = consul.health()
			.service("web", false, List.of(), QueryOptions.NONE.stale());
		assertThat(stale.meta().effectiveConsistency()).isEqualTo("stale");
		ConsulResponse<List<ServiceHealth>> consistent = consul.health()
			.service("web", false, List.of(), QueryOptions.NONE.consistent());
		assertThat(consistent.meta().effectiveConsistency()).isEqualTo("consistent");
		ConsulResponse<List<ServiceHealth>> miss = consul.health()
			.service("db", false, List.of(), QueryOptions.NONE.cached(java.time.Duration.ofMinutes(1)));
		ConsulResponse<List<ServiceHealth>> hit = consul.health()
			.service("db", false, List.of(), QueryOptions.NONE.cached(java.time.Duration.ofMinutes(1)));
		assertThat(miss.meta().cacheHit()).isFalse();
		assertThat(hit.meta().cacheHit()).isTrue();
		assertThat(hit.meta().cacheAge()).isNotNull();
		RecordedSupport.assertHeader(simulator, "/v1/health/service/db", "Cache-Control", "max-age=60");
	}

	@Test
	void catalogDeregistration() {
		consul.catalog()
			.register(CatalogRegistration.of("tmp-node", "10.9.9.9",
					AgentService.of("tmp-1", "tmp", null, 1, List.of())));
		assertThat(consul.catalog().service("tmp", List.of(), QueryOptions.NONE).value()).hasSize(1);
		consul.catalog().deregister(CatalogDeregistration.service("tmp-node", "tmp-1"));
		assertThat(consul.catalog().service("tmp", List.of(), QueryOptions.NONE).value()).isEmpty();
		consul.catalog().deregister(CatalogDeregistration.node("tmp-node"));
		assertThat(consul.catalog().node("tmp-node", QueryOptions.NONE).value()).isEmpty();
	}

}
