package io.cairn.consul;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Consul answered with an error, or could not be reached. Subclasses tell the cases
 * apart: {@link ConsulAclException} (403), {@link ConsulConflictException} (409),
 * {@link ConsulRateLimitException} (429), {@link ConsulServerException} (5xx),
 * {@link ConsulRequestException} (other 4xx), {@link ConsulDecodeException} (an answer
 * that is not what the endpoint documents) and {@link ConsulTransportException} (no
 * answer at all).
 */
public class ConsulException extends RuntimeException {

	private static final int MAX_BODY_IN_MESSAGE = 512;

	private final int status;

	private final byte[] body;

	private final @Nullable String endpoint;

	/**
	 * Create an exception.
	 * @param message what went wrong
	 * @param status the HTTP status, 0 when there was no answer
	 * @param body the answer's body, empty when none
	 * @param endpoint the endpoint template, for example {@code GET /v1/kv/{key}}
	 * @param cause the cause, if any
	 */
	public ConsulException(String message, int status, byte[] body, @Nullable String endpoint,
			@Nullable Throwable cause) {
		super(message, cause);
		this.status = status;
		this.body = body;
		this.endpoint = endpoint;
	}

	/**
	 * The HTTP status of the answer.
	 * @return the status, 0 when there was no answer
	 */
	public int status() {
		return this.status;
	}

	/**
	 * The body of the answer as Consul sent it.
	 * @return the bytes (a copy), empty when none
	 */
	public byte[] body() {
		return this.body.clone();
	}

	/**
	 * The body as text, which is what Consul's error answers are.
	 * @return the text, empty when none
	 */
	public String bodyText() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	/**
	 * The endpoint that failed.
	 * @return the template, for example {@code PUT /v1/txn}, or {@code null}
	 */
	public @Nullable String endpoint() {
		return this.endpoint;
	}

	static String describe(@Nullable String endpoint, int status, byte[] body) {
		String text = new String(body, 0, Math.min(body.length, MAX_BODY_IN_MESSAGE), StandardCharsets.UTF_8).strip();
		return (endpoint != null ? endpoint + ": " : "") + "HTTP " + status + (text.isEmpty() ? "" : " - " + text);
	}

}
