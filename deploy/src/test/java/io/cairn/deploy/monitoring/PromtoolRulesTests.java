package io.cairn.deploy.monitoring;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cairn.deploy.support.Project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The alert rules as Prometheus itself reads and evaluates them: {@code promtool check
 * rules} on every rule file and {@code promtool test rules} on
 * {@code deploy/prometheus/tests/cairn.rules.test.yml} (alerts per namespace and job,
 * absent targets). Skipped, saying why, where promtool is not installed (Debian's
 * {@code prometheus} package has it; {@code .ci/run} installs it).
 */
class PromtoolRulesTests {

	private static final Path RULES = Project.deploy("prometheus/rules/cairn.rules.yml");

	private static final Path TESTS = Project.deploy("prometheus/tests/cairn.rules.test.yml");

	@BeforeAll
	static void promtoolIsInstalled() {
		assumeTrue(onPath("promtool"),
				"promtool tests skipped: promtool is not on the PATH (apt-get install prometheus runs them)");
	}

	@Test
	void everyRuleFileIsValid() throws Exception {
		Result result = promtool("check", "rules", RULES.toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void rulesPassTheirUnitTests() throws Exception {
		Result result = promtool("test", "rules", TESTS.getFileName().toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	private static Result promtool(String... arguments) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(Stream.concat(Stream.of("promtool"), Stream.of(arguments)).toList())
			.directory(TESTS.getParent().toFile())
			.redirectErrorStream(true)
			.start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool ends").isTrue();
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	private static boolean onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(directory, command))) {
				return true;
			}
		}
		return false;
	}

	private record Result(int exitCode, String output) {
	}

}
