package io.cairn.deploy.docker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

import io.cairn.deploy.support.CairnApp;
import io.cairn.deploy.support.Project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each app's image, built from the sources by {@code deploy/docker/Dockerfile} (the
 * repository root as context, its {@code .dockerignore} applied) and run with no more
 * configuration than a database for the apps that keep data (the images carry no embedded
 * PostgreSQL): it starts as a non-root user, becomes ready, reports healthy through its
 * own HEALTHCHECK, and serves its meters on the management port. Needs a Docker engine;
 * skipped without one.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerImageIT {

	private static final Map<String, String> METER_PREFIXES = Map.of("registry-service", "cairn_registry_",
			"status-aggregator", "cairn_status_", "marathon-consul-bridge", "cairn_bridge_");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@ParameterizedTest
	@ValueSource(strings = { "registry-service", "status-aggregator", "marathon-consul-bridge" })
	void imageStartsAsNonRootAndBecomesHealthy(String module) throws Exception {
		CairnApp app = CairnApp.of(module);
		assumeTrue(app.present(), module + " is not in this checkout");
		ImageFromDockerfile image = new ImageFromDockerfile("cairn/" + module + "-it", true)
			.withFileFromPath(".", Project.root())
			.withDockerfile(Project.deploy("docker/Dockerfile"))
			.withBuildArg("MODULE", module)
			.withBuildArg("PORT", Integer.toString(app.port()));
		try (Network network = Network.newNetwork();
				GenericContainer<?> postgres = new GenericContainer<>("postgres:17").withNetwork(network)
					.withNetworkAliases("postgres")
					.withEnv(Map.of("POSTGRES_USER", "cairn", "POSTGRES_PASSWORD", "it-password", "POSTGRES_DB",
							"cairn"))
					.waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
				GenericContainer<?> container = new GenericContainer<>(image).withNetwork(network)
					.withExposedPorts(app.port(), 8081)
					.waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(8081).forStatusCode(200))
					.withStartupTimeout(Duration.ofMinutes(4))) {
			if (app.hasDatabase()) {
				postgres.start();
				container.withEnv(Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/cairn",
						"SPRING_DATASOURCE_USERNAME", "cairn", "SPRING_DATASOURCE_PASSWORD", "it-password"));
			}
			container.start();
			assertThat(container.execInContainer("id", "-u").getStdout().strip()).isEqualTo("10001");
			String base = "http://" + container.getHost() + ":";
			assertThat(get(base + container.getMappedPort(8081) + "/actuator/prometheus"))
				.contains(METER_PREFIXES.get(module));
			assertThat(get(base + container.getMappedPort(app.port()) + "/")).isNotEmpty();
			Awaitility.await("the image's HEALTHCHECK reports healthy")
				.atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> {
					var state = container.getDockerClient()
						.inspectContainerCmd(container.getContainerId())
						.exec()
						.getState();
					return state.getHealth() != null && "healthy".equals(state.getHealth().getStatus());
				});
		}
	}

	private String get(String url) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(url).isEqualTo(200);
		return response.body();
	}

}
