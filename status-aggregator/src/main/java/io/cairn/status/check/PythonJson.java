package io.cairn.status.check;

import java.util.Iterator;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * JSON written the way Megaphone's Python {@code json.dumps} wrote it: {@code ", "} and
 * {@code ": "} separators, keys in document order, non-ASCII escaped as {@code \u00e9}.
 * Megaphone's clients read these answers, some with hand-written parsers, so the
 * compatible routes keep the bytes as well as the meaning.
 */
public final class PythonJson {

	private PythonJson() {
	}

	/**
	 * Write a JSON tree.
	 * @param node the tree
	 * @return its Python-style text
	 */
	public static String write(JsonNode node) {
		StringBuilder out = new StringBuilder();
		write(node, out);
		return out.toString();
	}

	/**
	 * Write an object of string values in the given order.
	 * @param entries the keys and values
	 * @return its Python-style text
	 */
	public static String writeStrings(Map<String, String> entries) {
		StringBuilder out = new StringBuilder("{");
		Iterator<Map.Entry<String, String>> iterator = entries.entrySet().iterator();
		while (iterator.hasNext()) {
			Map.Entry<String, String> entry = iterator.next();
			string(entry.getKey(), out);
			out.append(": ");
			string(entry.getValue(), out);
			if (iterator.hasNext()) {
				out.append(", ");
			}
		}
		return out.append('}').toString();
	}

	private static void write(JsonNode node, StringBuilder out) {
		if (node.isObject()) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				if (!first) {
					out.append(", ");
				}
				first = false;
				string(entry.getKey(), out);
				out.append(": ");
				write(entry.getValue(), out);
			}
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			for (int i = 0; i < node.size(); i++) {
				if (i > 0) {
					out.append(", ");
				}
				write(node.get(i), out);
			}
			out.append(']');
		}
		else if (node.isString()) {
			string(node.stringValue(), out);
		}
		else if (node.isNull() || node.isMissingNode()) {
			out.append("null");
		}
		else {
			// numbers and booleans
			out.append(node.asString());
		}
	}

	/**
	 * Append a string literal with Python's {@code ensure_ascii} escaping.
	 * @param value the string
	 * @param out where to write
	 */
	public static void string(String value, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20 || c > 0x7e) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
