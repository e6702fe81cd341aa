package io.cairn.registry.jsonrpc;

/**
 * A JSON-RPC error: the codes servreg's clients know, and a message that says what to
 * fix.
 *
 * @param code the JSON-RPC error code
 * @param message the message
 */
record JsonRpcError(int code, String message) {

	/** The body is not JSON. */
	static final int PARSE_ERROR = -32700;

	/** The body is JSON but not a JSON-RPC request. */
	static final int INVALID_REQUEST = -32600;

	/** No such method. */
	static final int METHOD_NOT_FOUND = -32601;

	/** Missing, unknown or ill-typed parameters, or values that break a registry rule. */
	static final int INVALID_PARAMS = -32602;

	/** The registry could not do it (its database is down, for example). */
	static final int INTERNAL_ERROR = -32603;

	/**
	 * A write without the right {@code X-Api-Token}, of a service outside the token's
	 * scope, or from another host when no token is set (servreg's private-method code).
	 */
	static final int ACCESS_DENIED = -32001;

	/** A new endpoint while the registry holds {@code cairn.registry.max-instances}. */
	static final int REGISTRY_FULL = -32002;

	/**
	 * A durable heartbeat while {@code cairn.registry.registrations.max-queued} are
	 * waiting for their write: retry shortly.
	 */
	static final int REGISTRY_BUSY = -32003;

	static JsonRpcError parseError(String detail) {
		return new JsonRpcError(PARSE_ERROR, "Parse error: " + detail);
	}

	static JsonRpcError invalidRequest(String detail) {
		return new JsonRpcError(INVALID_REQUEST, "Invalid Request: " + detail);
	}

	static JsonRpcError invalidParams(String detail) {
		return new JsonRpcError(INVALID_PARAMS, "Invalid params: " + detail);
	}

}
