package io.cairn.deploy.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cairn.deploy.support.CairnApp;
import io.cairn.deploy.support.ComposeFile;
import io.cairn.deploy.support.Yamls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code docker-compose config -q}: the compose binary itself validates the file against
 * its schema and resolves every variable, with no Docker engine needed. Debian's
 * docker-compose 1.29 is the oldest this must parse with. Skipped where no compose binary
 * is installed; {@link ComposeFileTests} runs everywhere.
 */
class ComposeConfigTests {

	/** A Docker image reference: an optional registry host and port, a path, a tag. */
	private static final String IMAGE_REFERENCE = "([a-z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-][a-z0-9]+)*"
			+ "(/[a-z0-9]+([._-][a-z0-9]+)*)*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";

	private static Path binary;

	@BeforeAll
	static void findDockerCompose() {
		for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
			Path candidate = Path.of(directory, "docker-compose");
			if (Files.isExecutable(candidate)) {
				binary = candidate;
				return;
			}
		}
	}

	@TempDir
	static Path work;

	private static Path generatedEnv;

	@BeforeAll
	static void generateEnv() throws Exception {
		generatedEnv = work.resolve("generated.env");
		ComposeFile.initEnv(generatedEnv);
	}

	@Test
	void validWithTheEnvFileInitEnvWrites() throws Exception {
		Result result = compose("--env-file", generatedEnv.toString(), "-f", "docker-compose.yml", "config", "-q");
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void l4RefusesToStartWithTheSecretsOfTheExampleLeftEmpty() throws Exception {
		Result result = compose("--env-file", ".env.example", "-f", "docker-compose.yml", "config", "-q");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).containsPattern("set [A-Z_]+(PASSWORD|TOKEN) in .env \\(./init-env.sh\\)");
	}

	/**
	 * Defect 1 of the ecosystem review: compose 1.29 does not nest interpolations, and
	 * resolved {@code ${X:-a:${Y:-b}}} to {@code a:${Y:-b}} or {@code a:b}}. Here compose
	 * 1.29 itself resolves the image names, with the env file init-env.sh writes, with
	 * only the secrets (no image variables), and with an image of a registry.
	 */
	@Test
	void imageNamesResolveToValidReferencesWithAndWithoutOverrides() throws Exception {
		Map<String, String> secretsOnly = new LinkedHashMap<>();
		ComposeFile.readEnv(generatedEnv).forEach((name, value) -> {
			if (!name.endsWith("_IMAGE")) {
				secretsOnly.put(name, value);
			}
		});
		Map<String, String> registry = new LinkedHashMap<>(secretsOnly);
		registry.put("REGISTRY_IMAGE", "registry.example.com:5000/platform/registry-service:1.2.3");
		for (Map<String, String> variables : List.of(ComposeFile.readEnv(generatedEnv), secretsOnly, registry)) {
			Path file = Files.createTempFile(work, "images", ".env");
			Files.write(file, variables.entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue()).toList());
			Result result = compose("--env-file", file.toString(), "-f", "docker-compose.yml", "config");
			assertThat(result.exitCode()).as(result.output()).isZero();
			Map<String, Object> resolved = new org.yaml.snakeyaml.Yaml().load(result.output());
			for (String module : CairnApp.MODULES) {
				String image = String.valueOf(Yamls.at(resolved, "services." + module + ".image"));
				assertThat(image).as(module + "'s image").matches(IMAGE_REFERENCE);
				String expected = (variables == registry && module.equals("registry-service"))
						? "registry.example.com:5000/platform/registry-service:1.2.3" : "cairn/" + module + ":latest";
				assertThat(image).isEqualTo(expected);
			}
		}
	}

	@Test
	void validWithTheMesosProfile() throws Exception {
		Result result = compose("--env-file", generatedEnv.toString(), "-f", "docker-compose.yml", "--profile", "mesos",
				"config", "--services");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("mesos-master", "mesos-agent", "consul-agent", "marathon",
				"marathon-consul-bridge", "consul-acl-init");
	}

	@Test
	void theExamplesProfileRendersWithScopedRegistryTokensLoopbackPortsAndTheirImages() throws Exception {
		Map<String, String> variables = ComposeFile.readEnv(generatedEnv);
		Result result = compose("--env-file", generatedEnv.toString(), "-f", "docker-compose.yml", "--profile",
				"examples", "config");
		assertThat(result.exitCode()).as(result.output()).isZero();
		Map<String, Object> resolved = new org.yaml.snakeyaml.Yaml().load(result.output());
		for (CairnApp example : CairnApp.examples()) {
			String service = "services." + example.name();
			Object token = Yamls.at(resolved, service + ".environment.CAIRN_REGISTRY_CLIENT_TOKEN");
			String variable = example.name().toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_TOKEN";
			assertThat(token).as(example + " registers with a token of its own, generated into .env")
				.isEqualTo(variables.get(variable))
				.asString()
				.matches("[0-9a-f]{64}")
				.isNotEqualTo(variables.get("REGISTRY_TOKEN"));
			String registryEnvironment = "services.registry-service.environment.CAIRN_REGISTRY_SECURITY_TOKENS_";
			int scoped = 0;
			while (Yamls.at(resolved, registryEnvironment + scoped + "_TOKEN") != null
					&& !token.equals(Yamls.at(resolved, registryEnvironment + scoped + "_TOKEN"))) {
				scoped++;
			}
			assertThat(Yamls.at(resolved, registryEnvironment + scoped + "_TOKEN"))
				.as("registry-service knows " + example + "'s token as a scoped one")
				.isEqualTo(token);
			assertThat(Yamls.at(resolved, registryEnvironment + scoped + "_SERVICES")).isEqualTo(example.name());
			assertThat(String.valueOf(Yamls.at(resolved, service + ".image"))).matches(IMAGE_REFERENCE)
				.isEqualTo("cairn/" + example.name() + ":latest");
			assertThat(Yamls.at(resolved, service + ".build.args.MODULE")).isEqualTo(example.module());
			assertThat(Yamls.list(resolved, service + ".ports")).map(String::valueOf)
				.allMatch((port) -> port.startsWith("127.0.0.1:") || port.contains("host_ip=127.0.0.1"),
						"published on loopback only (compose 1.29's short form, v2's long one)");
		}
	}

	@Test
	void refusesToStartWithoutPasswords(@TempDir Path directory) throws Exception {
		Path empty = Files.writeString(directory.resolve("empty.env"), "# no passwords\n");
		Result result = compose("--env-file", empty.toString(), "-f", "docker-compose.yml", "config", "-q");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("POSTGRES_PASSWORD");
	}

	private static Result compose(String... arguments) throws IOException, InterruptedException {
		assumeTrue(binary != null, "docker-compose is not installed; ComposeFileTests checks the file as YAML");
		List<String> command = new ArrayList<>();
		command.add(binary.toString());
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).directory(ComposeFile.directory().toFile())
			.redirectErrorStream(true);
		// Only the env file may supply variables, whatever the machine's environment
		// holds.
		builder.environment().keySet().removeIf((name) -> !name.equals("PATH") && !name.equals("HOME"));
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("docker-compose did not answer within 60 s");
		}
		return new Result(process.exitValue(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
