package io.cairn.consul;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * An answer on a socket connection, and its own body stream; the subclasses read the body
 * as it is framed ({@link FixedLengthAnswer}, {@link ChunkedAnswer},
 * {@link ReadToCloseAnswer}, {@link BodilessAnswer}). Every read is bounded by the
 * exchange's deadline; a failed read (a truncated body, broken framing) closes the
 * connection.
 * <p>
 * A connection goes back to the pool only once its answer was read to the end. An answer
 * closed unread is skipped when the rest is already buffered (skipping never blocks),
 * otherwise its connection is closed.
 */
abstract class SocketAnswer extends ConsulHttpRequestFactory.AnswerBody
		implements ClientHttpResponse, ConsulHttpRequestFactory.Answer {

	final SocketConnection connection;

	final Duration timeout;

	final long deadline;

	private final AnswerHead head;

	private final boolean reusable;

	private boolean done;

	private @Nullable HttpHeaders headers;

	private byte @Nullable [] one;

	SocketAnswer(SocketConnection connection, AnswerHead head, boolean reusable, Duration timeout, long deadline) {
		this.connection = connection;
		this.head = head;
		this.reusable = reusable;
		this.timeout = timeout;
		this.deadline = deadline;
	}

	/**
	 * Called once the head was read: a body known to be empty completes at once, which
	 * frees the connection.
	 */
	void start() throws IOException {
	}

	/**
	 * Read body bytes as the answer frames them.
	 * @param mayBlock {@code false} to throw {@link NotBufferedException} instead of
	 * reading from the socket (skipping an unread body)
	 * @return the count read, -1 at the end of the body (after {@link #complete()})
	 */
	abstract int readBody(byte[] b, int off, int len, boolean mayBlock) throws IOException;

	@Override
	public HttpStatusCode getStatusCode() {
		return HttpStatusCode.valueOf(this.head.status);
	}

	@Override
	public String getStatusText() {
		return this.head.statusText();
	}

	@Override
	public @Nullable String get(String name) {
		return this.head.get(name);
	}

	@Override
	public HttpHeaders getHeaders() {
		HttpHeaders all = this.headers;
		if (all == null) {
			all = this.head.toHttpHeaders();
			this.headers = all;
		}
		return all;
	}

	@Override
	public SocketAnswer getBody() {
		return this;
	}

	@Override
	SocketAnswer answer() {
		return this;
	}

	/**
	 * Read up to {@code len} body bytes from the connection.
	 * @param mayBlock {@code false} to throw {@link NotBufferedException} when the
	 * connection's buffer is empty
	 */
	final int readConnection(byte[] b, int off, int len, boolean mayBlock) throws IOException {
		if (!mayBlock && this.connection.bufferEmpty()) {
			throw NotBufferedException.INSTANCE;
		}
		return this.connection.read(b, off, len, this.timeout, this.deadline);
	}

	final boolean done() {
		return this.done;
	}

	@Override
	public byte[] bytes() throws IOException {
		if (this.done) {
			return ConsulHttpRequestFactory.EMPTY;
		}
		byte[] buffer = new byte[Math.max(1024, this.connection.lim - this.connection.pos)];
		int read = 0;
		while (true) {
			if (read == buffer.length) {
				buffer = Arrays.copyOf(buffer, buffer.length * 2);
			}
			int n = read(buffer, read, buffer.length - read);
			if (n < 0) {
				return (read == buffer.length) ? buffer : Arrays.copyOf(buffer, read);
			}
			read += n;
		}
	}

	@Override
	public int read() throws IOException {
		byte[] one = this.one;
		if (one == null) {
			one = new byte[1];
			this.one = one;
		}
		int n = read(one, 0, 1);
		return (n < 0) ? -1 : (one[0] & 0xFF);
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		if (len == 0) {
			return 0;
		}
		if (this.done) {
			return -1;
		}
		try {
			return readBody(b, off, len, true);
		}
		catch (IOException | RuntimeException ex) {
			this.done = true;
			IOException failure = this.connection.failed(ex, this.timeout);
			this.connection.discard();
			throw failure;
		}
	}

	/** The body was read to its end: the connection goes back to the pool. */
	final void complete() throws IOException {
		this.done = true;
		IOException watchdog = this.connection.finishFailed(this.timeout, null);
		if (watchdog != null) {
			this.connection.discard();
			throw watchdog;
		}
		if (this.reusable) {
			this.connection.release();
		}
		else {
			this.connection.discard();
		}
	}

	/**
	 * Close the answer, read or not: an unread rest that is already buffered is skipped
	 * and the connection reused, otherwise the connection is closed.
	 */
	@Override
	public void close() {
		if (this.done) {
			return;
		}
		if (this.reusable) {
			try {
				byte[] skip = new byte[512];
				while (!this.done) {
					readBody(skip, 0, skip.length, false);
				}
				return;
			}
			catch (IOException | RuntimeException ex) {
				// not all buffered, or broken: the connection goes
			}
		}
		this.done = true;
		this.connection.finish();
		this.connection.discard();
	}

}
