package io.cairn.deploy.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.util.FileSystemUtils;

import io.cairn.deploy.support.AppProperties;
import io.cairn.deploy.support.CairnApp;
import io.cairn.deploy.support.KubernetesManifests;
import io.cairn.deploy.support.Project;
import io.cairn.deploy.support.Yamls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart, linted and rendered by Helm itself (helm-java embeds Helm; no binary,
 * no cluster): it passes {@code helm lint --strict}, renders with the default values and
 * with every optional feature on, its schema rejects bad values, and the manifests carry
 * the probes, ports and labels the apps really serve.
 */
@EnabledOnOs(value = OS.LINUX, architectures = { "amd64", "x86_64" },
		disabledReason = "Helm chart tests skipped: the build embeds helm-java's linux-amd64 Helm (deploy/pom.xml); "
				+ "they run on linux-amd64, as in CI")
class HelmChartTests {

	private static final Path CHART = Project.deploy("helm/cairn");

	private static final String RELEASE = "cairn";

	private static final String NAMESPACE = "platform";

	/** A Kubernetes version the chart supports (Helm assumes 1.20 when offline). */
	private static final String KUBERNETES = "1.30.0";

	private static final Map<String, String> VALUES_KEYS = Map.of("registry-service", "registryService",
			"status-aggregator", "statusAggregator", "marathon-consul-bridge", "marathonConsulBridge");

	/**
	 * The least a user must give: a write token per app (the chart refuses apps without
	 * one, unless auth.openWrites is true).
	 */
	private static final Consumer<TemplateCommand> TOKENS = (template) -> template
		.set("registryService.auth.token", "registry-token")
		.set("statusAggregator.auth.token", "status-token")
		.set("marathonConsulBridge.auth.token", "bridge-token");

	private static List<Map<String, Object>> defaults;

	private static List<Map<String, Object>> allFeatures;

	private static List<Map<String, Object>> bundledFeatures;

	@BeforeAll
	static void render() {
		defaults = render(TOKENS);
		allFeatures = render((template) -> template.withValuesFile(values("all-features.yaml")));
		bundledFeatures = render((template) -> template.withValuesFile(values("bundled-features.yaml")));
	}

	@Test
	void everyRenderedManifestIsValidAgainstTheKubernetesApi() {
		List<List<Map<String, Object>>> renders = List.of(defaults, allFeatures, bundledFeatures,
				render((template) -> template.set("auth.openWrites", true).set("networkPolicy.enabled", false)));
		for (List<Map<String, Object>> manifests : renders) {
			assertThat(KubernetesManifests.problems(manifests)).isEmpty();
		}
		// The check itself: a misplaced field and a wrong type are caught.
		Map<String, Object> broken = Yamls.loadAll("""
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: broken}
				spec:
				  replicas: 1
				  template:
				    spec:
				      containers:
				        - name: app
				          image: x
				          readinessprobe: {}
				""").get(0);
		assertThat(KubernetesManifests.problems(List.of(broken)))
			.anyMatch((problem) -> problem.contains("readinessprobe"));
		Map<String, Object> wrongType = Yamls.loadAll("""
				apiVersion: v1
				kind: Service
				metadata: {name: broken}
				spec:
				  ports: {http: 80}
				""").get(0);
		assertThat(KubernetesManifests.problems(List.of(wrongType))).hasSize(1);
	}

	@Test
	void worksAsASubchartWithAParentsGlobalValues(@TempDir Path umbrella) throws IOException {
		// ecosystem review #3: the schema refused the global values Helm gives every
		// subchart.
		Files.writeString(umbrella.resolve("Chart.yaml"), """
				apiVersion: v2
				name: platform
				version: 1.0.0
				dependencies:
				  - name: cairn
				    version: 0.1.0
				    repository: file://%s
				    condition: cairn.enabled
				""".formatted(CHART.toAbsolutePath()));
		Files.writeString(umbrella.resolve("values.yaml"), """
				global:
				  imageRegistry: mirror.example.com
				  imagePullSecrets: [mirror-credentials]
				  environment: staging
				cairn:
				  enabled: true
				  registryService: {auth: {token: r}}
				  statusAggregator: {auth: {token: s}}
				  marathonConsulBridge: {auth: {token: b}}
				""");
		List<Map<String, Object>> manifests = Yamls.loadAll(new Helm(umbrella).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBERNETES)
			.dependencyUpdate()
			.call());
		Map<String, Object> registry = find(manifests, "Deployment", "cairn-registry-service");
		assertThat(container(registry).get("image").toString())
			.startsWith("mirror.example.com/cairn/registry-service:");
		assertThat(Yamls.list(registry, "spec.template.spec.imagePullSecrets"))
			.isEqualTo(List.of(Map.of("name", "mirror-credentials")));
	}

	@Test
	void podsRunAsTheReleasesServiceAccountWithoutItsToken() {
		for (List<Map<String, Object>> manifests : List.of(defaults, allFeatures, bundledFeatures)) {
			Map<String, Object> account = kind(manifests, "ServiceAccount").get(0);
			String name = Yamls.at(account, "metadata.name").toString();
			assertThat(Yamls.at(account, "automountServiceAccountToken")).isEqualTo(false);
			for (Map<String, Object> pod : pods(manifests)) {
				assertThat(Yamls.at(pod, "serviceAccountName")).isEqualTo(name);
				assertThat(Yamls.at(pod, "automountServiceAccountToken")).isEqualTo(false);
			}
		}
		assertThat(Yamls.at(kind(allFeatures, "ServiceAccount").get(0), "metadata.annotations"))
			.isEqualTo(Map.of("iam.example.com/role", "cairn"));
		assertThat(kind(render(TOKENS.andThen((template) -> template.set("serviceAccount.create", false))),
				"ServiceAccount"))
			.isEmpty();
	}

	@Test
	void networkPoliciesAdmitOnlyWhatEachPartNeeds() {
		for (String module : CairnApp.MODULES) {
			Map<String, Object> policy = find(defaults, "NetworkPolicy", "cairn-" + module);
			assertThat(strings(Yamls.map(policy, "spec.podSelector.matchLabels"))).isEqualTo(
					strings(Yamls.map(find(defaults, "Deployment", "cairn-" + module), "spec.selector.matchLabels")));
			List<Object> rules = Yamls.list(policy, "spec.ingress");
			assertThat(rules).hasSize(2);
			Map<String, Object> http = asMap(rules.get(0));
			assertThat(http.get("ports").toString()).contains("port=http");
			assertThat(http).as("allowExternal: the HTTP port from anyone").doesNotContainKey("from");
			Map<String, Object> management = asMap(rules.get(1));
			assertThat(management.get("ports").toString()).contains("port=management");
			assertThat(management.get("from").toString()).contains("app.kubernetes.io/component=tests",
					"app.kubernetes.io/name=prometheus");
			// allowExternal false: this release's apps, its clients, the ingress
			// controller.
			Map<String, Object> closed = asMap(
					Yamls.list(find(allFeatures, "NetworkPolicy", "cairn-" + module), "spec.ingress").get(0));
			assertThat(closed.get("from").toString()).contains("app.kubernetes.io/part-of=cairn", "cairn-client=true",
					"kubernetes.io/metadata.name=ingress-nginx");
		}
		Map<String, Object> postgres = find(defaults, "NetworkPolicy", "cairn-postgresql");
		assertThat(Yamls.list(postgres, "spec.ingress").toString()).contains("port=postgresql")
			.contains("values=[registry-service, status-aggregator]");
		assertThat(kind(render(TOKENS.andThen((template) -> template.set("networkPolicy.enabled", false))),
				"NetworkPolicy"))
			.isEmpty();
	}

	@Test
	void ingressesRouteToTheAppsHttpPortWhenEnabled() {
		assertThat(kind(defaults, "Ingress")).isEmpty();
		Map<String, Object> registry = find(allFeatures, "Ingress", "cairn-registry-service");
		assertThat(Yamls.at(registry, "spec.ingressClassName")).isEqualTo("nginx");
		Map<String, Object> rule = asMap(Yamls.list(registry, "spec.rules").get(0));
		assertThat(rule.get("host")).isEqualTo("registry.example.com");
		Map<String, Object> path = asMap(Yamls.list(rule, "http.paths").get(0));
		assertThat(Yamls.at(path, "backend.service.name")).isEqualTo("cairn-registry-service");
		assertThat(Yamls.at(path, "backend.service.port.name")).isEqualTo("http");
		assertThat(Yamls.list(registry, "spec.tls").toString()).contains("registry-tls");
		assertThat(names(allFeatures, "Ingress")).containsExactlyInAnyOrder("cairn-registry-service",
				"cairn-status-aggregator");
	}

	@Test
	void probesExtraVolumesAndEnvironmentAreConfigurable() {
		Map<String, Object> registry = container(find(allFeatures, "Deployment", "cairn-registry-service"));
		assertThat(registry).doesNotContainKey("startupProbe");
		assertThat(Yamls.map(registry, "readinessProbe")).containsEntry("periodSeconds", 10)
			.containsEntry("timeoutSeconds", 5)
			.containsEntry("failureThreshold", 6);
		assertProbe(registry, "readinessProbe", "/actuator/health/readiness");
		Map<String, Object> statusDeployment = find(allFeatures, "Deployment", "cairn-status-aggregator");
		assertThat(Yamls.list(container(statusDeployment), "volumeMounts").toString())
			.contains("mountPath=/etc/cairn/consul-tls");
		assertThat(Yamls.list(statusDeployment, "spec.template.spec.volumes").toString())
			.contains("secretName=consul-ca");
		assertThat(env(container(statusDeployment))).containsEntry("CAIRN_CONSUL_TLS_CACERTIFICATES",
				"/etc/cairn/consul-tls/ca.pem");
	}

	@Test
	void everyWorkloadGetsThePullSecretsAndItsScheduling() {
		// ecosystem review #4: the bundled PostgreSQL had none of them.
		Map<String, Object> postgres = Yamls.map(find(bundledFeatures, "StatefulSet", "cairn-postgresql"),
				"spec.template.spec");
		assertThat(postgres.get("imagePullSecrets")).isEqualTo(List.of(Map.of("name", "registry-credentials")));
		assertThat(postgres.get("nodeSelector")).isEqualTo(Map.of("disktype", "ssd"));
		assertThat(postgres.get("tolerations").toString()).contains("databases");
		assertThat(postgres.get("affinity").toString()).contains("kubernetes.io/arch");
		for (Map<String, Object> pod : pods(bundledFeatures)) {
			assertThat(pod.get("imagePullSecrets")).isEqualTo(List.of(Map.of("name", "registry-credentials")));
		}
		for (Map<String, Object> pod : pods(allFeatures)) {
			assertThat(pod.get("imagePullSecrets")).as("the chart's and the parent's")
				.isEqualTo(List.of(Map.of("name", "mirror-credentials"), Map.of("name", "registry-credentials")));
		}
	}

	@Test
	void secretsFromExistingSecretsRenderTheSameEveryTimeForGitOps() {
		// ecosystem review #5: a generated password changes at every helm template.
		String once = renderText((template) -> template.withValuesFile(values("bundled-features.yaml")));
		String again = renderText((template) -> template.withValuesFile(values("bundled-features.yaml")));
		assertThat(again).isEqualTo(once);
		assertThat((Map<?, ?>) Yamls.at(find(bundledFeatures, "Secret", "cairn"), "data")).as("nothing generated")
			.isNullOrEmpty();
		assertThat(secretRef(container(find(bundledFeatures, "StatefulSet", "cairn-postgresql")), "POSTGRES_PASSWORD"))
			.isEqualTo("cairn-postgres/postgres-password");
		assertThat(secretRef(container(find(bundledFeatures, "Deployment", "cairn-registry-service")),
				"SPRING_DATASOURCE_PASSWORD"))
			.isEqualTo("cairn-postgres/postgres-password");
		assertThat(secretRef(container(find(bundledFeatures, "Deployment", "cairn-status-aggregator")),
				"CAIRN_SECURITY_TOKEN"))
			.isEqualTo("cairn-tokens/status");
	}

	@Test
	void grafanaDashboardIsAConfigMapForTheSidecar() throws IOException {
		Path dashboard = Project.deploy("grafana/dashboards/cairn-overview.json");
		assertThat(Files.readString(CHART.resolve("files/cairn-overview.json")))
			.as("the chart's copy of the dashboard is identical to deploy/grafana/dashboards/cairn-overview.json")
			.isEqualTo(Files.readString(dashboard));
		assertThat(names(defaults, "ConfigMap")).doesNotContain("cairn-dashboard");
		Map<String, Object> configMap = find(allFeatures, "ConfigMap", "cairn-dashboard");
		assertThat(strings(Yamls.map(configMap, "metadata.labels"))).containsEntry("grafana_dashboard", "1");
		assertThat(strings(Yamls.map(configMap, "metadata.annotations"))).containsEntry("grafana_folder", "Cairn");
		assertThat(Yamls.map(configMap, "data").get("cairn-overview.json").toString().strip())
			.isEqualTo(Files.readString(dashboard).strip());
	}

	@Test
	void helmTestAsksEveryDeployedAppsReadiness(@TempDir Path copy) throws IOException {
		// helm template leaves hooks out: render a copy of the chart whose test pod is a
		// plain manifest.
		FileSystemUtils.copyRecursively(CHART, copy);
		Path hook = copy.resolve("templates/tests/readiness.yaml");
		String text = Files.readString(hook);
		assertThat(text).contains("helm.sh/hook: test");
		Files.writeString(hook, text.replaceAll("(?m)^\\s+helm\\.sh/hook.*\\n", ""));
		Map<String, Object> test = find(renderChart(copy, TOKENS), "Pod", "cairn-test-readiness");
		assertThat(KubernetesManifests.problems(List.of(test))).isEmpty();
		String script = Yamls.list(asMap(Yamls.list(test, "spec.containers").get(0)), "args").get(0).toString();
		for (String module : CairnApp.MODULES) {
			assertThat(script).contains("http://cairn-" + module + ":8081/actuator/health/readiness");
		}
		assertThat(strings(Yamls.map(test, "metadata.labels"))).containsEntry("app.kubernetes.io/component", "tests");
		assertThat(Yamls.at(test, "spec.serviceAccountName")).isEqualTo("cairn");
		Map<String, Object> withoutBridge = find(
				renderChart(copy, TOKENS.andThen((template) -> template.set("marathonConsulBridge.enabled", false))),
				"Pod", "cairn-test-readiness");
		assertThat(Yamls.list(asMap(Yamls.list(withoutBridge, "spec.containers").get(0)), "args").get(0).toString())
			.doesNotContain("marathon-consul-bridge");
	}

	@Test
	void passesStrictLint(@TempDir Path copy) throws IOException {
		// helm lint renders with values.yaml alone, which has no tokens: lint a copy with
		// the tokens a user must give, as chart-testing lints with its ci/ values.
		FileSystemUtils.copyRecursively(CHART, copy);
		Path values = copy.resolve("values.yaml");
		Files.writeString(values, Files.readString(values).replace("    token: \"\"\n", "    token: lint-token\n"));
		LintResult result = new Helm(copy).lint().strict().call();
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
	}

	@Test
	void l4AnAppWithoutATokenIsRefusedWithAMessageThatSaysWhatToSet() {
		assertThatThrownBy(() -> render((template) -> {
		})).hasMessageContaining("no write token for ")
			.hasMessageContaining(
					"registry-service (set registryService.auth.token or registryService.auth.existingSecret)")
			.hasMessageContaining("status-aggregator (set statusAggregator.auth.token")
			.hasMessageContaining("marathon-consul-bridge (set marathonConsulBridge.auth.token")
			.hasMessageContaining("auth.openWrites=true");
		assertThatThrownBy(() -> render(
				(template) -> template.set("registryService.auth.token", "r").set("statusAggregator.auth.token", "s")))
			.hasMessageContaining("no write token for marathon-consul-bridge (")
			.hasMessageNotContaining("registry-service (");
		// An app that is not deployed needs none.
		assertThat(names(render((template) -> template.set("registryService.auth.token", "r")
			.set("statusAggregator.auth.token", "s")
			.set("marathonConsulBridge.enabled", false)), "Deployment")).hasSize(2);
	}

	@Test
	void l4EachAppHasATokenOfItsOwn() {
		Map<String, String> refs = new LinkedHashMap<>();
		for (String module : CairnApp.MODULES) {
			Map<String, Object> container = container(find(defaults, "Deployment", "cairn-" + module));
			refs.put(module, secretRef(container, "CAIRN_SECURITY_TOKEN"));
			assertThat(env(container)).as(module).doesNotContainKey("CAIRN_SECURITY_OPEN_WRITES");
		}
		assertThat(refs).containsEntry("registry-service", "cairn/registry-service-token")
			.containsEntry("status-aggregator", "cairn/status-aggregator-token")
			.containsEntry("marathon-consul-bridge", "cairn/marathon-consul-bridge-token");
		Map<String, Object> secret = Yamls.map(find(defaults, "Secret", "cairn"), "data");
		assertThat(secret).containsKeys("registry-service-token", "status-aggregator-token",
				"marathon-consul-bridge-token");
		assertThat(secret.get("registry-service-token")).isNotEqualTo(secret.get("status-aggregator-token"));
	}

	@Test
	void l4OpenWritesIsAnExplicitChoiceThatTheAppsAndTheNotesShow() throws Exception {
		List<Map<String, Object>> open = render(
				(template) -> template.set("auth.openWrites", true).set("registryService.auth.token", "r"));
		Map<String, String> registry = env(container(find(open, "Deployment", "cairn-registry-service")));
		assertThat(registry).containsKey("CAIRN_SECURITY_TOKEN").doesNotContainKey("CAIRN_SECURITY_OPEN_WRITES");
		for (String module : List.of("status-aggregator", "marathon-consul-bridge")) {
			Map<String, String> env = env(container(find(open, "Deployment", "cairn-" + module)));
			assertThat(env).as(module)
				.containsEntry("CAIRN_SECURITY_OPEN_WRITES", "true")
				.doesNotContainKey("CAIRN_SECURITY_TOKEN");
		}
	}

	@Test
	void defaultsRenderTheAppsAndABundledDatabase() {
		assertThat(names(defaults, "Deployment")).containsExactlyInAnyOrder("cairn-registry-service",
				"cairn-status-aggregator", "cairn-marathon-consul-bridge");
		assertThat(names(defaults, "NetworkPolicy")).containsExactlyInAnyOrder("cairn-registry-service",
				"cairn-status-aggregator", "cairn-marathon-consul-bridge", "cairn-postgresql");
		assertThat(names(defaults, "ServiceAccount")).containsExactly("cairn");
		assertThat(names(defaults, "Service")).containsExactlyInAnyOrder("cairn-registry-service",
				"cairn-status-aggregator", "cairn-marathon-consul-bridge", "cairn-postgresql");
		assertThat(names(defaults, "PodDisruptionBudget")).hasSize(3);
		assertThat(names(defaults, "StatefulSet")).containsExactly("cairn-postgresql");
		assertThat(names(defaults, "Secret")).containsExactly("cairn");
		assertThat(names(defaults, "ServiceMonitor")).isEmpty();
		assertThat(names(defaults, "PrometheusRule")).isEmpty();
	}

	@Test
	void logsAreStructuredJsonByDefaultAndPlainOnRequest() {
		for (String module : CairnApp.MODULES) {
			Map<String, Object> container = container(find(defaults, "Deployment", "cairn-" + module));
			assertThat(env(container)).containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
		}
		List<Map<String, Object>> plain = withTokens((template) -> template.set("logging.structuredFormat", ""));
		for (String module : CairnApp.MODULES) {
			Map<String, Object> container = container(find(plain, "Deployment", "cairn-" + module));
			assertThat(env(container)).doesNotContainKey("LOGGING_STRUCTURED_FORMAT_CONSOLE");
		}
	}

	@Test
	void everyAppHasProbesOnItsManagementPortAndServesItsOwnPort() {
		for (List<Map<String, Object>> manifests : List.of(defaults, allFeatures)) {
			for (String module : CairnApp.MODULES) {
				Map<String, Object> deployment = find(manifests, "Deployment", "cairn-" + module);
				Map<String, Object> container = container(deployment);
				assertThat(container.get("name")).isEqualTo(module);
				assertThat(container.get("image").toString()).contains("/" + module + ":").doesNotEndWith(":");
				Map<String, Integer> ports = ports(container);
				assertThat(ports).containsOnlyKeys("http", "management");
				Map<String, String> env = env(container);
				assertThat(env.get("SERVER_PORT")).isEqualTo(ports.get("http").toString());
				assertThat(env.get("MANAGEMENT_SERVER_PORT")).isEqualTo(ports.get("management").toString());
				CairnApp app = CairnApp.of(module);
				if (app.present()) {
					assertThat(ports.get("http")).as(module + " serves its server.port").isEqualTo(app.port());
				}
				if (manifests == defaults) {
					assertProbe(container, "startupProbe", "/actuator/health/liveness");
				}
				assertProbe(container, "livenessProbe", "/actuator/health/liveness");
				assertProbe(container, "readinessProbe", "/actuator/health/readiness");
				assertThat(Yamls.at(container, "resources.requests")).as(module + " requests resources").isNotNull();
				assertThat(Yamls.at(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
				assertThat(Yamls.at(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
				assertThat(Yamls.at(container, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
				Map<String, Object> pod = Yamls.map(deployment, "spec.template.spec");
				assertThat(Yamls.at(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
				assertThat((Integer) Yamls.at(pod, "securityContext.runAsUser")).isPositive();
			}
		}
	}

	@Test
	void probedActuatorEndpointsAreOnesTheAppsServe() {
		for (CairnApp app : CairnApp.checkable()) {
			Map<String, Object> yaml = app.applicationYaml();
			assertThat(Yamls.at(yaml, "management.endpoint.health.probes.enabled")).as(app + " has probe groups")
				.isEqualTo(true);
			assertThat(String.valueOf(Yamls.at(yaml, "management.endpoints.web.exposure.include"))).contains("health",
					"prometheus");
		}
	}

	@Test
	void appsAreConfiguredWithPropertiesTheyHave() {
		List<String> problems = new ArrayList<>();
		for (List<Map<String, Object>> manifests : List.of(defaults, allFeatures)) {
			for (CairnApp app : CairnApp.checkable()) {
				Map<String, String> env = env(container(find(manifests, "Deployment", "cairn-" + app.module())));
				AppProperties.of(app)
					.unknown(env.keySet())
					.forEach((variable) -> problems.add(app + ": " + variable + " sets no property of the app"));
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void labelsFollowKubernetesConventionsAndServicesSelectTheirPods() {
		for (List<Map<String, Object>> manifests : List.of(defaults, allFeatures)) {
			for (String module : CairnApp.MODULES) {
				String name = "cairn-" + module;
				Map<String, Object> deployment = find(manifests, "Deployment", name);
				Map<String, String> selector = strings(Yamls.map(deployment, "spec.selector.matchLabels"));
				assertThat(selector).containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", "cairn",
						"app.kubernetes.io/instance", RELEASE, "app.kubernetes.io/component", module));
				for (Map<String, Object> labelled : List.of(Yamls.map(deployment, "metadata"),
						Yamls.map(deployment, "spec.template.metadata"))) {
					assertThat(strings(Yamls.map(labelled, "labels"))).containsAllEntriesOf(selector)
						.containsKeys("helm.sh/chart", "app.kubernetes.io/version", "app.kubernetes.io/managed-by",
								"app.kubernetes.io/part-of");
				}
				Map<String, Object> service = find(manifests, "Service", name);
				assertThat(strings(Yamls.map(service, "spec.selector"))).isEqualTo(selector);
				Map<String, Integer> containerPorts = ports(container(deployment));
				for (Object port : Yamls.list(service, "spec.ports")) {
					Map<String, Object> servicePort = asMap(port);
					assertThat(containerPorts).containsKey(servicePort.get("targetPort").toString());
				}
				Map<String, Object> pdb = find(manifests, "PodDisruptionBudget", name);
				assertThat(strings(Yamls.map(pdb, "spec.selector.matchLabels"))).isEqualTo(selector);
			}
		}
	}

	@Test
	void bundledDatabaseKeepsItsDataOnAVolume() {
		Map<String, Object> postgres = find(defaults, "StatefulSet", "cairn-postgresql");
		assertThat(Yamls.list(postgres, "spec.volumeClaimTemplates")).hasSize(1);
		assertThat(Yamls.at(asMap(Yamls.list(postgres, "spec.volumeClaimTemplates").get(0)),
				"spec.resources.requests.storage"))
			.isEqualTo("8Gi");
		String init = Yamls.at(find(defaults, "ConfigMap", "cairn-postgresql"), "data").toString();
		for (String module : List.of("registry-service", "status-aggregator")) {
			Map<String, Object> container = container(find(defaults, "Deployment", "cairn-" + module));
			String url = env(container).get("SPRING_DATASOURCE_URL");
			assertThat(url).startsWith("jdbc:postgresql://cairn-postgresql:5432/");
			assertThat(init).contains("CREATE DATABASE " + url.substring(url.lastIndexOf('/') + 1) + ";");
			assertThat(secretRef(container, "SPRING_DATASOURCE_PASSWORD")).isEqualTo("cairn/database-password");
		}
		assertThat(Yamls.at(find(defaults, "Secret", "cairn"), "data.database-password")).as("a generated password")
			.isNotNull();
	}

	@Test
	void everyOptionalFeatureRenders() {
		assertThat(names(allFeatures, "StatefulSet")).as("external database").isEmpty();
		Map<String, Object> registry = container(find(allFeatures, "Deployment", "cairn-registry-service"));
		assertThat(registry.get("image")).as("image.registry over the parent's global.imageRegistry")
			.isEqualTo("registry.example.com/cairn/registry-service:9.9.9");
		Map<String, String> registryEnv = env(registry);
		assertThat(registryEnv)
			.containsEntry("SPRING_DATASOURCE_URL",
					"jdbc:postgresql://db.example.com:5433/cairn_registry?sslmode=require")
			.containsEntry("SPRING_DATASOURCE_USERNAME", "cairn_app")
			.containsEntry("SPRING_CLOUD_ZOOKEEPER_CONNECTSTRING", "zk-0.zk:2181,zk-1.zk:2181,zk-2.zk:2181")
			.containsEntry("CAIRN_REGISTRY_TTL", "180s");
		assertThat(secretRef(registry, "SPRING_DATASOURCE_PASSWORD")).isEqualTo("cairn-db/pg-password");
		assertThat(secretRef(registry, "CAIRN_SECURITY_TOKEN")).isEqualTo("cairn/registry-service-token");
		Map<String, Object> status = container(find(allFeatures, "Deployment", "cairn-status-aggregator"));
		assertThat(env(status))
			.containsEntry("CAIRN_STATUS_DISCOVERY_REGISTRY_URL", "http://cairn-registry-service:5000")
			.containsEntry("CAIRN_STATUS_DISCOVERY_CONSUL_ENABLED", "true")
			.containsEntry("CAIRN_CONSUL_ADDRESSES", "consul-server.consul:8500,consul-server-1.consul:8500");
		assertThat(secretRef(status, "CAIRN_CONSUL_TOKEN")).isEqualTo("cairn/consul-token");
		assertThat(secretRef(status, "CAIRN_SECURITY_TOKEN")).isEqualTo("cairn-status-token/bearer");
		Map<String, Object> bridge = container(find(allFeatures, "Deployment", "cairn-marathon-consul-bridge"));
		assertThat(env(bridge)).containsEntry("CAIRN_MESOS_MASTER", "zk://zk-0.zk:2181/mesos")
			.containsEntry("CAIRN_MESOS_MARATHON_ZK", "zk://zk-0.zk:2181/marathon")
			.containsEntry("CAIRN_BRIDGE_MARATHON_URLS", "http://marathon.example.com:8080")
			.containsEntry("CAIRN_BRIDGE_LEADER_ELECTION", "zookeeper")
			.containsEntry("CAIRN_BRIDGE_CONSUL_REGISTERON", "central")
			.doesNotContainKey("SPRING_DATASOURCE_URL");
		assertThat(Yamls.at(find(allFeatures, "Deployment", "cairn-marathon-consul-bridge"), "spec.replicas"))
			.isEqualTo(3);
		Map<String, Object> secret = find(allFeatures, "Secret", "cairn");
		assertThat(Yamls.map(secret, "data")).containsOnlyKeys("registry-service-token", "marathon-consul-bridge-token",
				"consul-token");
	}

	@Test
	void serviceMonitorScrapesTheThreeAppsOnTheirManagementPort() {
		List<Map<String, Object>> manifests = render(
				TOKENS.andThen((template) -> template.set("serviceMonitor.enabled", true)));
		Map<String, Object> monitor = find(manifests, "ServiceMonitor", "cairn");
		Map<String, Object> endpoint = asMap(Yamls.list(monitor, "spec.endpoints").get(0));
		assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/actuator/prometheus");
		assertThat(Yamls.at(monitor, "spec.jobLabel")).isEqualTo("app.kubernetes.io/component");
		List<String> selected = new ArrayList<>();
		for (Map<String, Object> service : kind(manifests, "Service")) {
			if (selects(monitor, strings(Yamls.map(service, "metadata.labels")))) {
				selected.add(Yamls.at(service, "metadata.name").toString());
				assertThat(Yamls.list(service, "spec.ports").stream().map((p) -> asMap(p).get("name")))
					.contains("management");
			}
		}
		assertThat(selected).containsExactlyInAnyOrder("cairn-registry-service", "cairn-status-aggregator",
				"cairn-marathon-consul-bridge");
		assertThat(strings(Yamls.map(find(allFeatures, "ServiceMonitor", "cairn"), "metadata.labels")))
			.containsEntry("release", "prometheus");
	}

	@Test
	void prometheusRuleCarriesTheSameAlertsAsTheComposeStack() throws Exception {
		Path rules = Project.deploy("prometheus/rules/cairn.rules.yml");
		assertThat(Files.readString(CHART.resolve("files/cairn.rules.yml")))
			.as("the chart's copy of the rules is identical to deploy/prometheus/rules/cairn.rules.yml")
			.isEqualTo(Files.readString(rules));
		Map<String, Object> rule = find(allFeatures, "PrometheusRule", "cairn");
		assertThat(Yamls.at(rule, "spec.groups")).isEqualTo(Yamls.load(rules).get("groups"));
	}

	@Test
	void prometheusRuleLeavesOutTheAbsenceAlertOfAnAppNotDeployed() {
		// It would fire for ever: Prometheus can scrape no target of an app not there.
		Map<String, Object> rule = find(render(TOKENS.andThen(
				(template) -> template.set("prometheusRule.enabled", true).set("marathonConsulBridge.enabled", false))),
				"PrometheusRule", "cairn");
		List<String> alerts = new ArrayList<>();
		for (Object group : Yamls.list(rule, "spec.groups")) {
			for (Object each : Yamls.list(asMap(group), "rules")) {
				alerts.add(String.valueOf(asMap(each).get("alert")));
			}
		}
		assertThat(alerts).contains("CairnRegistryServiceAbsent", "CairnStatusAggregatorAbsent", "CairnAppDown")
			.doesNotContain("CairnMarathonConsulBridgeAbsent");
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			registryService.replicaCount         | many      | replicaCount
			registryService.replicaCount         | -1        | replicaCount
			registryService.port                 | 70000     | port
			registryService.prot                 | 5000      | prot
			database.mode                        | embedded  | mode
			image.pullPolicy                     | Sometimes | pullPolicy
			marathonConsulBridge.leaderElection  | raft      | leaderElection
			marathonConsulBridge.registerOn      | anywhere  | registerOn
			mesos.marathonZk                     | marathon  | marathonZk
			serviceMonitor.interval              | often     | interval
			auth.openWrites                      | sometimes | openWrites
			registryService.auth.existingSecret  | Not_A_Name | existingSecret
			""")
	void schemaRejectsBadValues(String key, String value, String named) {
		assertThatThrownBy(() -> withTokens((template) -> template.set(key, value))).hasMessageContaining(named);
	}

	@Test
	void schemaRejectsCombinationsThatCannotWork() {
		// Two bridges without an election would both write to Consul.
		assertThatThrownBy(() -> withTokens((template) -> template.set("marathonConsulBridge.leaderElection", "none")))
			.hasMessageContaining("replicaCount");
		withTokens((template) -> template.set("marathonConsulBridge.leaderElection", "none")
			.set("marathonConsulBridge.replicaCount", 1));
		assertThatThrownBy(
				() -> withTokens((template) -> template.set("marathonConsulBridge.leaderElection", "zookeeper")))
			.hasMessageContaining("connectString");
		assertThatThrownBy(() -> withTokens((template) -> template.set("statusAggregator.discovery.consul", true)))
			.hasMessageContaining("addresses");
		assertThatThrownBy(() -> withTokens((template) -> template.set("database.mode", "external")))
			.hasMessageContaining("host");
		assertThatThrownBy(() -> withTokens((template) -> template.set("database.mode", "external")
			.set("database.external.host", "db.example.com"))).hasMessageContaining("password");
	}

	private static List<Map<String, Object>> withTokens(Consumer<TemplateCommand> values) {
		return render(TOKENS.andThen(values));
	}

	private static List<Map<String, Object>> render(Consumer<TemplateCommand> values) {
		return Yamls.loadAll(renderText(values));
	}

	private static List<Map<String, Object>> renderChart(Path chart, Consumer<TemplateCommand> values) {
		TemplateCommand template = new Helm(chart).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBERNETES);
		values.accept(template);
		return Yamls.loadAll(template.call());
	}

	private static String renderText(Consumer<TemplateCommand> values) {
		TemplateCommand template = new Helm(CHART).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBERNETES);
		values.accept(template);
		return template.call();
	}

	private static Path values(String file) {
		return Path.of("src/test/resources/helm", file).toAbsolutePath();
	}

	/** The pod specs of every workload, the `helm test` pod included. */
	private static List<Map<String, Object>> pods(List<Map<String, Object>> manifests) {
		List<Map<String, Object>> pods = new ArrayList<>();
		for (Map<String, Object> manifest : manifests) {
			switch (String.valueOf(manifest.get("kind"))) {
				case "Deployment", "StatefulSet" -> pods.add(Yamls.map(manifest, "spec.template.spec"));
				case "Pod" -> pods.add(Yamls.map(manifest, "spec"));
				default -> {
				}
			}
		}
		return pods;
	}

	private static void assertProbe(Map<String, Object> container, String probe, String path) {
		assertThat(Yamls.at(container, probe + ".httpGet.path")).as(container.get("name") + "'s " + probe)
			.isEqualTo(path);
		assertThat(Yamls.at(container, probe + ".httpGet.port")).as(container.get("name") + "'s " + probe)
			.isEqualTo("management");
	}

	private static boolean selects(Map<String, Object> monitor, Map<String, String> labels) {
		if (!labels.entrySet().containsAll(strings(Yamls.map(monitor, "spec.selector.matchLabels")).entrySet())) {
			return false;
		}
		for (Object expression : Yamls.list(monitor, "spec.selector.matchExpressions")) {
			Map<String, Object> e = asMap(expression);
			assertThat(e.get("operator")).isEqualTo("In");
			if (!((List<?>) e.get("values")).contains(labels.get(e.get("key").toString()))) {
				return false;
			}
		}
		return true;
	}

	private static String secretRef(Map<String, Object> container, String variable) {
		for (Object entry : Yamls.list(container, "env")) {
			Map<String, Object> e = asMap(entry);
			if (variable.equals(e.get("name"))) {
				return Yamls.at(e, "valueFrom.secretKeyRef.name") + "/" + Yamls.at(e, "valueFrom.secretKeyRef.key");
			}
		}
		throw new AssertionError(container.get("name") + " has no " + variable);
	}

	private static Map<String, String> env(Map<String, Object> container) {
		Map<String, String> env = new LinkedHashMap<>();
		for (Object entry : Yamls.list(container, "env")) {
			Map<String, Object> e = asMap(entry);
			String name = e.get("name").toString();
			assertThat(env).as(container.get("name") + " sets " + name + " once").doesNotContainKey(name);
			env.put(name, (e.get("value") != null) ? e.get("value").toString() : null);
		}
		return env;
	}

	private static Map<String, Integer> ports(Map<String, Object> container) {
		Map<String, Integer> ports = new LinkedHashMap<>();
		for (Object port : Yamls.list(container, "ports")) {
			Map<String, Object> p = asMap(port);
			ports.put(p.get("name").toString(), (Integer) p.get("containerPort"));
		}
		return ports;
	}

	private static Map<String, Object> container(Map<String, Object> deployment) {
		List<Object> containers = Yamls.list(deployment, "spec.template.spec.containers");
		assertThat(containers).hasSize(1);
		return asMap(containers.get(0));
	}

	private static Map<String, Object> find(List<Map<String, Object>> manifests, String kind, String name) {
		return kind(manifests, kind).stream()
			.filter((m) -> name.equals(Yamls.at(m, "metadata.name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + kind + " " + name + " in " + names(manifests, kind)));
	}

	private static List<Map<String, Object>> kind(List<Map<String, Object>> manifests, String kind) {
		return manifests.stream().filter((m) -> kind.equals(m.get("kind"))).toList();
	}

	private static List<String> names(List<Map<String, Object>> manifests, String kind) {
		return kind(manifests, kind).stream().map((m) -> Yamls.at(m, "metadata.name").toString()).toList();
	}

	private static Map<String, String> strings(Map<String, Object> map) {
		Map<String, String> strings = new LinkedHashMap<>();
		map.forEach((key, value) -> strings.put(key, String.valueOf(value)));
		return strings;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object value) {
		return (Map<String, Object>) value;
	}

}
