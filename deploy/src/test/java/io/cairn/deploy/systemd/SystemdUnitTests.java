package io.cairn.deploy.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.cairn.deploy.support.AppProperties;
import io.cairn.deploy.support.CairnApp;
import io.cairn.deploy.support.Project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The systemd units and their example environment files: one of each per app, running the
 * app's jar as an unprivileged user, with settings the app really has.
 */
class SystemdUnitTests {

	private static final Path SYSTEMD = Project.deploy("systemd");

	@Test
	void everyAppHasAUnitThatRunsItsJarAsAnUnprivilegedUser() {
		for (String module : CairnApp.MODULES) {
			Map<String, List<String>> unit = unit(module);
			assertThat(unit.get("ExecStart"))
				.containsExactly("/usr/bin/java $JAVA_OPTS -jar /opt/cairn/" + module + ".jar");
			assertThat(unit.get("User")).containsExactly("cairn");
			assertThat(unit.get("EnvironmentFile")).containsExactly("/etc/cairn/" + module + ".env");
			assertThat(unit.get("StateDirectory")).containsExactly("cairn/" + module);
			assertThat(unit.get("WorkingDirectory")).containsExactly("/var/lib/cairn/" + module);
			// The JVM exits with 143 on SIGTERM after Spring Boot's graceful shutdown.
			assertThat(unit.get("SuccessExitStatus")).containsExactly("143");
			assertThat(unit.get("Restart")).containsExactly("on-failure");
			assertThat(unit.get("NoNewPrivileges")).containsExactly("yes");
			assertThat(unit.get("ProtectSystem")).containsExactly("strict");
			assertThat(unit.get("WantedBy")).containsExactly("multi-user.target");
			assertThat(unit.get("Environment")).anyMatch((e) -> e.equals("CAIRN_DATADIR=/var/lib/cairn"));
		}
	}

	@Test
	void unitsAndExampleFilesSetOnlyPropertiesTheAppsHave() {
		List<String> problems = new ArrayList<>();
		for (CairnApp app : CairnApp.checkable()) {
			List<String> variables = new ArrayList<>(exampleVariables(app.module()).keySet());
			for (String assignment : unit(app.module()).get("Environment")) {
				variables.add(assignment.replace("\"", "").split("=", 2)[0]);
			}
			AppProperties.of(app)
				.unknown(variables)
				.forEach((variable) -> problems.add(app + ": " + variable + " sets no property of the app"));
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void exampleFilesSetTheAppsPort() {
		for (CairnApp app : CairnApp.checkable()) {
			assertThat(exampleVariables(app.module())).containsEntry("SERVER_PORT", Integer.toString(app.port()));
		}
	}

	@Test
	void systemdAcceptsTheUnits() throws Exception {
		Path analyze = Path.of("/usr/bin/systemd-analyze");
		assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
		for (String module : CairnApp.MODULES) {
			Process process = new ProcessBuilder(analyze.toString(), "verify", "--man=no",
					SYSTEMD.resolve("cairn-" + module + ".service").toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as(output).isZero();
			// verify only warns about bad assignments; any message is a mistake in the
			// unit.
			assertThat(output.lines().filter((line) -> line.contains("cairn-" + module))).as(output).isEmpty();
		}
	}

	/** Settings of a unit, by key (a key may repeat). */
	private static Map<String, List<String>> unit(String module) {
		Map<String, List<String>> settings = new LinkedHashMap<>();
		for (String line : read(SYSTEMD.resolve("cairn-" + module + ".service"))) {
			if (line.isBlank() || line.startsWith("#") || line.startsWith("[")) {
				continue;
			}
			int equals = line.indexOf('=');
			settings.computeIfAbsent(line.substring(0, equals), (k) -> new ArrayList<>())
				.add(line.substring(equals + 1));
		}
		return settings;
	}

	/**
	 * Variables of an example environment file, those commented out included (they must
	 * be right too).
	 */
	private static Map<String, String> exampleVariables(String module) {
		Map<String, String> variables = new LinkedHashMap<>();
		for (String line : read(SYSTEMD.resolve(module + ".env.example"))) {
			String assignment = line.startsWith("#") ? line.substring(1) : line;
			if (assignment.matches("[A-Z][A-Z0-9_]*=.*")) {
				int equals = assignment.indexOf('=');
				variables.put(assignment.substring(0, equals), assignment.substring(equals + 1));
			}
		}
		assertThat(variables).as(module + ".env.example").isNotEmpty();
		return variables;
	}

	private static List<String> read(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
