package io.cairn.deploy.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.deploy.support.AppProperties;
import io.cairn.deploy.support.CairnApp;
import io.cairn.deploy.support.ComposeFile;
import io.cairn.deploy.support.Yamls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose file read as YAML: what {@code docker-compose config} cannot tell, such as
 * whether every service is watched by a health check, whether start-up waits for health,
 * and whether the apps are configured with properties they really have. Runs everywhere,
 * with or without a compose binary.
 */
class ComposeFileTests {

	/** A variable compose interpolates ({@code $$} escapes a dollar sign). */
	private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)(:?[-?][^}]*)?}");

	private static final List<String> APP_TOKENS = List.of("REGISTRY_TOKEN", "STATUS_TOKEN", "BRIDGE_TOKEN");

	private final ComposeFile compose = ComposeFile.load();

	@Test
	void hasNoTopLevelNameForDockerCompose129() {
		assertThat(this.compose.root()).doesNotContainKey("name");
		assertThat(this.compose.root().keySet()).allMatch(
				(key) -> Set.of("services", "volumes", "networks").contains(key) || key.startsWith("x-"),
				"only keys compose 1.29 accepts");
	}

	@Test
	void everyServiceHasAHealthCheck() {
		this.compose.services().forEach((name, service) -> {
			if (ComposeFile.isJob(service)) {
				// A one-shot job is done when it exits; its dependents wait for that.
				assertThat(service).as(name).doesNotContainKey("healthcheck");
				return;
			}
			Object test = Yamls.at(service, "healthcheck.test");
			assertThat(test).as(name + " has a health check").isInstanceOf(List.class);
			assertThat((List<?>) test).as(name + "'s health check").isNotEmpty().first().isIn("CMD", "CMD-SHELL");
			assertThat(Yamls.at(service, "healthcheck.disable")).as(name).isNotEqualTo(true);
		});
	}

	@Test
	void everyServiceHasAMemoryLimit() {
		this.compose.services()
			.forEach((name, service) -> assertThat(String.valueOf(service.get("mem_limit")))
				.as(name + "'s mem_limit (a JVM would otherwise size its heap from the host's memory)")
				.matches("[0-9]+[mg]"));
		for (String module : CairnApp.MODULES) {
			assertThat(this.compose.service(module).get("mem_limit")).as(module).isEqualTo("768m");
		}
	}

	@Test
	void noInterpolationIsNestedWhichCompose129CannotResolve() throws IOException {
		String text = Files.readString(ComposeFile.directory().resolve("docker-compose.yml"));
		assertThat(text).doesNotContainPattern("\\$\\{[^}]*\\$\\{");
		for (String module : appsAndExamples()) {
			String name = CairnApp.of(module).name();
			assertThat(Yamls.at(this.compose.service(name), "pull_policy"))
				.as(name + " is built here unless a registry's image is chosen")
				.isEqualTo("${APP_PULL_POLICY:-build}");
		}
	}

	@Test
	void everyDependencyWaitsUntilItIsHealthy() {
		Map<String, Map<String, Object>> services = this.compose.services();
		services.forEach((name, service) -> {
			Object dependsOn = service.get("depends_on");
			if (dependsOn == null) {
				return;
			}
			assertThat(dependsOn).as(name + "'s depends_on uses the long form with conditions").isInstanceOf(Map.class);
			((Map<?, ?>) dependsOn).forEach((dependency, spec) -> {
				assertThat(services).as(name + " depends on a service of this file").containsKey(dependency.toString());
				assertThat(Yamls.at(asMap(spec), "condition")).as(name + " waits for " + dependency)
					.isEqualTo(ComposeFile.isJob(services.get(dependency.toString())) ? "service_completed_successfully"
							: "service_healthy");
				List<String> profiles = ComposeFile.profiles(services.get(dependency.toString()));
				assertThat(profiles.isEmpty() || profiles.containsAll(ComposeFile.profiles(service)))
					.as(name + " must not need " + dependency + ", which only its profile starts")
					.isTrue();
			});
		});
	}

	@Test
	void plainUpStartsTheWholePlatformAndTheMesosProfileAddsMesosAndMarathon() {
		Set<String> plain = new LinkedHashSet<>();
		Set<String> mesos = new LinkedHashSet<>();
		Set<String> examples = new LinkedHashSet<>();
		this.compose.services().forEach((name, service) -> {
			List<String> profiles = ComposeFile.profiles(service);
			if (profiles.isEmpty()) {
				plain.add(name);
			}
			else if (profiles.equals(List.of("mesos"))) {
				mesos.add(name);
			}
			else if (profiles.equals(List.of("examples"))) {
				examples.add(name);
			}
		});
		assertThat(plain).containsExactlyInAnyOrder("postgres", "zookeeper", "consul", "consul-acl-init",
				"registry-service", "status-aggregator", "marathon-consul-bridge", "prometheus", "grafana");
		assertThat(mesos).containsExactlyInAnyOrder("mesos-master", "mesos-agent", "consul-agent", "marathon");
		assertThat(examples).as("the examples start only with --profile examples")
			.containsExactlyInAnyOrderElementsOf(CairnApp.examples().stream().map(CairnApp::name).toList());
		// The Consul agent runs beside the Mesos agent, where the bridge registers that
		// host's tasks.
		assertThat(this.compose.service("consul-agent").get("network_mode")).isEqualTo("service:mesos-agent");
		assertThat(ComposeFile.environment(this.compose.service("mesos-agent")).get("MESOS_HOSTNAME"))
			.isEqualTo("mesos-agent");
		Map<String, String> bridge = ComposeFile.environment(this.compose.service("marathon-consul-bridge"));
		assertThat(bridge.get("CAIRN_MESOS_MARATHON_ZK"))
			.isEqualTo(ComposeFile.environment(this.compose.service("marathon")).get("MARATHON_ZK"));
		assertThat(bridge.get("CAIRN_MESOS_MASTER"))
			.isEqualTo(ComposeFile.environment(this.compose.service("mesos-master")).get("MESOS_ZK"));
	}

	@Test
	void eachAppIsBuiltFromTheDockerfileAndServesItsOwnPorts() {
		Set<String> modules = new LinkedHashSet<>();
		this.compose.services().forEach((name, service) -> {
			String module = ComposeFile.module(service);
			if (module == null) {
				return;
			}
			modules.add(module);
			CairnApp app = CairnApp.of(module);
			assertThat(name).isEqualTo(app.name());
			assertThat(Yamls.at(service, "build.context")).isEqualTo("../..");
			assertThat(Yamls.at(service, "build.dockerfile")).isEqualTo("deploy/docker/Dockerfile");
			assertThat(service.get("image").toString()).as(name + "'s image is parameterised").matches("\\$\\{.+}");
			String port = Yamls.at(service, "build.args.PORT").toString();
			if (CairnApp.EXAMPLES.contains(module)) {
				// An example's own default port is a free one or a placeholder: the
				// service sets the port it publishes.
				assertThat(ComposeFile.environment(service).get("SERVER_PORT")).as(name + "'s server.port")
					.isEqualTo(port);
			}
			else if (app.present()) {
				assertThat(port).as(name + "'s port is the app's server.port").isEqualTo(Integer.toString(app.port()));
			}
			assertThat(service.get("ports").toString()).as(name + " publishes the port the app serves")
				.matches("\\[\\$\\{PUBLISH_ADDRESS:-127\\.0\\.0\\.1}:\\$\\{[A-Z_]+_PORT:-" + port + "}:" + port + "]");
			String management = ComposeFile.environment(service).get("MANAGEMENT_SERVER_PORT");
			assertThat(management).as(name + " has its actuator on a management port").isNotNull();
			String healthCheck = Yamls.at(service, "healthcheck.test").toString();
			assertThat(healthCheck).as(name + "'s health check asks its actuator")
				.containsPattern("http://127\\.0\\.0\\.1:" + management + "/actuator/health/(readiness|liveness)");
		});
		assertThat(modules).containsExactlyInAnyOrderElementsOf(appsAndExamples());
	}

	@Test
	void theExamplesAreClientsOfTheStacksRegistryAndRegisterWithATokenScopedToTheirOwnService() {
		Map<String, Object> registry = this.compose.service("registry-service");
		Map<String, String> registryEnvironment = ComposeFile.environment(registry);
		String adminToken = registryEnvironment.get("CAIRN_SECURITY_TOKEN");
		for (CairnApp example : CairnApp.examples()) {
			Map<String, Object> service = this.compose.service(example.name());
			Map<String, String> environment = ComposeFile.environment(service);
			assertThat(environment.get("CAIRN_REGISTRY_CLIENT_URLS")).as(example + " uses the stack's registry")
				.isEqualTo("http://registry-service:5000");
			assertThat(Yamls.at(registry, "build.args.PORT")).isEqualTo("5000");
			String token = environment.get("CAIRN_REGISTRY_CLIENT_TOKEN");
			assertThat(token).as(example + " never holds the registry's admin token").isNotEqualTo(adminToken);
			int scoped = scopedTokenIndex(registryEnvironment, token);
			assertThat(scoped).as(example + "'s token is one of the registry's scoped tokens").isNotNegative();
			assertThat(registryEnvironment.get("CAIRN_REGISTRY_SECURITY_TOKENS_" + scoped + "_SERVICES"))
				.as(example + "'s token covers its own service and nothing else")
				.isEqualTo(example.name());
			assertThat(registryEnvironment.get("CAIRN_REGISTRY_SECURITY_TOKENS_" + scoped + "_NAME"))
				.isEqualTo(example.name());
			assertThat(registryEnvironment).as("the scoped token is a write token")
				.doesNotContainKey("CAIRN_REGISTRY_SECURITY_TOKENS_" + scoped + "_ACCESS");
			assertThat(environment.get("CAIRN_REGISTRY_CLIENT_REGISTRATION_HOST"))
				.as(example + " registers the name it is reached at in the stack's network")
				.isEqualTo(example.name());
			assertThat(Yamls.at(service, "depends_on.registry-service.condition")).isEqualTo("service_healthy");
			assertThat(environment).as(example + " takes no writes of its own and needs no token for them")
				.doesNotContainKeys("CAIRN_SECURITY_TOKEN", "CAIRN_SECURITY_OPEN_WRITES");
		}
		assertThat(Yamls.at(this.compose.service("hello-caller"), "depends_on.hello-service.condition"))
			.isEqualTo("service_healthy");
	}

	private static int scopedTokenIndex(Map<String, String> registryEnvironment, String token) {
		for (int i = 0; registryEnvironment.containsKey("CAIRN_REGISTRY_SECURITY_TOKENS_" + i + "_TOKEN"); i++) {
			if (registryEnvironment.get("CAIRN_REGISTRY_SECURITY_TOKENS_" + i + "_TOKEN").equals(token)) {
				return i;
			}
		}
		return -1;
	}

	@Test
	void appsAreConfiguredWithPropertiesTheyHave() {
		List<String> problems = new ArrayList<>();
		List<CairnApp> apps = new ArrayList<>(CairnApp.checkable());
		apps.addAll(CairnApp.examples());
		for (CairnApp app : apps) {
			Map<String, String> environment = ComposeFile.environment(this.compose.service(app.name()));
			AppProperties properties = AppProperties.of(app);
			problems.addAll(properties.unknown(environment.keySet())
				.stream()
				.map((variable) -> app + ": " + variable + " sets no property of the app")
				.toList());
			environment.forEach((variable, value) -> {
				String property = properties.propertyOf(variable);
				if (property != null && properties.type(property).equals("java.lang.Boolean")
						&& !ComposeFile.withDefaults(value).matches("true|false")) {
					problems.add(app + ": " + variable + " is a boolean, not " + value);
				}
			});
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void appsWithADatabaseUseTheirOwnDatabaseOfTheComposePostgres() throws IOException {
		String init = Files.readString(ComposeFile.directory().resolve("postgres/init-databases.sql"));
		for (CairnApp app : CairnApp.checkable()) {
			Map<String, String> environment = ComposeFile.environment(this.compose.service(app.module()));
			if (!app.hasDatabase()) {
				assertThat(environment).as(app + " has no database").doesNotContainKey("SPRING_DATASOURCE_URL");
				continue;
			}
			String url = environment.get("SPRING_DATASOURCE_URL");
			assertThat(url).as(app + "'s database").startsWith("jdbc:postgresql://postgres:5432/");
			String database = url.substring(url.lastIndexOf('/') + 1);
			assertThat(init).as("the init script creates " + database).contains("CREATE DATABASE " + database + ";");
			// No throwaway embedded database inside a container when PostgreSQL is slow
			// to come up.
			assertThat(environment.get("CAIRN_EMBEDDEDPOSTGRES_ENABLED")).isEqualTo("false");
			assertThat(Yamls.at(this.compose.service(app.module()), "depends_on.postgres.condition"))
				.isEqualTo("service_healthy");
		}
	}

	@Test
	void credentialsComeFromTheEnvFileAndEveryVariableIsInTheExample() throws IOException {
		Set<String> secrets = new LinkedHashSet<>();
		this.compose.services().forEach((name, service) -> ComposeFile.environment(service).forEach((key, value) -> {
			// The variable's last word names a secret (a scoped token's _NAME and
			// _SERVICES are not).
			if (key.matches(".*(PASSWORD|TOKEN|SECRET)")) {
				assertThat(value).as(name + "'s " + key + " comes from a variable").matches("\\$\\{[A-Z_]+(:[-?].*)?}");
				secrets.add(key);
			}
		}));
		assertThat(secrets).contains("POSTGRES_PASSWORD", "SPRING_DATASOURCE_PASSWORD", "CAIRN_SECURITY_TOKEN",
				"GF_SECURITY_ADMIN_PASSWORD", "CAIRN_REGISTRY_SECURITY_TOKENS_0_TOKEN", "CAIRN_REGISTRY_CLIENT_TOKEN");
		Path directory = ComposeFile.directory();
		String composeText = Files.readString(directory.resolve("docker-compose.yml"));
		Set<String> documented = new LinkedHashSet<>();
		for (String line : Files.readAllLines(directory.resolve(".env.example"))) {
			if (line.matches("[A-Z0-9_]+=.*")) {
				documented.add(line.substring(0, line.indexOf('=')));
			}
		}
		Matcher variable = VARIABLE.matcher(composeText);
		while (variable.find()) {
			assertThat(documented).as(".env.example documents ${" + variable.group(1) + "}")
				.contains(variable.group(1));
		}
		assertThat(Files.readString(directory.resolve(".gitignore"))).as(".env is never committed").contains(".env");
	}

	@Test
	void l4EachAppHasAWriteTokenOfItsOwnAndOpenWritesOnlyWhenChosen() throws IOException {
		List<String> tokens = new ArrayList<>();
		for (String module : CairnApp.MODULES) {
			Map<String, String> environment = ComposeFile.environment(this.compose.service(module));
			String token = environment.get("CAIRN_SECURITY_TOKEN");
			assertThat(token).as(module + "'s token").matches("\\$\\{[A-Z_]+_TOKEN:-}");
			tokens.add(token.substring(2, token.indexOf(':')));
			assertThat(environment.get("CAIRN_SECURITY_OPEN_WRITES")).as(module)
				.isEqualTo("${CAIRN_OPEN_WRITES:-false}");
		}
		assertThat(tokens).as("one token per app, none shared").containsExactlyInAnyOrderElementsOf(APP_TOKENS);
		Map<String, String> example = ComposeFile.readEnv(ComposeFile.directory().resolve(".env.example"));
		assertThat(example).containsEntry("CAIRN_OPEN_WRITES", "false");
	}

	@Test
	void l4AnAppWithoutATokenRefusesToStartUnlessOpenWritesIsChosen(@TempDir Path bin) throws Exception {
		// The image's java, stood in for by a script that says it was started.
		Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"started $*\"\n");
		java.toFile().setExecutable(true);
		for (String module : CairnApp.MODULES) {
			List<String> entrypoint = entrypoint(module);
			Started none = run(entrypoint, bin, Map.of());
			assertThat(none.exitCode()).as(module + " without a token").isNotZero();
			assertThat(none.output()).contains("No write token", "CAIRN_OPEN_WRITES=true");
			assertThat(run(entrypoint, bin, Map.of("CAIRN_SECURITY_OPEN_WRITES", "false")).exitCode()).isNotZero();
			Started token = run(entrypoint, bin, Map.of("CAIRN_SECURITY_TOKEN", "s3cret"));
			assertThat(token.exitCode()).as(token.output()).isZero();
			assertThat(token.output()).contains("started -jar application.jar");
			assertThat(run(entrypoint, bin, Map.of("CAIRN_SECURITY_OPEN_WRITES", "true")).output())
				.contains("started -jar application.jar");
		}
	}

	@Test
	void l4EveryPortIsPublishedOnLoopbackUnlessTheUserOptsOut() throws IOException {
		this.compose.services().forEach((name, service) -> {
			Object ports = service.get("ports");
			if (ports instanceof List<?> list) {
				for (Object port : list) {
					assertThat(port.toString()).as(name + " publishes on ${PUBLISH_ADDRESS}, 127.0.0.1 by default")
						.startsWith("${PUBLISH_ADDRESS:-127.0.0.1}:");
				}
			}
		});
		assertThat(ComposeFile.readEnv(ComposeFile.directory().resolve(".env.example")))
			.containsEntry("PUBLISH_ADDRESS", "127.0.0.1");
	}

	@Test
	void l4ConsulRunsWithAclsAndTheBridgeGetsATokenOfItsOwn() throws IOException {
		Map<String, String> consul = ComposeFile.environment(this.compose.service("consul"));
		Map<String, Object> config = new tools.jackson.databind.ObjectMapper()
			.readValue(consul.get("CONSUL_LOCAL_CONFIG").replaceAll("\\$\\{[A-Z_]+:\\?[^}]*}", "x"), Map.class);
		assertThat(Yamls.at(config, "acl.enabled")).isEqualTo(true);
		assertThat(Yamls.at(config, "acl.default_policy")).isEqualTo("deny");
		assertThat(consul.get("CONSUL_LOCAL_CONFIG")).contains("${CONSUL_MANAGEMENT_TOKEN:?");

		Map<String, Object> init = this.compose.service("consul-acl-init");
		assertThat(ComposeFile.isJob(init)).isTrue();
		Map<String, String> initEnvironment = ComposeFile.environment(init);
		String script = Files.readString(ComposeFile.directory().resolve("consul/consul-acl-init.sh"));
		Map<String, String> bridge = ComposeFile.environment(this.compose.service("marathon-consul-bridge"));
		Map<String, String> status = ComposeFile.environment(this.compose.service("status-aggregator"));
		for (Map.Entry<String, String> client : Map
			.of("CONSUL_BRIDGE_TOKEN", bridge.get("CAIRN_CONSUL_TOKEN"), "CONSUL_STATUS_TOKEN",
					status.get("CAIRN_CONSUL_TOKEN"))
			.entrySet()) {
			assertThat(client.getValue()).as("the client's Consul token").startsWith("${" + client.getKey() + ":?");
			assertThat(initEnvironment.get(client.getKey())).as("consul-acl-init creates it")
				.startsWith("${" + client.getKey() + ":?");
		}
		Matcher created = Pattern.compile("token \"\\$([A-Z_]+)\" ([a-z-]+)").matcher(script);
		Map<String, String> policies = new java.util.LinkedHashMap<>();
		while (created.find()) {
			policies.put(created.group(1), created.group(2));
		}
		assertThat(policies).containsEntry("CONSUL_BRIDGE_TOKEN", "cairn-marathon-consul-bridge")
			.containsEntry("CONSUL_STATUS_TOKEN", "cairn-status-aggregator");
		for (String policy : policies.values()) {
			assertThat(ComposeFile.directory().resolve("consul/" + policy + ".hcl")).exists();
		}
		assertThat(Files.readString(ComposeFile.directory().resolve("consul/cairn-status-aggregator.hcl")))
			.doesNotContain("policy = \"write\"");
		for (String client : List.of("marathon-consul-bridge", "status-aggregator", "consul-agent")) {
			assertThat(Yamls.at(this.compose.service(client), "depends_on.consul-acl-init.condition")).as(client)
				.isEqualTo("service_completed_successfully");
		}
	}

	@Test
	void l4NoDefaultPasswordsAndNoLifecycleEndpoint() throws IOException {
		String example = Files.readString(ComposeFile.directory().resolve(".env.example"));
		assertThat(example).doesNotContainIgnoringCase("change-me");
		Map<String, String> variables = ComposeFile.readEnv(ComposeFile.directory().resolve(".env.example"));
		variables.forEach((name, value) -> {
			if (name.matches(".*(PASSWORD|TOKEN|SECRET).*")) {
				assertThat(value).as(name + " ships empty: init-env.sh or the user sets it").isEmpty();
			}
		});
		String composeText = Files.readString(ComposeFile.directory().resolve("docker-compose.yml"));
		Matcher variable = VARIABLE.matcher(composeText);
		while (variable.find()) {
			if (variable.group(1).matches(".*(PASSWORD|_TOKEN)") && !APP_TOKENS.contains(variable.group(1))) {
				assertThat(variable.group(2)).as("${" + variable.group(1) + "} is required, with no default")
					.startsWith(":?");
			}
		}
		assertThat(Yamls.list(this.compose.service("prometheus"), "command")).map(Object::toString)
			.noneMatch((flag) -> flag.startsWith("--web.enable-lifecycle"));
	}

	@Test
	void initEnvGeneratesEverySecretForTheUserOnly(@TempDir Path directory) throws Exception {
		Path file = directory.resolve(".env");
		Map<String, String> env = ComposeFile.initEnv(file);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		Set<String> secrets = new LinkedHashSet<>();
		env.forEach((name, value) -> {
			if (name.matches(".*(PASSWORD|TOKEN).*")) {
				assertThat(value).as(name).isNotEmpty();
				assertThat(value).as(name)
					.matches(name.startsWith("CONSUL_") ? "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
							: "[0-9a-f]{64}");
				assertThat(secrets.add(value)).as(name + " is a secret of its own").isTrue();
			}
		});
		assertThat(env.keySet())
			.containsExactlyElementsOf(ComposeFile.readEnv(ComposeFile.directory().resolve(".env.example")).keySet());
		assertThat(new ProcessBuilder("sh", ComposeFile.directory().resolve("init-env.sh").toString(), file.toString())
			.start()
			.waitFor()).as("an existing file is never overwritten").isNotZero();
	}

	private List<String> entrypoint(String module) {
		List<String> entrypoint = new ArrayList<>();
		for (Object part : Yamls.list(this.compose.service(module), "entrypoint")) {
			entrypoint.add(ComposeFile.withDefaults(part.toString()));
		}
		return entrypoint;
	}

	private static Started run(List<String> command, Path bin, Map<String, String> environment)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().clear();
		builder.environment().put("PATH", bin + ":/usr/bin:/bin");
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		return new Started(process.waitFor(), output);
	}

	private record Started(int exitCode, String output) {
	}

	@Test
	void mountedFilesExist() {
		this.compose.services().forEach((name, service) -> {
			Object volumes = service.get("volumes");
			if (volumes instanceof List<?> list) {
				for (Object volume : list) {
					String source = volume.toString().split(":")[0];
					if (source.startsWith(".")) {
						assertThat(ComposeFile.directory().resolve(source)).as(name + " mounts " + source).exists();
					}
				}
			}
		});
	}

	private static List<String> appsAndExamples() {
		List<String> modules = new ArrayList<>(CairnApp.MODULES);
		modules.addAll(CairnApp.EXAMPLES);
		return modules;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object value) {
		return (Map<String, Object>) value;
	}

}
