package io.cairn.deploy.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

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

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?[-?][^}]*)?}");

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
			Object test = Yamls.at(service, "healthcheck.test");
			assertThat(test).as(name + " has a health check").isInstanceOf(List.class);
			assertThat((List<?>) test).as(name + "'s health check").isNotEmpty().first().isIn("CMD", "CMD-SHELL");
			assertThat(Yamls.at(service, "healthcheck.disable")).as(name).isNotEqualTo(true);
		});
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
					.isEqualTo("service_healthy");
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
		this.compose.services().forEach((name, service) -> {
			List<String> profiles = ComposeFile.profiles(service);
			if (profiles.isEmpty()) {
				plain.add(name);
			}
			else if (profiles.contains("mesos")) {
				mesos.add(name);
			}
		});
		assertThat(plain).containsExactlyInAnyOrder("postgres", "zookeeper", "consul", "registry-service",
				"status-aggregator", "marathon-consul-bridge", "prometheus", "grafana");
		assertThat(mesos).containsExactlyInAnyOrder("mesos-master", "mesos-agent", "consul-agent", "marathon");
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
			assertThat(name).isEqualTo(module);
			assertThat(Yamls.at(service, "build.context")).isEqualTo("../..");
			assertThat(Yamls.at(service, "build.dockerfile")).isEqualTo("deploy/docker/Dockerfile");
			assertThat(service.get("image").toString()).as(name + "'s image is parameterised").matches("\\$\\{.+}");
			CairnApp app = CairnApp.of(module);
			String port = Yamls.at(service, "build.args.PORT").toString();
			if (app.present()) {
				assertThat(port).as(name + "'s port is the app's server.port").isEqualTo(Integer.toString(app.port()));
			}
			assertThat(service.get("ports").toString()).as(name + " publishes the port the app serves")
				.matches("\\[\\$\\{[A-Z_]+_PORT:-" + port + "}:" + port + "]");
			String management = ComposeFile.environment(service).get("MANAGEMENT_SERVER_PORT");
			assertThat(management).as(name + " has its actuator on a management port").isNotNull();
			String healthCheck = Yamls.at(service, "healthcheck.test").toString();
			assertThat(healthCheck).as(name + "'s health check asks its actuator")
				.containsPattern("http://127\\.0\\.0\\.1:" + management + "/actuator/health/(readiness|liveness)");
		});
		assertThat(modules).containsExactlyInAnyOrderElementsOf(CairnApp.MODULES);
	}

	@Test
	void appsAreConfiguredWithPropertiesTheyHave() {
		List<String> problems = new ArrayList<>();
		for (CairnApp app : CairnApp.checkable()) {
			Map<String, String> environment = ComposeFile.environment(this.compose.service(app.module()));
			AppProperties properties = AppProperties.of(app);
			problems.addAll(properties.unknown(environment.keySet())
				.stream()
				.map((variable) -> app + ": " + variable + " sets no property of the app")
				.toList());
			environment.forEach((variable, value) -> {
				String property = properties.propertyOf(variable);
				if (property != null && properties.type(property).equals("java.lang.Boolean")
						&& !value.matches("true|false")) {
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
			if (key.matches(".*(PASSWORD|TOKEN|SECRET).*")) {
				assertThat(value).as(name + "'s " + key + " comes from a variable").matches("\\$\\{[A-Z_]+(:[-?].*)?}");
				secrets.add(key);
			}
		}));
		assertThat(secrets).contains("POSTGRES_PASSWORD", "SPRING_DATASOURCE_PASSWORD", "CAIRN_SECURITY_TOKEN",
				"GF_SECURITY_ADMIN_PASSWORD");
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

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object value) {
		return (Map<String, Object>) value;
	}

}
