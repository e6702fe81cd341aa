package io.cairn.testkit.consul;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Endpoints by method and path pattern, and the dispatch of a request to one of them.
 * <p>
 * A pattern is the path with its variable segments in braces: {@code {id}} is one segment
 * (empty when the path stops before it), {@code {key...}} ends a pattern and takes the
 * rest of the path, slashes included (a KV key). A trailing slash is ignored except by a
 * {@code {key...}} (where it is part of the key, {@code folder/}). The first pattern that
 * matches the path names the endpoint, so a more specific pattern is added before a
 * broader one; an endpoint without a handler for the request's method answers Go's 405, a
 * path no pattern matches Go's 404. {@link #ANY} stands for every method.
 */
final class RouteTable {

	static final String GET = "GET";

	static final String PUT = "PUT";

	static final String POST = "POST";

	static final String DELETE = "DELETE";

	/** The endpoint answers whatever the method (as the simulator always has). */
	static final String ANY = "ANY";

	/** What answers a request: an area's handler, given the path's variables. */
	@FunctionalInterface
	interface Handler {

		ApiResponse handle(ApiRequest r, PathVariables p) throws InterruptedException;

	}

	/** The values of a pattern's variables in the request's path. */
	static final class PathVariables {

		private final Map<String, String> values;

		private PathVariables(Map<String, String> values) {
			this.values = values;
		}

		/**
		 * The value of a variable of the pattern.
		 * @param name its name, without braces and dots
		 * @return the value, empty when the path stops before it
		 */
		String get(String name) {
			String value = this.values.get(name);
			if (value == null) {
				throw new IllegalStateException("The route's pattern has no variable {" + name + "}");
			}
			return value;
		}

	}

	/** The endpoints of each area (the path's first segment after {@code /v1/}). */
	private final Map<String, List<Endpoint>> areas = new LinkedHashMap<>();

	/**
	 * Route a method and path pattern to a handler.
	 * @param method {@link #GET}, {@link #PUT}, {@link #POST}, {@link #DELETE} or
	 * {@link #ANY}
	 * @param pattern the path, from {@code /v1/}
	 * @param handler what answers
	 */
	void add(String method, String pattern, Handler handler) {
		if (!pattern.startsWith("/v1/")) {
			throw new IllegalArgumentException("A Consul path starts with /v1/: " + pattern);
		}
		List<String> segments = List.of(pattern.substring(4).split("/"));
		List<Endpoint> endpoints = this.areas.computeIfAbsent(segments.get(0), (area) -> new ArrayList<>());
		Endpoint endpoint = endpoints.stream().filter((e) -> e.pattern.equals(pattern)).findFirst().orElse(null);
		if (endpoint == null) {
			endpoint = new Endpoint(pattern, segments);
			endpoints.add(endpoint);
		}
		if (endpoint.handlers.putIfAbsent(method, handler) != null) {
			throw new IllegalArgumentException("Routed twice: " + method + " " + pattern);
		}
	}

	/**
	 * Answer a request with its endpoint's handler.
	 * @param r the request, its path under {@code /v1/}
	 * @return the handler's answer, 404 or 405
	 * @throws InterruptedException when a blocking read is interrupted
	 */
	ApiResponse dispatch(ApiRequest r) throws InterruptedException {
		for (Endpoint endpoint : this.areas.getOrDefault(r.segment(0), List.of())) {
			Map<String, String> variables = endpoint.match(r.segments);
			if (variables != null) {
				Handler handler = endpoint.handlers.get(r.method);
				if (handler == null) {
					handler = endpoint.handlers.get(ANY);
				}
				return (handler != null) ? handler.handle(r, new PathVariables(variables)) : ApiResponse.notAllowed(r);
			}
		}
		return ApiResponse.noSuchPath();
	}

	/** One path pattern and its handlers by method. */
	private static final class Endpoint {

		final String pattern;

		final List<String> segments;

		final boolean tail;

		final Map<String, Handler> handlers = new LinkedHashMap<>();

		Endpoint(String pattern, List<String> segments) {
			this.pattern = pattern;
			this.segments = segments;
			this.tail = segments.get(segments.size() - 1).endsWith("...}");
		}

		/** The variables when the path matches, else {@code null}. */
		@Nullable Map<String, String> match(List<String> path) {
			int length = path.size();
			if (!this.tail && length > 0 && path.get(length - 1).isEmpty()) {
				length--;
			}
			if (!this.tail && length > this.segments.size()) {
				return null;
			}
			for (int i = 0; i < this.segments.size(); i++) {
				String segment = this.segments.get(i);
				if (!segment.startsWith("{") && (i >= length || !segment.equals(path.get(i)))) {
					return null;
				}
			}
			Map<String, String> variables = new HashMap<>();
			for (int i = 0; i < this.segments.size(); i++) {
				String segment = this.segments.get(i);
				if (segment.endsWith("...}")) {
					String name = segment.substring(1, segment.length() - 4);
					variables.put(name, String.join("/", path.subList(Math.min(i, length), length)));
				}
				else if (segment.startsWith("{")) {
					variables.put(segment.substring(1, segment.length() - 1), (i < length) ? path.get(i) : "");
				}
			}
			return variables;
		}

	}

}
