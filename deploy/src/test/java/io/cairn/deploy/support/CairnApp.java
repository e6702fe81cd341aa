package io.cairn.deploy.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * One Cairn app as the deployment files must know it, read from the app's own module: its
 * port from its {@code application.yaml}, its jar from its build.
 *
 * @param module the Maven module's folder (for an app, also its
 * {@code spring.application.name}; an example's folder is under {@code examples/})
 * @param root the project root
 */
public record CairnApp(String module, Path root) {

	/** The apps every deployment file covers. */
	public static final List<String> MODULES = List.of("registry-service", "status-aggregator",
			"marathon-consul-bridge");

	/**
	 * The examples (registry-client's users) that {@code ./cairn up --with-examples} and
	 * the compose profile {@code examples} start beside the apps.
	 */
	public static final List<String> EXAMPLES = List.of("examples/hello-service", "examples/hello-caller");

	/** The one app that is still being built in its own branch. */
	public static final String BRIDGE = "marathon-consul-bridge";

	/**
	 * The apps that can be checked here: every app whose module exists and has been
	 * compiled (its configuration metadata exists). registry-service and
	 * status-aggregator are built by the reactor before this module, so they are always
	 * there; marathon-consul-bridge is checked from the moment its module lands and is
	 * built.
	 * @return the apps
	 */
	public static List<CairnApp> checkable() {
		List<CairnApp> apps = new ArrayList<>();
		for (String module : MODULES) {
			CairnApp app = new CairnApp(module, Project.root());
			if (!module.equals(BRIDGE) || Files.isRegularFile(app.metadataFile())) {
				apps.add(app);
			}
		}
		return apps;
	}

	/**
	 * The examples, each with its jar built by the reactor before this module.
	 * @return the examples
	 */
	public static List<CairnApp> examples() {
		return EXAMPLES.stream().map(CairnApp::of).toList();
	}

	/**
	 * The app's name: its {@code spring.application.name}, its jar's and its compose
	 * service's name (the last segment of its module's folder).
	 * @return the name
	 */
	public String name() {
		return this.module.substring(this.module.lastIndexOf('/') + 1);
	}

	/**
	 * Look an app up by module name.
	 * @param module the module
	 * @return the app
	 */
	public static CairnApp of(String module) {
		return new CairnApp(module, Project.root());
	}

	/**
	 * Whether the app's module is in this checkout (marathon-consul-bridge is built in
	 * its own branch until it is merged).
	 * @return true when its sources are here
	 */
	public boolean present() {
		return Files.isRegularFile(moduleDirectory().resolve("src/main/resources/application.yaml"));
	}

	/**
	 * The app's module folder.
	 * @return the folder
	 */
	public Path moduleDirectory() {
		return this.root.resolve(this.module);
	}

	/**
	 * The configuration metadata the annotation processor generated from the app's
	 * {@code *Properties} records.
	 * @return the file
	 */
	public Path metadataFile() {
		return moduleDirectory().resolve("target/classes/META-INF/spring-configuration-metadata.json");
	}

	/**
	 * The runnable jar the build produces.
	 * @return the jar
	 */
	public Path jar() {
		return moduleDirectory().resolve("target/" + name() + ".jar");
	}

	/**
	 * The app's own defaults.
	 * @return the parsed {@code src/main/resources/application.yaml}
	 */
	public Map<String, Object> applicationYaml() {
		try (InputStream in = Files.newInputStream(moduleDirectory().resolve("src/main/resources/application.yaml"))) {
			return new Yaml().load(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + this.module + "'s application.yaml", ex);
		}
	}

	/**
	 * The HTTP port the app serves by default ({@code server.port} of its
	 * application.yaml).
	 * @return the port
	 */
	public int port() {
		Object port = Yamls.at(applicationYaml(), "server.port");
		if (!(port instanceof Integer value)) {
			throw new IllegalStateException(this.module + "'s application.yaml sets no server.port");
		}
		return value;
	}

	/**
	 * Whether the app keeps data in PostgreSQL (it does unless its application.yaml
	 * switches the embedded server off).
	 * @return true for apps with a database
	 */
	public boolean hasDatabase() {
		return !Boolean.FALSE.equals(Yamls.at(applicationYaml(), "cairn.embedded-postgres.enabled"));
	}

	@Override
	public String toString() {
		return this.module;
	}

}
