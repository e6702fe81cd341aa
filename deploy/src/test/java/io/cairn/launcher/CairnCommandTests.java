package io.cairn.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import io.cairn.deploy.support.Project;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn} and {@code ./cairn}'s help and version (ecosystem review #14, #15): exit
 * 0, the version of the build, every option of {@code up}, and no build started to answer
 * them.
 */
class CairnCommandTests {

	@Test
	void versionNamesTheBuild() {
		Answer answer = run("--version");
		assertThat(answer.exitCode()).isZero();
		assertThat(answer.output()).startsWith("cairn " + projectVersion());
		Answer up = run("up", "--version");
		assertThat(up.exitCode()).isZero();
		assertThat(up.output()).startsWith("cairn " + projectVersion());
	}

	@Test
	void helpListsEveryOptionOfUpAndExitsZero() {
		Answer answer = run("--help");
		assertThat(answer.exitCode()).isZero();
		assertThat(answer.output()).contains("up", "--version");
		Answer up = run("up", "--help");
		assertThat(up.exitCode()).isZero();
		assertThat(up.output()).contains("--data-dir", "--postgres-port", "--zookeeper-port", "--bind", "--port-offset",
				"--with-examples");
	}

	@Test
	void scriptAnswersHelpAndRefusesUnknownCommandsWithoutBuilding() throws Exception {
		Path script = Project.root().resolve("cairn");
		Answer help = sh(script, "--help");
		assertThat(help.exitCode()).as(help.output()).isZero();
		assertThat(help.output()).contains("./cairn up --help", "./cairn up --with-examples")
			.doesNotContain("Building Cairn");
		Answer unknown = sh(script, "down");
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.output()).contains("unknown command 'down'").doesNotContain("Building Cairn");
		Answer none = sh(script);
		assertThat(none.exitCode()).isEqualTo(2);
	}

	/** The version in the root POM, which the build writes into build-info. */
	private static String projectVersion() {
		try {
			Matcher version = Pattern.compile("<artifactId>cairn-parent</artifactId>\\s*<version>([^<]+)</version>")
				.matcher(Files.readString(Project.root().resolve("pom.xml")));
			assertThat(version.find()).as("the root POM's version").isTrue();
			return version.group(1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Answer run(String... arguments) {
		StringWriter out = new StringWriter();
		CommandLine command = new CommandLine(new CairnCommand());
		command.setOut(new PrintWriter(out));
		int exitCode = command.execute(arguments);
		return new Answer(exitCode, out.toString());
	}

	private static Answer sh(Path script, String... arguments) throws IOException, InterruptedException {
		String[] command = new String[arguments.length + 2];
		command[0] = "sh";
		command[1] = script.toString();
		System.arraycopy(arguments, 0, command, 2, arguments.length);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
		return new Answer(process.exitValue(), output);
	}

	private record Answer(int exitCode, String output) {
	}

}
