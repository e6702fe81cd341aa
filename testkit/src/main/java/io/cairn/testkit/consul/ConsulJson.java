package io.cairn.testkit.consul;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulator's JSON: one mapper, and the small helpers every area uses on Consul's
 * documents.
 */
final class ConsulJson {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private ConsulJson() {
	}

	static ObjectNode object() {
		return JSON.createObjectNode();
	}

	static ArrayNode array() {
		return JSON.createArrayNode();
	}

	/** A request body as JSON, an empty object when there is none. */
	static JsonNode body(ApiRequest r) {
		return (r.body.length > 0) ? JSON.readTree(r.body) : JSON.createObjectNode();
	}

	/** Set the Raft indexes Consul reports on every stored object. */
	static void stamp(ObjectNode node, long create, long modify) {
		node.put("CreateIndex", create);
		node.put("ModifyIndex", modify);
	}

	static boolean contains(@Nullable JsonNode array, String value) {
		if (array == null || !array.isArray()) {
			return false;
		}
		for (JsonNode item : array) {
			if (item.asString().equals(value)) {
				return true;
			}
		}
		return false;
	}

	static Map<String, ObjectNode> deepCopy(Map<String, ObjectNode> map) {
		Map<String, ObjectNode> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put(key, value.deepCopy()));
		return copy;
	}

	static Map<String, Map<String, ObjectNode>> deepCopyNested(Map<String, Map<String, ObjectNode>> map) {
		Map<String, Map<String, ObjectNode>> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put(key, deepCopy(value)));
		return copy;
	}

}
