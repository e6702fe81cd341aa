package io.cairn.deploy.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.cairn.deploy.support.CairnApp;
import io.cairn.deploy.support.ComposeFile;
import io.cairn.deploy.support.MetricReferences;
import io.cairn.deploy.support.PromQl;
import io.cairn.deploy.support.Project;
import io.cairn.deploy.support.Yamls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus configuration and alert rules parse, scrape every app where it serves
 * its meters, and name only series the apps export. The files are read as YAML and their
 * PromQL through {@link PromQl}; {@link PromtoolRulesTests} has promtool check and
 * unit-test them.
 */
class PrometheusConfigTests {

	private static final Path CONFIG = Project.deploy("prometheus/prometheus.yml");

	private static final Path RULES = Project.deploy("prometheus/rules");

	@Test
	void scrapesEveryAppOnItsManagementPort() {
		Map<String, Object> config = Yamls.load(CONFIG);
		ComposeFile compose = ComposeFile.load();
		Map<String, Map<String, Object>> jobs = new java.util.LinkedHashMap<>();
		for (Object job : Yamls.list(config, "scrape_configs")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> scrape = (Map<String, Object>) job;
			jobs.put(scrape.get("job_name").toString(), scrape);
		}
		for (String module : CairnApp.MODULES) {
			assertThat(jobs).as("a scrape job for " + module).containsKey(module);
			Map<String, Object> job = jobs.get(module);
			assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
			Map<String, Object> service = compose.service(module);
			String managementPort = ComposeFile.environment(service).get("MANAGEMENT_SERVER_PORT");
			@SuppressWarnings("unchecked")
			Map<String, Object> discovery = (Map<String, Object>) Yamls.list(job, "dns_sd_configs").get(0);
			assertThat(discovery.get("names")).as(module + " is found by its compose service name")
				.isEqualTo(List.of(module));
			assertThat(discovery.get("port")).as(module + "'s management port").hasToString(managementPort);
		}
		for (CairnApp app : CairnApp.checkable()) {
			Object exposed = Yamls.at(app.applicationYaml(), "management.endpoints.web.exposure.include");
			assertThat(String.valueOf(exposed)).as(app + " exposes its meters").contains("prometheus");
		}
	}

	@Test
	void loadsTheRulesTheComposeStackMounts() {
		Map<String, Object> config = Yamls.load(CONFIG);
		assertThat(Yamls.list(config, "rule_files")).containsExactly("/etc/prometheus/rules/*.yml");
		assertThat(ComposeFile.load().service("prometheus").get("volumes").toString())
			.contains("../prometheus:/etc/prometheus:ro");
		assertThat(ruleFiles()).isNotEmpty();
	}

	@Test
	void everyRuleIsWellFormedAndNamesExportedSeries() {
		MetricReferences references = new MetricReferences();
		List<String> problems = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (Map<String, Object> rule : rules()) {
			String name = String.valueOf(rule.get("alert"));
			assertThat(names.add(name)).as("alert names are unique: " + name).isTrue();
			assertThat(rule.get("expr")).as(name + " has an expression").isInstanceOf(String.class);
			assertThat(Yamls.at(rule, "labels.severity")).as(name + "'s severity").isIn("critical", "warning");
			assertThat(Yamls.at(rule, "annotations.summary")).as(name + " has a summary").isNotNull();
			if (rule.containsKey("for")) {
				assertThat(rule.get("for").toString()).as(name + "'s for").matches("[0-9]+[smh]");
			}
			problems.addAll(references.check(name, rule.get("expr").toString()));
		}
		assertThat(problems).isEmpty();
		if (!references.unchecked().isEmpty()) {
			System.out.println("Not checked (their module is not in this checkout yet): " + references.unchecked());
		}
	}

	@Test
	void everyAggregationKeepsTheNamespaceAndTheJob() {
		// ecosystem review #7: a bare max() or sum() mixes installs, so one namespace's
		// bridge leader hid another's having none, and two namespaces' leaders read as
		// "several leaders".
		Pattern aggregation = Pattern.compile("\\b(sum|max|min|avg|count)\\s*(by\\s*\\([^)]*\\)\\s*)?\\(");
		for (Map<String, Object> rule : rules()) {
			Matcher matcher = aggregation.matcher(rule.get("expr").toString());
			while (matcher.find()) {
				assertThat(matcher.group(2)).as(rule.get("alert") + ": " + matcher.group())
					.isNotNull()
					.startsWith("by (namespace, job");
			}
		}
	}

	@Test
	void everyAppIsMissedWhenItsTargetsVanish() {
		// ecosystem review #8: up == 0 needs a target; absent() notices when there is
		// none.
		List<String> expressions = rules().stream().map((rule) -> rule.get("expr").toString()).toList();
		for (String module : CairnApp.MODULES) {
			assertThat(expressions).contains("absent(up{job=\"" + module + "\"})");
		}
	}

	@Test
	void alertsCoverWhatThePlatformMustNotMiss() {
		Map<String, String> byMetric = new java.util.HashMap<>();
		for (Map<String, Object> rule : rules()) {
			for (PromQl.Selector selector : PromQl.parse(rule.get("expr").toString()).selectors()) {
				byMetric.putIfAbsent(selector.metric(), rule.get("alert").toString());
			}
		}
		// a check Critical, the bridge without Marathon, no Mesos leader, registry
		// expiries spiking, an app down
		assertThat(byMetric).containsKeys("cairn_status_checks", "cairn_bridge_stream_connected",
				"cairn_mesos_leader_known", "cairn_registry_expiries_total", "up");
	}

	static List<Map<String, Object>> rules() {
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Path file : ruleFiles()) {
			for (Object group : Yamls.list(Yamls.load(file), "groups")) {
				@SuppressWarnings("unchecked")
				Map<String, Object> g = (Map<String, Object>) group;
				assertThat(g.get("name")).as("every group in " + file + " is named").isNotNull();
				for (Object rule : Yamls.list(g, "rules")) {
					@SuppressWarnings("unchecked")
					Map<String, Object> r = (Map<String, Object>) rule;
					rules.add(r);
				}
			}
		}
		assertThat(rules).isNotEmpty();
		return rules;
	}

	private static List<Path> ruleFiles() {
		try (Stream<Path> files = Files.list(RULES)) {
			return files.filter((f) -> f.toString().endsWith(".yml")).sorted().toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
