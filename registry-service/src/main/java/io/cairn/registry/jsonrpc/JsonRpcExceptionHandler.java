package io.cairn.registry.jsonrpc;

import io.cairn.support.web.PayloadTooLargeException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * An oversized body on {@code /api} is answered in JSON-RPC's own error form, with HTTP
 * 413.
 */
@RestControllerAdvice(assignableTypes = JsonRpcController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class JsonRpcExceptionHandler {

	private final JsonRpcDispatcher dispatcher;

	JsonRpcExceptionHandler(JsonRpcDispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	@ExceptionHandler(PayloadTooLargeException.class)
	ResponseEntity<byte[]> tooLarge(PayloadTooLargeException ex) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.dispatcher.error(JsonRpcError.invalidRequest(ex.getMessage())));
	}

}
