package io.cairn.deploy.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every configuration property an app has, as Spring Boot's configuration metadata
 * describes it: the app's own (generated from its {@code *Properties} records into
 * {@code target/classes}) and that of every library in its runnable jar (Spring Boot's
 * modules, Spring Cloud ZooKeeper, Cairn's support, consul-client and mesos-discovery).
 * Reading the jar's libraries, rather than this module's classpath, gives exactly the
 * properties the app has, no more.
 */
public final class AppProperties {

	/**
	 * Environment variables that are not Spring properties but are read by the JVM or by
	 * the launch scripts in this module.
	 */
	public static final Set<String> NON_PROPERTY_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JAVA_OPTS");

	private static final Map<String, AppProperties> cache = new ConcurrentHashMap<>();

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private final String app;

	/** Canonical property name to its type. */
	private final Map<String, String> properties;

	/** Environment variable form to canonical property name. */
	private final Map<String, String> byVariable = new HashMap<>();

	private AppProperties(String app, Map<String, String> properties) {
		this.app = app;
		this.properties = properties;
		properties.keySet().forEach((name) -> this.byVariable.put(variable(name), name));
		properties.keySet().forEach((name) -> this.byVariable.putIfAbsent(legacyVariable(name), name));
	}

	/**
	 * The properties of an app, read once per test run.
	 * @param app the app
	 * @return its properties
	 */
	public static AppProperties of(CairnApp app) {
		return cache.computeIfAbsent(app.module(), (module) -> load(app));
	}

	private static AppProperties load(CairnApp app) {
		// An example has no properties of its own (only those of registry-client and
		// Spring
		// Boot, in its jar); an app always has.
		boolean own = !CairnApp.EXAMPLES.contains(app.module());
		if (own && !Files.isRegularFile(app.metadataFile())) {
			throw new AssertionError(app.metadataFile() + " is missing: build " + app.module() + " first");
		}
		if (!Files.isRegularFile(app.jar())) {
			throw new AssertionError(app.jar() + " is missing: package " + app.module() + " first (./mvnw -pl "
					+ app.module() + ",deploy -am verify)");
		}
		Map<String, String> properties = new TreeMap<>();
		if (Files.isRegularFile(app.metadataFile())) {
			try (InputStream in = Files.newInputStream(app.metadataFile())) {
				read(in, properties);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		int libraries = 0;
		try (ZipFile jar = new ZipFile(app.jar().toFile())) {
			for (ZipEntry entry : Collections.list(jar.entries())) {
				if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
					try (JarInputStream library = new JarInputStream(jar.getInputStream(entry))) {
						for (JarEntry inner = library.getNextJarEntry(); inner != null; inner = library
							.getNextJarEntry()) {
							if (inner.getName().equals(METADATA)) {
								read(new ByteArrayInputStream(library.readAllBytes()), properties);
								libraries++;
							}
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + app.jar(), ex);
		}
		if (libraries == 0) {
			throw new AssertionError(app.jar() + " holds no library with configuration metadata");
		}
		return new AppProperties(app.module(), properties);
	}

	private static void read(InputStream json, Map<String, String> properties) throws IOException {
		JsonNode root = new ObjectMapper().readTree(json);
		for (JsonNode property : root.path("properties")) {
			properties.put(property.path("name").asString(), property.path("type").asString(""));
		}
	}

	/**
	 * The environment variable Spring Boot's relaxed binding maps to a property: dots to
	 * underscores, dashes removed, upper case
	 * ({@code spring.cloud.zookeeper.connect-string} is
	 * {@code SPRING_CLOUD_ZOOKEEPER_CONNECTSTRING}).
	 * @param property the canonical property name
	 * @return the variable name
	 */
	public static String variable(String property) {
		return property.replace(".", "_").replace("-", "").toUpperCase(Locale.ROOT);
	}

	/**
	 * The other environment variable Spring Boot binds to a property: dashes turned into
	 * underscores rather than removed ({@code cairn.security.open-writes} is also
	 * {@code CAIRN_SECURITY_OPEN_WRITES}).
	 * @param property the canonical property name
	 * @return the variable name
	 */
	public static String legacyVariable(String property) {
		return property.replace(".", "_").replace("-", "_").toUpperCase(Locale.ROOT);
	}

	/**
	 * Whether the app has a property of this name.
	 * @param property the canonical name
	 * @return true when it does
	 */
	public boolean has(String property) {
		return this.properties.containsKey(property);
	}

	/**
	 * The property an environment variable sets, if the app has one: an exact property,
	 * an entry of a map property ({@code CAIRN_STATUS_COMMANDS_DISK_COMMAND}) or an
	 * element of a list property ({@code CAIRN_CONSUL_ADDRESSES_0}).
	 * @param variable the environment variable
	 * @return the property name, or null when the variable sets nothing the app knows
	 */
	public String propertyOf(String variable) {
		String exact = this.byVariable.get(variable);
		if (exact != null) {
			return exact;
		}
		for (Map.Entry<String, String> entry : this.byVariable.entrySet()) {
			String type = this.properties.get(entry.getValue());
			if (variable.startsWith(entry.getKey() + "_") && isMapOrCollection(type)) {
				return entry.getValue();
			}
		}
		return null;
	}

	/**
	 * The variables among these that set no property of the app and are not one of the
	 * {@link #NON_PROPERTY_VARIABLES}.
	 * @param variables environment variable names
	 * @return the unknown ones, in order
	 */
	public List<String> unknown(Iterable<String> variables) {
		List<String> unknown = new ArrayList<>();
		for (String variable : variables) {
			if (!NON_PROPERTY_VARIABLES.contains(variable) && propertyOf(variable) == null) {
				unknown.add(variable);
			}
		}
		return unknown;
	}

	/**
	 * The declared type of a property.
	 * @param property the canonical name
	 * @return its Java type, or an empty string
	 */
	public String type(String property) {
		return this.properties.getOrDefault(property, "");
	}

	/**
	 * How many properties the app has.
	 * @return the count
	 */
	public int size() {
		return this.properties.size();
	}

	private static boolean isMapOrCollection(String type) {
		return type.startsWith("java.util.Map") || type.startsWith("java.util.List") || type.startsWith("java.util.Set")
				|| type.startsWith("java.util.Collection") || type.endsWith("[]");
	}

	@Override
	public String toString() {
		return this.app + " (" + this.properties.size() + " properties)";
	}

}
