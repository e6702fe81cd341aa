package io.cairn.registry.jsonrpc;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A call's parameters, given by position or by name, bound to a method's parameter names.
 * servreg let a missing argument through as a silent null; here every missing, unknown or
 * ill-typed parameter is a -32602 error that names it.
 */
final class RpcParams {

	private final String method;

	private final Map<String, JsonNode> values;

	private RpcParams(String method, Map<String, JsonNode> values) {
		this.method = method;
		this.values = values;
	}

	/**
	 * Bind parameters to names.
	 * @param method the method, for messages
	 * @param params the {@code params} member (absent, an array or an object)
	 * @param names the method's parameter names, in positional order
	 * @return the bound parameters
	 */
	static RpcParams bind(String method, @Nullable JsonNode params, List<String> names) {
		Map<String, JsonNode> values = new LinkedHashMap<>();
		if (params == null || params.isNull()) {
			return new RpcParams(method, values);
		}
		if (params.isArray()) {
			if (params.size() > names.size()) {
				throw invalid(method + " takes at most " + names.size() + " parameters " + signature(names) + ", got "
						+ params.size());
			}
			for (int i = 0; i < params.size(); i++) {
				values.put(names.get(i), params.get(i));
			}
		}
		else {
			Iterator<Map.Entry<String, JsonNode>> fields = params.properties().iterator();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				if (!names.contains(field.getKey())) {
					throw invalid(method + " has no parameter '" + field.getKey() + "'; its parameters are "
							+ signature(names));
				}
				values.put(field.getKey(), field.getValue());
			}
		}
		return new RpcParams(method, values);
	}

	boolean has(String name) {
		JsonNode value = this.values.get(name);
		return value != null && !value.isNull();
	}

	@Nullable JsonNode raw(String name) {
		return this.values.get(name);
	}

	int size() {
		return this.values.size();
	}

	String requiredString(String name) {
		JsonNode value = this.values.get(name);
		if (value == null || value.isNull()) {
			throw invalid("missing required parameter '" + name + "' of " + this.method);
		}
		if (!value.isString()) {
			throw invalid("parameter '" + name + "' of " + this.method + " must be a string, not " + describe(value));
		}
		return value.asString();
	}

	long requiredInteger(String name) {
		JsonNode value = this.values.get(name);
		if (value == null || value.isNull()) {
			throw invalid("missing required parameter '" + name + "' of " + this.method);
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong()) {
			throw invalid("parameter '" + name + "' of " + this.method + " must be an integer, not " + describe(value));
		}
		return value.asLong();
	}

	static @Nullable String optionalString(String field, @Nullable JsonNode value) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw invalid("'" + field + "' must be a string, not " + describe(value));
		}
		return value.asString();
	}

	static List<String> stringList(String field, @Nullable JsonNode value) {
		List<String> list = new ArrayList<>();
		if (value == null || value.isNull()) {
			return list;
		}
		if (!value.isArray()) {
			throw invalid("'" + field + "' must be an array of strings, not " + describe(value));
		}
		for (JsonNode element : value) {
			if (!element.isString()) {
				throw invalid("'" + field + "' must be an array of strings; it holds " + describe(element));
			}
			list.add(element.asString());
		}
		return list;
	}

	static Map<String, String> stringMap(String field, @Nullable JsonNode value) {
		Map<String, String> map = new LinkedHashMap<>();
		if (value == null || value.isNull()) {
			return map;
		}
		if (!value.isObject()) {
			throw invalid("'" + field + "' must be an object of strings, not " + describe(value));
		}
		for (Map.Entry<String, JsonNode> entry : value.properties()) {
			if (!entry.getValue().isString()) {
				throw invalid(
						"'" + field + "." + entry.getKey() + "' must be a string, not " + describe(entry.getValue()));
			}
			map.put(entry.getKey(), entry.getValue().asString());
		}
		return map;
	}

	static String describe(JsonNode value) {
		if (value.isString()) {
			return "a string";
		}
		if (value.isNumber()) {
			return value.isIntegralNumber() ? "an integer out of range" : "a decimal number";
		}
		if (value.isBoolean()) {
			return "a boolean";
		}
		if (value.isArray()) {
			return "an array";
		}
		if (value.isObject()) {
			return "an object";
		}
		return "null";
	}

	static JsonRpcException invalid(String detail) {
		return new JsonRpcException(JsonRpcError.invalidParams(detail));
	}

	private static String signature(List<String> names) {
		return "(" + String.join(", ", names) + ")";
	}

}
