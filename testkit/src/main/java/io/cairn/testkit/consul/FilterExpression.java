package io.cairn.testkit.consul;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small subset of Consul's filter expressions, enough for tests: {@code Sel == "v"},
 * {@code Sel != "v"}, {@code "v" in Sel}, {@code "v" not in Sel},
 * {@code Sel contains "v"}, {@code Sel is empty}, {@code Sel is not empty}, joined by
 * {@code and} / {@code or} (no parentheses; {@code and} binds tighter). Anything else is
 * rejected as Consul rejects a bad expression.
 */
final class FilterExpression {

	private static final Pattern EQUALS = Pattern.compile("^([\\w.]+)\\s*(==|!=)\\s*\"([^\"]*)\"$");

	private static final Pattern IN = Pattern.compile("^\"([^\"]*)\"\\s+(in|not in)\\s+([\\w.]+)$");

	private static final Pattern CONTAINS = Pattern.compile("^([\\w.]+)\\s+(contains|not contains)\\s+\"([^\"]*)\"$");

	private static final Pattern EMPTY = Pattern.compile("^([\\w.]+)\\s+is\\s+(empty|not empty)$");

	private final List<List<String>> disjunction = new ArrayList<>();

	/** The items the request's {@code ?filter} keeps (all without one). */
	static ArrayNode apply(ArrayNode items, ApiRequest r) {
		String expression = r.param("filter");
		if (expression == null || expression.isBlank()) {
			return items;
		}
		FilterExpression filter = new FilterExpression(expression);
		ArrayNode kept = ConsulJson.array();
		items.forEach((item) -> {
			if (filter.matches(item)) {
				kept.add(item);
			}
		});
		return kept;
	}

	/** The values of a map the request's {@code ?filter} keeps (all without one). */
	static ObjectNode applyToValues(ObjectNode map, ApiRequest r) {
		String expression = r.param("filter");
		if (expression == null || expression.isBlank()) {
			return map;
		}
		FilterExpression filter = new FilterExpression(expression);
		ObjectNode kept = ConsulJson.object();
		for (String name : map.propertyNames()) {
			if (filter.matches(map.get(name))) {
				kept.set(name, map.get(name));
			}
		}
		return kept;
	}

	FilterExpression(String expression) {
		for (String or : expression.split("\\s+or\\s+")) {
			List<String> conjunction = new ArrayList<>();
			for (String and : or.split("\\s+and\\s+")) {
				String term = and.strip();
				if (!(EQUALS.matcher(term).matches() || IN.matcher(term).matches() || CONTAINS.matcher(term).matches()
						|| EMPTY.matcher(term).matches())) {
					throw new IllegalArgumentException(
							"Failed to create boolean expression evaluator: unsupported expression: " + term);
				}
				conjunction.add(term);
			}
			this.disjunction.add(conjunction);
		}
	}

	boolean matches(JsonNode item) {
		for (List<String> conjunction : this.disjunction) {
			boolean all = true;
			for (String term : conjunction) {
				all &= term(term, item);
			}
			if (all) {
				return true;
			}
		}
		return false;
	}

	private static boolean term(String term, JsonNode item) {
		Matcher m = EQUALS.matcher(term);
		if (m.matches()) {
			JsonNode value = select(item, m.group(1));
			boolean equal = value != null && !value.isContainer() && value.asString().equals(m.group(3));
			return m.group(2).equals("==") == equal;
		}
		m = IN.matcher(term);
		if (m.matches()) {
			return m.group(2).equals("in") == contains(select(item, m.group(3)), m.group(1));
		}
		m = CONTAINS.matcher(term);
		if (m.matches()) {
			return m.group(2).equals("contains") == contains(select(item, m.group(1)), m.group(3));
		}
		m = EMPTY.matcher(term);
		m.matches();
		JsonNode value = select(item, m.group(1));
		boolean empty = value == null || value.isNull() || value.size() == 0
				|| (value.isString() && value.asString().isEmpty());
		return m.group(2).equals("empty") == empty;
	}

	private static boolean contains(@Nullable JsonNode collection, String value) {
		if (collection == null || collection.isNull()) {
			return false;
		}
		if (collection.isArray()) {
			for (int i = 0; i < collection.size(); i++) {
				if (collection.get(i).asString().equals(value)) {
					return true;
				}
			}
			return false;
		}
		if (collection.isObject()) {
			return collection.has(value);
		}
		return collection.asString().contains(value);
	}

	private static @Nullable JsonNode select(JsonNode item, String selector) {
		JsonNode node = item;
		for (String part : selector.split("\\.")) {
			if (node == null || !node.isObject()) {
				return null;
			}
			node = node.get(part);
		}
		return node;
	}

}
