package io.cairn.consul;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/**
 * An answer with a chunked body (Go's net/http chunks any answer over about 2 KB). Chunk
 * extensions are allowed and trailers skipped; a bad chunk size, a missing line end after
 * a chunk or a missing last chunk is a transport error.
 */
final class ChunkedAnswer extends SocketAnswer {

	/** Bytes left of the current chunk. */
	private long remaining;

	private boolean chunkStarted;

	ChunkedAnswer(SocketConnection connection, AnswerHead head, boolean reusable, Duration timeout, long deadline) {
		super(connection, head, reusable, timeout, deadline);
	}

	@Override
	int readBody(byte[] b, int off, int len, boolean mayBlock) throws IOException {
		if (this.remaining == 0 && !nextChunk(mayBlock)) {
			complete();
			return -1;
		}
		int n = readConnection(b, off, (int) Math.min(len, this.remaining), mayBlock);
		if (n < 0) {
			throw new EOFException("the chunked answer ended inside a chunk");
		}
		this.remaining -= n;
		return n;
	}

	/**
	 * Move to the next chunk: the line end after the previous chunk's data, then the size
	 * line.
	 * @return {@code false} after the last chunk (and its trailers, skipped)
	 */
	private boolean nextChunk(boolean mayBlock) throws IOException {
		SocketConnection c = this.connection;
		if (this.chunkStarted) {
			int end = c.readLine(this.timeout, this.deadline, mayBlock);
			int lineStart = c.pos;
			c.pos = end + 1;
			if (end - lineStart > 1 || (end - lineStart == 1 && c.buffer[lineStart] != '\r')) {
				throw new IOException("the answer has a malformed chunked body (no line end after a chunk)");
			}
		}
		this.chunkStarted = true;
		int end = c.readLine(this.timeout, this.deadline, mayBlock);
		long size = 0;
		int digits = 0;
		int i = c.pos;
		for (; i < end; i++) {
			int d = Character.digit(c.buffer[i], 16);
			if (d < 0) {
				break;
			}
			if (++digits > 15) {
				throw new IOException("the answer has a malformed chunked body (chunk too large)");
			}
			size = size * 16 + d;
		}
		if (digits == 0 || (i < end && c.buffer[i] != ';' && !AsciiBytes.isBlank(c.buffer[i]) && c.buffer[i] != '\r')) {
			throw new IOException("the answer has a malformed chunked body (bad chunk size)");
		}
		c.pos = end + 1;
		if (size > 0) {
			this.remaining = size;
			return true;
		}
		// the last chunk: skip the trailer fields up to the empty line
		for (int lines = 0;; lines++) {
			if (lines > AnswerHeadParser.MAX_HEADERS) {
				throw new IOException("the answer has too many trailer fields");
			}
			int lineEnd = c.readLine(this.timeout, this.deadline, mayBlock);
			int lineStart = c.pos;
			c.pos = lineEnd + 1;
			if (lineEnd == lineStart || (lineEnd - lineStart == 1 && c.buffer[lineStart] == '\r')) {
				return false;
			}
		}
	}

}
