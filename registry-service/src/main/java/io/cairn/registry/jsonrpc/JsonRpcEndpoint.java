package io.cairn.registry.jsonrpc;

import java.io.IOException;
import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import io.cairn.registry.security.RegistryWriteExemption;
import io.cairn.registry.security.WriteAccess;
import io.cairn.support.web.CairnHttpProperties;
import io.cairn.support.web.PayloadTooLargeException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.HttpRequestHandler;

/**
 * {@code POST /api}: servreg's JSON-RPC endpoint, which its clients can point at
 * unchanged. The HTTP status is 200 for every JSON-RPC answer, errors included, as
 * servreg's clients expect; only a wrong HTTP method (405) and an oversized body (413)
 * change it.
 * <p>
 * Heartbeats dominate the registry's load and all arrive here, so this is a plain
 * {@link HttpRequestHandler} mapped by URL, not an annotated controller: the JSON-RPC
 * envelope already carries everything that annotation-driven argument resolution, content
 * negotiation and return-value handling would otherwise do, and skipping them (and the
 * generic HTTP observation, see {@link JsonRpcConfiguration}) halves the CPU a heartbeat
 * costs. Its latency is recorded in {@code cairn.registry.rpc.requests}.
 */
public class JsonRpcEndpoint implements HttpRequestHandler {

	/** The path servreg's clients call. */
	public static final String PATH = RegistryWriteExemption.JSON_RPC_PATH;

	/** servreg's token header. */
	static final String API_TOKEN_HEADER = "X-Api-Token";

	private final JsonRpcDispatcher dispatcher;

	private final WriteAccess access;

	private final long maxRequestSize;

	private final Timer requests;

	JsonRpcEndpoint(JsonRpcDispatcher dispatcher, WriteAccess access, CairnHttpProperties http, MeterRegistry meters) {
		this.dispatcher = dispatcher;
		this.access = access;
		this.maxRequestSize = http.maxRequestSize().toBytes();
		this.requests = Timer.builder("cairn.registry.rpc.requests")
			.description("JSON-RPC requests on /api, from reading the body to writing the answer")
			.register(meters);
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
		long start = System.nanoTime();
		try {
			handle(request, response);
		}
		finally {
			this.requests.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
		}
	}

	private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"POST".equals(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, "POST");
			write(response, HttpStatus.METHOD_NOT_ALLOWED,
					this.dispatcher.error(new JsonRpcError(JsonRpcError.INVALID_REQUEST,
							"Method not allowed: JSON-RPC calls are sent with POST")));
			return;
		}
		if (request.getContentLengthLong() > this.maxRequestSize) {
			tooLarge(response, new PayloadTooLargeException(this.maxRequestSize));
			return;
		}
		if (!isJson(request.getContentType())) {
			write(response, HttpStatus.OK,
					this.dispatcher.error(JsonRpcError.invalidRequest("the Content-Type must be application/json")));
			return;
		}
		byte[] body;
		try {
			body = request.getInputStream().readAllBytes();
		}
		catch (PayloadTooLargeException ex) {
			tooLarge(response, ex);
			return;
		}
		write(response, HttpStatus.OK,
				this.dispatcher.dispatch(body, () -> this.access.grant(request, request.getHeader(API_TOKEN_HEADER))));
	}

	private void tooLarge(HttpServletResponse response, PayloadTooLargeException ex) throws IOException {
		write(response, HttpStatus.CONTENT_TOO_LARGE,
				this.dispatcher.error(JsonRpcError.invalidRequest(String.valueOf(ex.getMessage()))));
	}

	/**
	 * {@code application/json}, with or without parameters such as {@code charset=utf-8}.
	 */
	static boolean isJson(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.trim().toLowerCase(Locale.ROOT);
		if (!type.startsWith("application/json")) {
			return false;
		}
		String rest = type.substring("application/json".length()).trim();
		return rest.isEmpty() || rest.startsWith(";");
	}

	private static void write(HttpServletResponse response, HttpStatus status, byte[] body) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
