package io.cairn.deploy.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compose file, read as YAML.
 */
public final class ComposeFile {

	private final Map<String, Object> root;

	private ComposeFile(Map<String, Object> root) {
		this.root = root;
	}

	/**
	 * The folder of the compose stack.
	 * @return {@code deploy/compose}
	 */
	public static Path directory() {
		return Project.deploy("compose");
	}

	/**
	 * Read {@code deploy/compose/docker-compose.yml}.
	 * @return the file
	 */
	public static ComposeFile load() {
		return new ComposeFile(Yamls.load(directory().resolve("docker-compose.yml")));
	}

	/**
	 * The whole document.
	 * @return its root mapping
	 */
	public Map<String, Object> root() {
		return this.root;
	}

	/**
	 * The services by name.
	 * @return the services
	 */
	@SuppressWarnings("unchecked")
	public Map<String, Map<String, Object>> services() {
		Map<String, Map<String, Object>> services = new LinkedHashMap<>();
		Yamls.map(this.root, "services").forEach((name, service) -> services.put(name, (Map<String, Object>) service));
		return services;
	}

	/**
	 * One service.
	 * @param name its name
	 * @return the service
	 */
	public Map<String, Object> service(String name) {
		Map<String, Object> service = services().get(name);
		if (service == null) {
			throw new AssertionError("The compose file has no service " + name);
		}
		return service;
	}

	/**
	 * The Cairn app a service runs: the {@code MODULE} its image is built with.
	 * @param service the service
	 * @return the module, or null for other services
	 */
	public static String module(Map<String, Object> service) {
		Object module = Yamls.at(service, "build.args.MODULE");
		return (module != null) ? module.toString() : null;
	}

	/**
	 * A service's environment, in either of compose's forms (mapping or
	 * {@code NAME=value} list).
	 * @param service the service
	 * @return variable to value (as written, before interpolation)
	 */
	public static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> environment = new LinkedHashMap<>();
		Object declared = service.get("environment");
		if (declared instanceof Map<?, ?> map) {
			map.forEach((key, value) -> environment.put(key.toString(), (value != null) ? value.toString() : ""));
		}
		else if (declared instanceof List<?> list) {
			for (Object entry : list) {
				String text = entry.toString();
				int equals = text.indexOf('=');
				environment.put((equals < 0) ? text : text.substring(0, equals),
						(equals < 0) ? "" : text.substring(equals + 1));
			}
		}
		return environment;
	}

	/**
	 * Whether a service is a one-shot job (it runs to completion and is not restarted):
	 * those that depend on it wait until it has completed successfully.
	 * @param service the service
	 * @return true for a job
	 */
	public static boolean isJob(Map<String, Object> service) {
		return "no".equals(String.valueOf(service.get("restart")));
	}

	/**
	 * A value as compose resolves it when the variables it names are not set: each
	 * {@code ${NAME:-default}} becomes its default, {@code $$} a single {@code $}.
	 * @param value the value as written
	 * @return the value with defaults applied
	 */
	public static String withDefaults(String value) {
		return value.replaceAll("(?<!\\$)\\$\\{[A-Z0-9_]+:?-([^}]*)}", "$1").replace("$$", "$");
	}

	/**
	 * Run {@code init-env.sh} as a user would, writing the env file to a path of the
	 * test's choosing.
	 * @param target where to write it (must not exist)
	 * @return the variables it holds
	 * @throws IOException when the script fails
	 * @throws InterruptedException when interrupted
	 */
	public static Map<String, String> initEnv(Path target) throws IOException, InterruptedException {
		Process script = new ProcessBuilder("sh", directory().resolve("init-env.sh").toString(), target.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (script.waitFor() != 0) {
			throw new IOException("init-env.sh failed: " + output);
		}
		return readEnv(target);
	}

	/**
	 * The variables of an env file.
	 * @param file the file ({@code NAME=value} lines)
	 * @return name to value, in order
	 * @throws IOException when it cannot be read
	 */
	public static Map<String, String> readEnv(Path file) throws IOException {
		Map<String, String> env = new LinkedHashMap<>();
		for (String line : Files.readAllLines(file)) {
			if (line.matches("[A-Z0-9_]+=.*")) {
				env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
			}
		}
		return env;
	}

	/**
	 * The profiles a service belongs to.
	 * @param service the service
	 * @return its profiles, empty for services of a plain {@code up}
	 */
	@SuppressWarnings("unchecked")
	public static List<String> profiles(Map<String, Object> service) {
		Object profiles = service.get("profiles");
		return (profiles instanceof List<?> list) ? (List<String>) list : List.of();
	}

}
