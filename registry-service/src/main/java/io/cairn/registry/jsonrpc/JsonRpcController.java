package io.cairn.registry.jsonrpc;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api}: servreg's JSON-RPC endpoint, which its clients can point at
 * unchanged. The HTTP status is 200 for every JSON-RPC answer, errors included, as
 * servreg's clients expect; only a wrong HTTP method (405) and an oversized body (413)
 * change it.
 */
@RestController
@Tag(name = "JSON-RPC (servreg)", description = "servreg-compatible JSON-RPC 2.0")
class JsonRpcController {

	static final String PATH = "/api";

	private final JsonRpcDispatcher dispatcher;

	JsonRpcController(JsonRpcDispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	@RequestMapping(path = PATH, method = RequestMethod.POST, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Call ping, locate_service or get_service_specs",
			description = "A JSON-RPC 2.0 request, notification or batch. ping needs the X-Api-Token header when "
					+ "cairn.security.token is set.")
	@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = { @ExampleObject(
			name = "ping",
			value = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":[\"orders.api\",\"10.0.0.1\",9001],\"id\":1}"),
			@ExampleObject(name = "locate_service",
					value = "{\"jsonrpc\":\"2.0\",\"method\":\"locate_service\",\"params\":{\"name\":\"orders.*\"},\"id\":2}") }))
	ResponseEntity<byte[]> call(HttpServletRequest request,
			@Parameter(description = "servreg's API token header") @RequestHeader(name = "X-Api-Token",
					required = false) @Nullable String apiToken)
			throws IOException {
		if (!isJson(request.getContentType())) {
			return ok(this.dispatcher.error(JsonRpcError.invalidRequest("the Content-Type must be application/json")));
		}
		byte[] body = request.getInputStream().readAllBytes();
		return ok(this.dispatcher.dispatch(body, apiToken));
	}

	@RequestMapping(path = PATH,
			method = { RequestMethod.GET, RequestMethod.PUT, RequestMethod.DELETE, RequestMethod.PATCH })
	@Operation(summary = "Not allowed: JSON-RPC calls are POSTed")
	ResponseEntity<byte[]> notAllowed() {
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.header(HttpHeaders.ALLOW, "POST")
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.dispatcher.error(new JsonRpcError(JsonRpcError.INVALID_REQUEST,
					"Method not allowed: JSON-RPC calls are sent with POST")));
	}

	private static boolean isJson(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static ResponseEntity<byte[]> ok(byte[] body) {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

}
