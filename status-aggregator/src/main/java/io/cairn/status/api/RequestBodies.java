package io.cairn.status.api;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.service.InvalidCheckException;
import io.cairn.support.web.JsonProblemMessages;
import io.cairn.support.web.PayloadTooLargeException;

/**
 * Reads a JSON object from a raw request body whatever its content type: Megaphone's
 * clients post JSON as {@code curl -d} does, with a form content type, and Megaphone
 * parsed only the first line of the body (pretty-printed JSON failed with a 500). Here
 * any valid JSON object is accepted and anything else is a 400 saying why.
 */
final class RequestBodies {

	private RequestBodies() {
	}

	static JsonNode object(HttpServletRequest request, JsonMapper mapper) throws PayloadTooLargeException {
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readAllBytes();
		}
		catch (PayloadTooLargeException ex) {
			throw ex;
		}
		catch (IOException ex) {
			throw new InvalidCheckException("body", "The request body could not be read.");
		}
		if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
			throw new InvalidCheckException("body", "The body is empty; send a JSON object.");
		}
		JsonNode node;
		try {
			node = mapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidCheckException("body", "The body is not valid JSON: " + JsonProblemMessages.describe(ex));
		}
		if (node == null || !node.isObject()) {
			throw new InvalidCheckException("body", "The body must be a JSON object.");
		}
		return node;
	}

	static @org.jspecify.annotations.Nullable String text(JsonNode body, String field) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new InvalidCheckException(field, "'" + field + "' must be a string.");
		}
		return value.stringValue();
	}

}
