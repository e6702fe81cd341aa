package io.cairn.registry.jsonrpc;

/**
 * A method call that ends in a JSON-RPC error.
 */
class JsonRpcException extends RuntimeException {

	private final JsonRpcError error;

	JsonRpcException(JsonRpcError error) {
		super(error.message());
		this.error = error;
	}

	JsonRpcError error() {
		return this.error;
	}

}
