package io.cairn.status.format;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cairn.consul.Consul;
import io.cairn.consul.model.agent.CheckRegistration;
import io.cairn.consul.model.agent.ServiceRegistration;
import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.testsupport.AppTestSupport;
import io.cairn.testkit.consul.ConsulSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health answers people already serve, polled for real: Spring Boot Actuator,
 * Consul's agent and health endpoints (testkit's Consul simulator), Kubernetes
 * {@code /healthz} and {@code /readyz}, plain HTTP; detected from the answer or named per
 * check, while Megaphone documents keep their meaning.
 */
class HealthFormatTests extends AppTestSupport {

	static final ConsulSimulator consul = ConsulSimulator.start();

	@AfterAll
	static void stopConsul() {
		consul.close();
	}

	private void add(String json) {
		HttpResponse<String> created = this.http.post("/checks", json);
		assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
	}

	private CheckState awaitStatus(String id, CheckStatus status) {
		awaitTrue(() -> {
			TrackedCheck check = this.live.get(id);
			return check != null && check.state().polledAt() != null && check.state().status() == status;
		});
		return this.live.get(id).state();
	}

	@Test
	void actuatorHealthIsDetectedWithItsComponentsShown() {
		endpoints.answer("act-oos", 503,
				"{\"status\": \"OUT_OF_SERVICE\", \"components\": {\"db\": {\"status\": \"UP\"},"
						+ " \"diskSpace\": {\"status\": \"OUT_OF_SERVICE\", \"details\": {\"free\": 1}}}}");
		endpoints.answer("act-up", 200, "{\"status\": \"UP\", \"components\": {\"db\": {\"status\": \"UP\"}, "
				+ "\"ping\": {\"status\": \"UP\"}}, \"groups\": [\"liveness\", \"readiness\"]}");
		endpoints.answer("act-custom", 200,
				"{\"status\": \"DEGRADED\", \"details\": {\"cache\": {\"status\": \"UP\"}}}");
		add("{\"id\": \"act-oos\", \"url\": \"" + endpoints.url("/dynamic/act-oos") + "\"}");
		add("{\"id\": \"act-up\", \"url\": \"" + endpoints.url("/dynamic/act-up") + "\", \"format\": \"actuator\"}");
		add("{\"id\": \"act-custom\", \"url\": \"" + endpoints.url("/dynamic/act-custom")
				+ "\", \"format\": \"ACTUATOR\"}");

		CheckState oos = awaitStatus("act-oos", CheckStatus.CRITICAL);
		assertThat(oos.message()).isEqualTo("Actuator OUT_OF_SERVICE; components: db UP, diskSpace OUT_OF_SERVICE");
		assertThat(oos.document()).contains("diskSpace");
		assertThat(awaitStatus("act-up", CheckStatus.OK).message())
			.isEqualTo("Actuator UP; components: db UP, ping UP");
		// A custom status (and pre-2.2 "details") is Unknown, spelt as the app spelt it.
		assertThat(awaitStatus("act-custom", CheckStatus.UNKNOWN).message())
			.isEqualTo("Actuator DEGRADED; components: cache UP");
		assertThat(this.http.get("/checks/act-up").body()).contains("\"format\":\"actuator\"");
	}

	@Test
	void consulAgentAndHealthAnswersCountTheirWorstCheck() {
		try (Consul client = Consul.builder().address(consul.address()).build()) {
			client.agent()
				.registerService(ServiceRegistration.of("pay-1", "pay")
					.withAddress("127.0.0.1", 8080)
					.withChecks(CheckRegistration.ttl("pay-http", "http", Duration.ofHours(1)),
							CheckRegistration.ttl("pay-disk", "disk", Duration.ofHours(1))));
			client.agent().pass("pay-http", "200");
			client.agent().warn("pay-disk", "85% used");
		}
		String base = "http://127.0.0.1:" + consul.port();
		add("{\"id\": \"consul-agent\", \"url\": \"" + base + "/v1/agent/health/service/id/pay-1\"}");
		add("{\"id\": \"consul-agent-name\", \"url\": \"" + base + "/v1/agent/health/service/name/pay\"}");
		add("{\"id\": \"consul-checks\", \"url\": \"" + base + "/v1/health/checks/pay\"}");
		add("{\"id\": \"consul-service\", \"url\": \"" + base + "/v1/health/service/pay\", \"format\": \"consul\"}");
		add("{\"id\": \"consul-agent-checks\", \"url\": \"" + base + "/v1/agent/checks\"}");

		assertThat(awaitStatus("consul-agent", CheckStatus.WARNING).message())
			.isEqualTo("Consul: 1 of 1 not passing: service warning");
		assertThat(awaitStatus("consul-agent-name", CheckStatus.WARNING).message())
			.isEqualTo("Consul: 1 of 1 not passing: service warning");
		assertThat(awaitStatus("consul-checks", CheckStatus.WARNING).message())
			.isEqualTo("Consul: 1 of 2 not passing: disk warning");
		assertThat(awaitStatus("consul-service", CheckStatus.WARNING).message()).startsWith("Consul: 1 of ")
			.endsWith(" not passing: disk warning");
		assertThat(awaitStatus("consul-agent-checks", CheckStatus.WARNING).message()).contains("disk warning");

		assertThat(consul.setCheckStatus("pay-disk", "critical")).isTrue();
		for (String id : new String[] { "consul-agent", "consul-checks", "consul-service", "consul-agent-checks" }) {
			this.checks.pollNow(id);
		}
		assertThat(awaitStatus("consul-agent", CheckStatus.CRITICAL).message())
			.isEqualTo("Consul: 1 of 1 not passing: service critical");
		assertThat(awaitStatus("consul-checks", CheckStatus.CRITICAL).message())
			.isEqualTo("Consul: 1 of 2 not passing: disk critical");
		awaitStatus("consul-service", CheckStatus.CRITICAL);
		awaitStatus("consul-agent-checks", CheckStatus.CRITICAL);
	}

	@Test
	void kubernetesHealthzAndReadyzAreDetected() {
		endpoints.answer("healthz", 200, "ok");
		endpoints.answer("readyz-verbose", 200, "[+]ping ok\n[+]log ok\n[+]etcd ok\nreadyz check passed\n");
		endpoints.answer("readyz-failed", 500,
				"[+]ping ok\n[-]etcd failed: reason withheld\n[+]log ok\nreadyz check failed\n");
		endpoints.answer("livez-named", 503, "not ready");
		add("{\"id\": \"k8s-healthz\", \"url\": \"" + endpoints.url("/dynamic/healthz") + "\"}");
		add("{\"id\": \"k8s-readyz\", \"url\": \"" + endpoints.url("/dynamic/readyz-verbose") + "\"}");
		add("{\"id\": \"k8s-failed\", \"url\": \"" + endpoints.url("/dynamic/readyz-failed") + "\"}");
		add("{\"id\": \"k8s-named\", \"url\": \"" + endpoints.url("/dynamic/livez-named")
				+ "\", \"format\": \"kubernetes\"}");

		assertThat(awaitStatus("k8s-healthz", CheckStatus.OK).message()).isEqualTo("HTTP 200; ok");
		assertThat(awaitStatus("k8s-readyz", CheckStatus.OK).message()).isEqualTo("HTTP 200; 3 checks passed");
		assertThat(awaitStatus("k8s-failed", CheckStatus.CRITICAL).message()).isEqualTo("HTTP 500; failed: etcd");
		assertThat(awaitStatus("k8s-named", CheckStatus.CRITICAL).message()).isEqualTo("HTTP 503");
	}

	@Test
	void plainHttpCountsTwoHundredsOrTheChecksOwnCodes() {
		add("{\"id\": \"plain-html\", \"url\": \"" + endpoints.url("/html") + "\", \"format\": \"plain\"}");
		add("{\"id\": \"plain-500\", \"url\": \"" + endpoints.url("/500") + "\", \"format\": \"plain\"}");
		add("{\"id\": \"plain-404\", \"url\": \"" + endpoints.url("/nothing-here")
				+ "\", \"format\": \"plain\", \"okStatus\": [404, 410]}");
		assertThat(awaitStatus("plain-html", CheckStatus.OK).message()).isEqualTo("HTTP 200");
		assertThat(awaitStatus("plain-500", CheckStatus.CRITICAL).message()).isEqualTo("HTTP 500");
		assertThat(awaitStatus("plain-404", CheckStatus.OK).message()).isEqualTo("HTTP 404");
		assertThat(this.http.get("/checks/plain-404").body()).contains("\"okStatus\":[404,410]");
	}

	@Test
	void megaphoneDocumentsKeepTheirMeaning() {
		// Megaphone's own statuses, and what Megaphone could not read, stay as they were:
		// an unrecognised value is Unknown with its spelling, HTML and arrays Critical.
		add("{\"id\": \"mp-warning\", \"url\": \"" + endpoints.url("/warning") + "\"}");
		add("{\"id\": \"mp-odd\", \"url\": \"" + endpoints.url("/odd") + "\"}");
		add("{\"id\": \"mp-html\", \"url\": \"" + endpoints.url("/html") + "\"}");
		add("{\"id\": \"mp-array\", \"url\": \"" + endpoints.url("/array") + "\"}");
		endpoints.answer("mp-forced", 200, "{\"status\": \"OUT_OF_SERVICE\"}");
		add("{\"id\": \"mp-forced\", \"url\": \"" + endpoints.url("/dynamic/mp-forced")
				+ "\", \"format\": \"megaphone\"}");
		assertThat(awaitStatus("mp-warning", CheckStatus.WARNING).message())
			.isEqualTo("Houston, I think we have a problem.");
		CheckState odd = awaitStatus("mp-odd", CheckStatus.UNKNOWN);
		assertThat(odd.label()).isEqualTo("Degraded");
		assertThat(awaitStatus("mp-html", CheckStatus.CRITICAL).message())
			.endsWith("(the answer is not a JSON object)");
		assertThat(awaitStatus("mp-array", CheckStatus.CRITICAL).message())
			.endsWith("(the answer is not a JSON object)");
		CheckState forced = awaitStatus("mp-forced", CheckStatus.UNKNOWN);
		assertThat(forced.label()).isEqualTo("OUT_OF_SERVICE");
	}

}
