package io.cairn.bridge.marathon;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that counts the bytes read through it and fails, rather than ends, once more
 * than a limit have come: a body cut short at the limit could parse as a shorter answer
 * (fewer apps, fewer tasks), and a full sync must never take that for Marathon's word.
 * Once over the limit, every further read fails too.
 */
final class SizeLimitedInputStream extends FilterInputStream {

	private final long limit;

	private long count;

	/**
	 * Limit a stream.
	 * @param in the stream read
	 * @param limit the most bytes that may be read
	 */
	SizeLimitedInputStream(InputStream in, long limit) {
		super(in);
		this.limit = limit;
	}

	@Override
	public int read() throws IOException {
		checkWithinLimit();
		int next = this.in.read();
		if (next >= 0) {
			counted(1);
		}
		return next;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		checkWithinLimit();
		int read = this.in.read(buffer, offset, length);
		if (read > 0) {
			counted(read);
		}
		return read;
	}

	@Override
	public long skip(long n) throws IOException {
		checkWithinLimit();
		long skipped = this.in.skip(n);
		if (skipped > 0) {
			counted(skipped);
		}
		return skipped;
	}

	@Override
	public boolean markSupported() {
		// A reset would read bytes twice and count them twice.
		return false;
	}

	@Override
	public synchronized void mark(int readLimit) {
		// not supported
	}

	@Override
	public synchronized void reset() throws IOException {
		throw new IOException("mark/reset not supported");
	}

	private void checkWithinLimit() throws TooLargeException {
		if (this.count > this.limit) {
			throw new TooLargeException(this.limit);
		}
	}

	private void counted(long bytes) throws TooLargeException {
		this.count += bytes;
		checkWithinLimit();
	}

	/**
	 * More bytes came than the limit allows.
	 */
	static final class TooLargeException extends IOException {

		private static final long serialVersionUID = 1L;

		private final long limit;

		TooLargeException(long limit) {
			super("answer larger than " + limit + " bytes");
			this.limit = limit;
		}

		long limit() {
			return this.limit;
		}

	}

}
