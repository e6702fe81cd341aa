package io.cairn.registry;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators rely on: probes (the database in health, not in readiness), the
 * registry's own meters, ZooKeeper reported as not configured when it is not.
 */
class OperabilityTests extends RegistryTestSupport {

	@Test
	void livenessAndReadinessWithTheDatabaseInHealthOnly() throws Exception {
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		HttpResponse<String> readiness = get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(json.readTree(readiness.body()).path("components").has("db")).isFalse();
		assertThat(json.readTree(get("/actuator/health").body()).get("components").has("db")).isTrue();
	}

	@Test
	void zookeeperIsReportedAsNotConfigured() throws Exception {
		JsonNode zookeeper = json.readTree(get("/actuator/health").body()).get("components").get("zookeeper");
		assertThat(zookeeper.get("status").asString()).isEqualTo("UNKNOWN");
		// No details (connect strings, database product, reasons) for anonymous readers
		// (finding L3).
		assertThat(zookeeper.has("details")).isFalse();
	}

	@Test
	void prometheusExposesTheRegistryMeters() throws Exception {
		ping(unique("metered"), "10.5.0.1", 80);
		locate("metered-*");
		this.reaper.runOnce();
		String metrics = get("/actuator/prometheus").body();
		assertThat(metrics).contains("cairn_registry_pings_total{", "outcome=\"registered\"",
				"cairn_registry_lookups_total", "cairn_registry_registrations_total", "cairn_registry_expiries_total",
				"cairn_registry_instances_alive", "cairn_registry_renewals_pending", "cairn_registry_watches",
				"cairn_registry_rpc_requests_seconds_count");
		assertThat(metrics).doesNotContain("10.5.0.1");
	}

	@Test
	void theConsoleIsServedAtTheRoot() throws Exception {
		HttpResponse<String> console = get("/");
		assertThat(console.statusCode()).isEqualTo(200);
		assertThat(console.body()).contains("<title>Cairn registry</title>");
	}

}
