package io.cairn.testkit.consul;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An answer to write: status, a JSON document or raw bytes, and the blocking metadata; or
 * a stream that writes its own answer (the agent's log).
 */
final class ApiResponse {

	/** An answer written as it is produced, after the state's lock is released. */
	@FunctionalInterface
	interface Stream {

		void writeTo(HttpExchange exchange) throws IOException;

	}

	final int status;

	final @Nullable JsonNode json;

	final byte @Nullable [] raw;

	final String contentType;

	@Nullable Long index;

	boolean readMeta;

	boolean opaqueIndex;

	final @Nullable Stream stream;

	final Map<String, String> headers = new LinkedHashMap<>();

	private ApiResponse(int status, @Nullable JsonNode json, byte @Nullable [] raw, String contentType,
			@Nullable Stream stream) {
		this.status = status;
		this.json = json;
		this.raw = raw;
		this.contentType = contentType;
		this.stream = stream;
	}

	static ApiResponse json(JsonNode json) {
		return new ApiResponse(200, json, null, "application/json", null);
	}

	static ApiResponse json(int status, JsonNode json) {
		return new ApiResponse(status, json, null, "application/json", null);
	}

	static ApiResponse read(JsonNode json, long index) {
		ApiResponse response = json(json);
		response.index = index;
		response.readMeta = true;
		return response;
	}

	static ApiResponse raw(int status, byte[] body, String contentType) {
		return new ApiResponse(status, null, body, contentType, null);
	}

	static ApiResponse text(int status, String text) {
		return raw(status, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
	}

	static ApiResponse stream(Stream stream) {
		return new ApiResponse(200, null, null, "text/plain; charset=utf-8", stream);
	}

	static ApiResponse ok() {
		return raw(200, new byte[0], "application/json");
	}

	/** A 400 with Consul's message. */
	static ApiResponse bad(String message) {
		return text(400, message);
	}

	/**
	 * The 400 Consul answers to a body field that Go's {@code time.ParseDuration}
	 * refuses.
	 */
	static ApiResponse badDuration(String text) {
		return bad("Request decode failed: time: invalid duration \"" + text + "\"");
	}

	/** {@code true} or {@code false}, as Consul's writes answer. */
	static ApiResponse bool(boolean value) {
		return json(ConsulJson.JSON.getNodeFactory().booleanNode(value));
	}

	/** Go's 404 for a path no handler serves. */
	static ApiResponse noSuchPath() {
		return text(404, "404 page not found");
	}

	static ApiResponse notAllowed(ApiRequest r) {
		return text(405, "method " + r.method + " not allowed");
	}

	ApiResponse header(String name, String value) {
		this.headers.put(name, value);
		return this;
	}

	ApiResponse withIndex(long index) {
		this.index = index;
		this.readMeta = true;
		return this;
	}

}
