package io.cairn.registry.jsonrpc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.cairn.registry.config.RegistryProperties;
import io.cairn.registry.domain.InvalidInputException;
import io.cairn.registry.security.WriteGrant;
import io.cairn.support.web.DatabaseFailures;
import io.cairn.support.web.JsonProblemMessages;

import org.springframework.stereotype.Component;

/**
 * The JSON-RPC 2.0 envelope as servreg's clients (pymicroservice, gemstone) speak it.
 * <p>
 * Kept from servreg: every response carries both {@code result} and {@code error}; a
 * notification (a call without {@code id}) is answered
 * {@code {"jsonrpc":"2.0","result":"received","error":null}}; batches are arrays. Fixed:
 * {@code "id": 0} is echoed, duplicate ids in a batch each get their answer, and every
 * failure has a code and a message.
 */
@Component
class JsonRpcDispatcher {

	private static final Log logger = LogFactory.getLog(JsonRpcDispatcher.class);

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final RegistryRpcMethods methods;

	private final int maxBatchLength;

	private final int maxBatchPatterns;

	JsonRpcDispatcher(RegistryRpcMethods methods, RegistryProperties properties) {
		this.methods = methods;
		this.maxBatchLength = properties.maxBatchLength();
		this.maxBatchPatterns = properties.maxBatchPatterns();
	}

	/**
	 * Answer a request body.
	 * @param body the raw body
	 * @param grant decides, when a call first asks, what the request may write
	 * @return the response body
	 */
	byte[] dispatch(byte[] body, Supplier<WriteGrant> grant) {
		CallContext context = new CallContext(grant, this.maxBatchPatterns);
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			return write(errorResponse(JsonRpcError.parseError(JsonProblemMessages.describe(ex)), null));
		}
		if (root == null || root.isMissingNode()) {
			return write(errorResponse(JsonRpcError.parseError("the body is empty"), null));
		}
		if (root.isArray()) {
			if (root.isEmpty()) {
				return write(errorResponse(JsonRpcError.invalidRequest("the batch is empty"), null));
			}
			if (root.size() > this.maxBatchLength) {
				return write(errorResponse(JsonRpcError.invalidRequest(
						"a batch may hold at most " + this.maxBatchLength + " calls; this one holds " + root.size()),
						null));
			}
			// Every call is started (and its pings gathered) before any answer is
			// awaited,
			// so that the batch's pings share one transaction.
			PingBatch pings = this.methods.newPingBatch();
			List<Supplier<ObjectNode>> started = new ArrayList<>(root.size());
			for (JsonNode call : root) {
				started.add(start(call, context, pings));
			}
			ArrayNode responses = nodes.arrayNode(root.size());
			started.forEach((answer) -> responses.add(answer.get()));
			return write(responses);
		}
		return write(start(root, context, this.methods.newPingBatch()).get());
	}

	/**
	 * A body for a failure that happens before the body is read (it is too large).
	 */
	byte[] error(JsonRpcError error) {
		return write(errorResponse(error, null));
	}

	/**
	 * Check a call's envelope and start it.
	 * @return its answer, which waits for the call's write when first asked for
	 */
	private Supplier<ObjectNode> start(JsonNode call, CallContext context, PingBatch pings) {
		if (!call.isObject()) {
			return answered(errorResponse(JsonRpcError.invalidRequest("each call must be a JSON object"), null));
		}
		JsonNode id = call.get("id");
		if (id != null && !(id.isString() || id.isNumber() || id.isNull())) {
			return answered(
					errorResponse(JsonRpcError.invalidRequest("'id' must be a string, a number or null"), null));
		}
		JsonNode version = call.get("jsonrpc");
		if (version == null || !version.isString() || !"2.0".equals(version.asString())) {
			return answered(errorResponse(JsonRpcError.invalidRequest("'jsonrpc' must be \"2.0\""), id));
		}
		JsonNode method = call.get("method");
		if (method == null || !method.isString()) {
			return answered(errorResponse(JsonRpcError.invalidRequest("'method' must be a string"), id));
		}
		JsonNode params = call.get("params");
		if (params != null && !(params.isArray() || params.isObject() || params.isNull())) {
			return answered(errorResponse(JsonRpcError.invalidRequest("'params' must be an array or an object"), id));
		}
		boolean notification = !call.has("id");
		Supplier<JsonNode> result;
		try {
			if (!this.methods.exists(method.asString())) {
				throw new JsonRpcException(new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND,
						"Method not found: '" + method.asString() + "'"));
			}
			result = this.methods.start(method.asString(), params, context, pings);
		}
		catch (RuntimeException ex) {
			// Answered with the others, in the same form as a failure of the call itself.
			result = () -> {
				throw ex;
			};
		}
		Supplier<JsonNode> outcome = result;
		return () -> answer(method.asString(), id, notification, outcome);
	}

	private static Supplier<ObjectNode> answered(ObjectNode response) {
		return () -> response;
	}

	private ObjectNode answer(String method, @Nullable JsonNode id, boolean notification, Supplier<JsonNode> call) {
		JsonNode result;
		try {
			result = call.get();
		}
		catch (JsonRpcException ex) {
			return notification ? acknowledgement() : errorResponse(ex.error(), id);
		}
		catch (InvalidInputException ex) {
			return notification ? acknowledgement()
					: errorResponse(JsonRpcError.invalidParams(String.valueOf(ex.getMessage())), id);
		}
		catch (RuntimeException ex) {
			if (DatabaseFailures.isUnavailable(ex)) {
				logger.warn("JSON-RPC " + method + " failed: database unavailable: " + ex.getMessage());
				return notification ? acknowledgement()
						: errorResponse(
								new JsonRpcError(JsonRpcError.INTERNAL_ERROR,
										"Internal error: the registry's database is unavailable; nothing was changed"),
								id);
			}
			logger.error("JSON-RPC " + method + " failed", ex);
			return notification ? acknowledgement()
					: errorResponse(new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "Internal error"), id);
		}
		if (notification) {
			return acknowledgement();
		}
		ObjectNode response = envelope();
		response.set("result", result);
		response.putNull("error");
		response.set("id", id);
		return response;
	}

	private static ObjectNode errorResponse(JsonRpcError error, @Nullable JsonNode id) {
		ObjectNode response = envelope();
		response.putNull("result");
		response.putObject("error").put("code", error.code()).put("message", error.message());
		response.set("id", (id != null) ? id : nodes.nullNode());
		return response;
	}

	/**
	 * What servreg's library answered to a notification (it wrote this before running the
	 * call; here the call has run, but errors of notifications are still not reported, as
	 * JSON-RPC requires).
	 */
	private static ObjectNode acknowledgement() {
		ObjectNode response = envelope();
		response.put("result", "received");
		response.putNull("error");
		return response;
	}

	private static ObjectNode envelope() {
		return nodes.objectNode().put("jsonrpc", "2.0");
	}

	private byte[] write(JsonNode response) {
		return this.mapper.writeValueAsBytes(response);
	}

}
