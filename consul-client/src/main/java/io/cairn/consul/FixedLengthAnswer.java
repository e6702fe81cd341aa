package io.cairn.consul;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/**
 * An answer whose body has a {@code Content-Length}. A body that ends before that length
 * is a transport error.
 */
final class FixedLengthAnswer extends SocketAnswer {

	/** Bytes of the body not read yet. */
	private long remaining;

	FixedLengthAnswer(SocketConnection connection, AnswerHead head, long length, boolean reusable, Duration timeout,
			long deadline) {
		super(connection, head, reusable, timeout, deadline);
		this.remaining = length;
	}

	@Override
	void start() throws IOException {
		if (this.remaining == 0) {
			complete();
		}
	}

	/**
	 * The whole body, read into one array of the announced length when that is at most
	 * {@link ConsulHttpRequestFactory#PREALLOCATE_LIMIT}.
	 */
	@Override
	public byte[] bytes() throws IOException {
		if (done() || this.remaining > ConsulHttpRequestFactory.PREALLOCATE_LIMIT) {
			return super.bytes();
		}
		byte[] bytes = new byte[(int) this.remaining];
		int read = 0;
		while (read < bytes.length) {
			read += read(bytes, read, bytes.length - read);
		}
		return bytes;
	}

	@Override
	int readBody(byte[] b, int off, int len, boolean mayBlock) throws IOException {
		if (this.remaining == 0) {
			complete();
			return -1;
		}
		int n = readConnection(b, off, (int) Math.min(len, this.remaining), mayBlock);
		if (n < 0) {
			throw new EOFException("the answer ended " + this.remaining + " bytes before its announced end");
		}
		this.remaining -= n;
		if (this.remaining == 0) {
			complete();
		}
		return n;
	}

}
