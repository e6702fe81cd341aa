package io.cairn.consul;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * One connection of the socket transport: its socket, one buffer for writing request
 * heads and reading answers, the read position in it, and the {@link Watchdog}
 * registration of the exchange on it.
 * <p>
 * Every read is bounded by the exchange's deadline. When less than
 * {@value #TIMED_READS_BELOW_MILLIS} ms remain, the socket timeout is set to the
 * remaining time before each read, so a stalled or trickling answer ends at the deadline
 * itself. With more time left the read blocks without a socket timeout and the watchdog
 * alone ends it, {@value #GRACE_MILLIS} ms (and up to one scan) after the deadline: on
 * JDK 17 a timed read puts the socket in non-blocking mode for good, so every read that
 * has to wait becomes a failed read, a {@code poll} and another read, about 2 us of CPU
 * per call (a fifth of this client's share of a KV read) for a precision that a 30 s
 * timeout or a blocking query's minutes do not need. The watchdog also closes the socket
 * when the caller is interrupted (a blocked socket read ignores interrupts), and is the
 * backstop for connects and writes.
 */
final class SocketConnection extends Watchdog {

	private static final int BUFFER = 8192;

	/** Longest chunk-size or trailer line (less than the buffer: see readLine). */
	private static final int MAX_LINE = 4096;

	private static final int GRACE_MILLIS = 250;

	/**
	 * Reads with less time left than this are timed by the socket; longer ones by the
	 * watchdog, late by at most {@value #GRACE_MILLIS} ms and a scan: 3 % at most.
	 */
	private static final long TIMED_READS_BELOW_MILLIS = 10_000;

	/**
	 * How long after its deadline the watchdog closes a connection; the socket timeout
	 * ends a silent read at the deadline itself.
	 */
	private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);

	final SocketRoute route;

	private final Socket raw;

	private @Nullable Socket socket;

	private @Nullable InputStream in;

	private @Nullable RequestHeadWriter writer;

	byte[] buffer = new byte[BUFFER];

	/** Read position and limit of the answer bytes in the buffer. */
	int pos;

	int lim;

	/** Bytes of the current answer read from the socket so far. */
	long received;

	long idleSince;

	private int soTimeout = -1;

	SocketConnection(SocketRoute route, Socket raw) {
		this.route = route;
		this.raw = raw;
	}

	void connected(Socket socket) throws IOException {
		this.socket = socket;
		this.in = socket.getInputStream();
		this.writer = new RequestHeadWriter(this, socket.getOutputStream());
	}

	/** Watch the exchange about to run on this connection. */
	void watchExchange(long deadline) {
		watch(deadline + GRACE_NANOS);
	}

	/** Closing the plain socket ends a blocked read or write, TLS ones included. */
	@Override
	protected void abort() {
		try {
			this.raw.close();
		}
		catch (IOException ex) {
			// closed is closed
		}
	}

	/** Close the connection without a TLS close_notify (which could block). */
	void discard() {
		abort();
	}

	/** The answer was read to its end: back to the pool, unless bytes follow it. */
	void release() {
		if (this.pos != this.lim) {
			// bytes after the answer: the connection is out of step
			discard();
			return;
		}
		this.pos = 0;
		this.lim = 0;
		this.route.pool.release(this);
	}

	/** Send a request: the head and a small body in one write. */
	void send(URI uri, HttpMethod method, HttpHeaders headers, byte[] content) throws IOException {
		this.pos = 0;
		this.lim = 0;
		this.received = 0;
		this.writer.write(uri, method, headers, content);
	}

	/**
	 * Read the head of the final answer (1xx answers skipped); its body is read through
	 * the answer.
	 */
	SocketAnswer receive(HttpMethod method, Duration timeout, long deadline) throws IOException {
		return AnswerHeadParser.receive(this, method, timeout, deadline);
	}

	/**
	 * Read more answer bytes into the buffer, within the deadline.
	 * @return the count read, -1 at the end of the stream
	 */
	int fill(Duration timeout, long deadline) throws IOException {
		if (this.lim == this.buffer.length) {
			if (this.pos == this.lim) {
				this.pos = 0;
				this.lim = 0;
			}
			else if (this.pos > 0) {
				System.arraycopy(this.buffer, this.pos, this.buffer, 0, this.lim - this.pos);
				this.lim -= this.pos;
				this.pos = 0;
			}
		}
		int n = readSocket(this.buffer, this.lim, this.buffer.length - this.lim, timeout, deadline);
		if (n > 0) {
			this.lim += n;
		}
		return n;
	}

	private int readSocket(byte[] target, int offset, int length, Duration timeout, long deadline) throws IOException {
		long remaining = deadline - System.nanoTime();
		if (remaining <= 0) {
			throw ConsulHttpRequestFactory.timedOut(timeout, null);
		}
		long millis = (remaining + 999_999) / 1_000_000;
		int soTimeout = (millis >= TIMED_READS_BELOW_MILLIS && this.soTimeout <= 0) ? 0
				: (int) Math.min(millis, Integer.MAX_VALUE);
		if (soTimeout != this.soTimeout) {
			this.socket.setSoTimeout(soTimeout);
			this.soTimeout = soTimeout;
		}
		int n = this.in.read(target, offset, length);
		if (n > 0) {
			this.received += n;
		}
		return n;
	}

	/**
	 * Read up to {@code length} answer bytes: from the buffer when it holds some, else
	 * straight from the socket for large reads.
	 * @return the count read, -1 at the end of the stream
	 */
	int read(byte[] target, int offset, int length, Duration timeout, long deadline) throws IOException {
		int buffered = this.lim - this.pos;
		if (buffered == 0) {
			if (length >= this.buffer.length / 2) {
				return readSocket(target, offset, length, timeout, deadline);
			}
			this.pos = 0;
			this.lim = 0;
			if (fill(timeout, deadline) < 0) {
				return -1;
			}
			buffered = this.lim - this.pos;
		}
		int n = Math.min(buffered, length);
		System.arraycopy(this.buffer, this.pos, target, offset, n);
		this.pos += n;
		return n;
	}

	/**
	 * Read one line (a chunk size or a trailer) without its line end.
	 * @param mayBlock {@code false} to throw {@link NotBufferedException} instead of
	 * reading from the socket
	 * @return the line's end index in the buffer; the line starts at {@link #pos} before
	 * the call, which is then moved past the line end
	 */
	int readLine(Duration timeout, long deadline, boolean mayBlock) throws IOException {
		int scan = this.pos;
		while (true) {
			int newline = AsciiBytes.indexOf(this.buffer, scan, this.lim, (byte) '\n');
			if (newline < this.lim) {
				return newline;
			}
			scan = this.lim;
			if (this.lim - this.pos >= MAX_LINE) {
				throw new IOException("the answer has a malformed chunked body (line too long)");
			}
			if (!mayBlock) {
				throw NotBufferedException.INSTANCE;
			}
			int before = this.pos;
			if (fill(timeout, deadline) < 0) {
				throw new EOFException("the chunked answer ended early");
			}
			scan -= before - this.pos;
		}
	}

	/** Whether the buffer holds no unread answer bytes. */
	boolean bufferEmpty() {
		return this.pos == this.lim;
	}

}
