package io.cairn.deploy.compose;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.cairn.deploy.support.CairnApp;
import io.cairn.deploy.support.ComposeFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The compose stack as a user starts it: images built from this checkout's jars, the
 * {@code .env} that {@code init-env.sh} writes, {@code docker-compose up}. Then what the
 * stack is for: a registered instance with a status URL becomes a status-aggregator
 * check, Prometheus scrapes every app and loaded the alerts, Grafana serves the
 * dashboard; with the {@code mesos} profile, a Marathon app's tasks appear in Consul
 * through the bridge. Needs a Docker engine with Compose v2; skipped without one.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {

	private static final Duration START = Duration.ofMinutes(6);

	private static Map<String, String> env;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void platformWorksEndToEnd() throws Exception {
		assumeBuilt();
		try (ComposeContainer stack = stack().withExposedService("registry-service", 5000, healthy())
			.withExposedService("status-aggregator", 18001, healthy())
			.withExposedService("marathon-consul-bridge", 7000)
			.withExposedService("prometheus", 9090, Wait.forHttp("/-/ready").forStatusCode(200))
			.withExposedService("grafana", 3000, Wait.forHttp("/api/health").forStatusCode(200))) {
			stack.start();
			String registry = url(stack, "registry-service", 5000);
			String status = url(stack, "status-aggregator", 18001);
			// An instance whose status-url is status-aggregator's own Megaphone /status
			// (inside the network).
			String ping = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":"
					+ "{\"name\":\"status.self\",\"host\":\"status-aggregator\",\"port\":18001,\"meta\":{\"labels\":"
					+ "{\"status-url\":\"http://status-aggregator:18001/status\"}}},\"id\":1}";
			// Each app has its own token (finding L4): registry-service's JSON-RPC takes
			// it as X-Api-Token.
			assertThat(post(registry + "/api", ping, Map.of()).body()).doesNotContain("\"result\":true");
			assertThat(post(registry + "/api", ping, Map.of("X-Api-Token", env().get("REGISTRY_TOKEN"))).body())
				.contains("\"result\":true");
			Awaitility.await("registry discovery turns the instance into a check")
				.atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofSeconds(2))
				.until(() -> get(status + "/check/list").body().contains("status-aggregator:18001/status"));
			String prometheus = url(stack, "prometheus", 9090);
			Awaitility.await("Prometheus scrapes every app")
				.atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofSeconds(5))
				.until(() -> {
					String targets = get(prometheus + "/api/v1/targets?state=active").body();
					return CairnApp.MODULES.stream()
						.allMatch((module) -> targets.contains("\"job\":\"" + module + "\"")
								&& !targets.contains("\"health\":\"down\""));
				});
			assertThat(get(prometheus + "/api/v1/rules").body()).contains("CairnCheckCritical", "CairnMesosNoLeader");
			String grafana = url(stack, "grafana", 3000);
			HttpResponse<String> dashboard = this.http.send(HttpRequest
				.newBuilder(URI.create(grafana + "/api/dashboards/uid/cairn-overview"))
				.header("Authorization", "Basic " + Base64.getEncoder()
					.encodeToString(("admin:" + env().get("GRAFANA_ADMIN_PASSWORD")).getBytes(StandardCharsets.UTF_8)))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(dashboard.statusCode()).as(dashboard.body()).isEqualTo(200);
			assertThat(get(url(stack, "marathon-consul-bridge", 7000) + "/actuator/health/liveness").statusCode())
				.isEqualTo(200);
		}
	}

	@Test
	void mesosProfileGivesTheBridgeTasksToMirror() throws Exception {
		assumeBuilt();
		try (ComposeContainer stack = stack().withOptions("--profile", "mesos")
			.withExposedService("marathon-consul-bridge", 7000, healthy())
			.withExposedService("marathon", 8080, Wait.forHttp("/ping").forStatusCode(200))
			.withExposedService("consul", 8500, Wait.forHttp("/v1/status/leader").forStatusCode(200))) {
			stack.start();
			String marathon = url(stack, "marathon", 8080);
			String app = Files.readString(ComposeFile.directory().resolve("mesos/demo-app.json"));
			HttpResponse<String> created = post(marathon + "/v2/apps", app, Map.of());
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			String consul = url(stack, "consul", 8500);
			// Consul runs with ACLs (finding L4): no write without a token, the catalog
			// read with the operator's.
			HttpResponse<String> anonymous = this.http
				.send(HttpRequest.newBuilder(URI.create(consul + "/v1/kv/cairn-probe"))
					.PUT(HttpRequest.BodyPublishers.ofString("x"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(anonymous.statusCode()).isEqualTo(403);
			// Consular's naming: app /demo/hello is service demo-hello, its labels under
			// consular/demo-hello/.
			Awaitility.await("both tasks are registered in Consul")
				.atMost(Duration.ofMinutes(4))
				.pollInterval(Duration.ofSeconds(3))
				.until(() -> consul(consul + "/v1/catalog/service/demo-hello").body()
					.split("\"ServiceID\"").length == 3);
			assertThat(consul(consul + "/v1/kv/consular/demo-hello/team?raw").body()).isEqualTo("\"platform\"");
		}
	}

	private ComposeContainer stack() throws IOException {
		return new ComposeContainer(new File(ComposeFile.directory().toFile(), "docker-compose.yml")).withBuild(true)
			.withEnv(env())
			.withRemoveVolumes(true)
			.withStartupTimeout(START);
	}

	/**
	 * The management port is not published: the container's own health check asks the
	 * actuator.
	 */
	private static WaitStrategy healthy() {
		return Wait.forHealthcheck().withStartupTimeout(START);
	}

	/** The variables init-env.sh writes for a new user, generated once per run. */
	private static synchronized Map<String, String> env() throws IOException {
		if (env == null) {
			Path file = Files.createTempDirectory("cairn-compose").resolve(".env");
			try {
				env = ComposeFile.initEnv(file);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		}
		return env;
	}

	private static void assumeBuilt() {
		for (String module : CairnApp.MODULES) {
			assumeTrue(Files.isRegularFile(CairnApp.of(module).jar()), module + "'s jar is not built here");
		}
	}

	private static String url(ComposeContainer stack, String service, int port) {
		return "http://" + stack.getServiceHost(service, port) + ":" + stack.getServicePort(service, port);
	}

	private HttpResponse<String> get(String url) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> consul(String url) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url))
			.header("X-Consul-Token", env().get("CONSUL_MANAGEMENT_TOKEN"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String url, String json, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
