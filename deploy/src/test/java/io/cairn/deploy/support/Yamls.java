package io.cairn.deploy.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Small helpers over SnakeYAML's maps and lists.
 */
public final class Yamls {

	private Yamls() {
	}

	/**
	 * Load a one-document YAML file.
	 * @param file the file
	 * @return its root mapping
	 */
	public static Map<String, Object> load(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			Map<String, Object> loaded = new Yaml(new LoaderOptions()).load(in);
			if (loaded == null) {
				throw new IllegalStateException(file + " is empty");
			}
			return loaded;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

	/**
	 * Load every document of a multi-document YAML text, skipping empty ones.
	 * @param text the text
	 * @return the documents
	 */
	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> loadAll(String text) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(text)) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return documents;
	}

	/**
	 * The value at a dotted path, where each segment is a key of a nested mapping (keys
	 * that contain dots themselves are tried whole too).
	 * @param root the mapping
	 * @param path for example {@code server.port}
	 * @return the value, or null when absent
	 */
	@SuppressWarnings("unchecked")
	public static @Nullable Object at(Map<String, Object> root, String path) {
		if (root.containsKey(path)) {
			return root.get(path);
		}
		int dot = path.indexOf('.');
		while (dot > 0) {
			Object child = root.get(path.substring(0, dot));
			if (child instanceof Map<?, ?> map) {
				Object found = at((Map<String, Object>) map, path.substring(dot + 1));
				if (found != null) {
					return found;
				}
			}
			dot = path.indexOf('.', dot + 1);
		}
		return null;
	}

	/**
	 * The mapping at a path, failing clearly when it is not one.
	 * @param root the mapping
	 * @param path the dotted path
	 * @return the mapping
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> map(Map<String, Object> root, String path) {
		Object value = at(root, path);
		if (!(value instanceof Map<?, ?>)) {
			throw new AssertionError("Expected a mapping at " + path + " but found " + value);
		}
		return (Map<String, Object>) value;
	}

	/**
	 * The list at a path, failing clearly when it is not one.
	 * @param root the mapping
	 * @param path the dotted path
	 * @return the list
	 */
	@SuppressWarnings("unchecked")
	public static List<Object> list(Map<String, Object> root, String path) {
		Object value = at(root, path);
		if (!(value instanceof List<?>)) {
			throw new AssertionError("Expected a list at " + path + " but found " + value);
		}
		return (List<Object>) value;
	}

}
