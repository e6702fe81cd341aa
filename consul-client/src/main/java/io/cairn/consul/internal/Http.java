package io.cairn.consul.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The HTTP client under {@link Transport}: one exchange with one agent address, done by a
 * standard client. Everything Consul-specific (which address, which timeout, what may be
 * sent again, what a status means) is the transport's.
 */
interface Http extends AutoCloseable {

	/**
	 * Send a request and read its whole answer.
	 * @param call the request
	 * @return the answer, its body read within the call's timeout
	 * @throws AnswerTooLargeException when the body is longer than the call allows
	 * @throws IOException when no complete answer arrived (timeouts included)
	 */
	Answer exchange(Call call) throws IOException;

	/**
	 * Send a request and return once the answer's head is in; the caller reads the body
	 * for as long as it likes and may close it from another thread.
	 * @param call the request; its timeout bounds the wait for the head
	 * @return the answer with its body unread
	 * @throws IOException when no answer head arrived
	 */
	Streamed stream(Call call) throws IOException;

	/** Release idle connections where the client allows it. */
	@Override
	void close();

	/**
	 * One request.
	 *
	 * @param uri the absolute URI
	 * @param method the method
	 * @param headers header names and values, alternating
	 * @param body the body, or {@code null}
	 * @param contentType the body's type, or {@code null}
	 * @param timeout how long the whole exchange may take
	 * @param maxAnswerSize the longest body read into memory
	 */
	record Call(URI uri, String method, List<String> headers, byte @Nullable [] body, @Nullable String contentType,
			Duration timeout, long maxAnswerSize) {
	}

	/** Reads the few headers Consul answers with, by name. */
	@FunctionalInterface
	interface Headers {

		@Nullable String get(String name);

	}

	/**
	 * A whole answer.
	 *
	 * @param status the status code
	 * @param headers its headers
	 * @param body its body
	 */
	record Answer(int status, Headers headers, byte[] body) {
	}

	/**
	 * An answer whose body is read by the caller.
	 *
	 * @param status the status code
	 * @param headers its headers
	 * @param body its body; closing it ends the exchange
	 */
	record Streamed(int status, Headers headers, InputStream body) {
	}

}
