package io.cairn.deploy.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import io.cairn.deploy.support.ComposeFile;
import io.cairn.deploy.support.MetricReferences;
import io.cairn.deploy.support.Project;
import io.cairn.deploy.support.Yamls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioned Grafana dashboard loads from where the compose stack mounts it, queries
 * the provisioned Prometheus, and shows only series the apps export.
 */
class GrafanaDashboardTests {

	private static final Path DASHBOARDS = Project.deploy("grafana/dashboards");

	@Test
	void provisioningPointsAtTheComposeStack() {
		Map<String, Object> datasource = first(Project.deploy("grafana/provisioning/datasources/prometheus.yml"),
				"datasources");
		assertThat(datasource.get("type")).isEqualTo("prometheus");
		assertThat(datasource.get("url")).as("Prometheus' compose service").isEqualTo("http://prometheus:9090");
		ComposeFile compose = ComposeFile.load();
		assertThat(compose.services()).containsKey("prometheus");
		Map<String, Object> provider = first(Project.deploy("grafana/provisioning/dashboards/cairn.yml"), "providers");
		String path = Yamls.at(provider, "options.path").toString();
		assertThat(compose.service("grafana").get("volumes").toString())
			.contains("../grafana/dashboards:" + path + ":ro")
			.contains("../grafana/provisioning:/etc/grafana/provisioning:ro");
	}

	@Test
	void dashboardsQueryTheProvisionedDataSource() throws IOException {
		String uid = first(Project.deploy("grafana/provisioning/datasources/prometheus.yml"), "datasources").get("uid")
			.toString();
		for (Path file : dashboards()) {
			JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
			assertThat(dashboard.path("uid").asString()).as(file + " has a uid").isNotEmpty();
			JsonNode variable = dashboard.path("templating").path("list").get(0);
			assertThat(variable.path("type").asString()).isEqualTo("datasource");
			assertThat(variable.path("current").path("value").asString()).isEqualTo(uid);
			for (JsonNode panel : panels(dashboard)) {
				if (panel.has("targets")) {
					assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString())
						.isEqualTo("${" + variable.path("name").asString() + "}");
				}
			}
		}
	}

	@Test
	void everyPanelQueriesExportedSeries() throws IOException {
		MetricReferences references = new MetricReferences();
		List<String> problems = new ArrayList<>();
		List<String> expressions = new ArrayList<>();
		for (Path file : dashboards()) {
			for (JsonNode panel : panels(new ObjectMapper().readTree(file.toFile()))) {
				for (JsonNode target : panel.path("targets")) {
					String expr = target.path("expr").asString();
					expressions.add(expr);
					problems
						.addAll(references.check(file.getFileName() + " / " + panel.path("title").asString(), expr));
				}
			}
		}
		assertThat(problems).isEmpty();
		// The platform at a glance: every app and the systems around it have panels.
		assertThat(String.join("\n", expressions)).contains("cairn_status_", "cairn_registry_", "cairn_bridge_",
				"cairn_mesos_", "cairn_consul_", "up{");
	}

	@Test
	void panelsDoNotOverlap() throws IOException {
		for (Path file : dashboards()) {
			List<int[]> boxes = new ArrayList<>();
			for (JsonNode panel : panels(new ObjectMapper().readTree(file.toFile()))) {
				JsonNode grid = panel.path("gridPos");
				int[] box = { grid.path("x").asInt(), grid.path("y").asInt(), grid.path("w").asInt(),
						grid.path("h").asInt() };
				assertThat(box[0] + box[2]).as(panel.path("title").asString() + " fits the 24-column grid")
					.isLessThanOrEqualTo(24);
				for (int[] other : boxes) {
					boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
							&& box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
					assertThat(overlap).as(panel.path("title").asString() + " overlaps another panel").isFalse();
				}
				boxes.add(box);
			}
		}
	}

	private static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			panels.add(panel);
			panel.path("panels").forEach(panels::add);
		}
		assertThat(panels).isNotEmpty();
		return panels;
	}

	private static List<Path> dashboards() throws IOException {
		try (Stream<Path> files = Files.list(DASHBOARDS)) {
			List<Path> dashboards = files.filter((f) -> f.toString().endsWith(".json")).sorted().toList();
			assertThat(dashboards).isNotEmpty();
			return dashboards;
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> first(Path file, String key) {
		return (Map<String, Object>) Yamls.list(Yamls.load(file), key).get(0);
	}

}
