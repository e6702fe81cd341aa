package io.cairn.consul;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * Reads and parses the head of an answer on a {@link SocketConnection}, and picks the
 * answer's body framing:
 * <ul>
 * <li>the status line must be {@code HTTP/1.x NNN}; anything else (an SSH banner) is "not
 * HTTP/1.1". 1xx interim answers are skipped, a 101 is refused;</li>
 * <li>at most {@value #MAX_HEADERS} fields in {@value #MAX_HEAD} bytes; obsolete line
 * folding, malformed lines and names, and conflicting or invalid {@code Content-Length}
 * values are transport errors;</li>
 * <li>framing: no body after HEAD or for 204 and 304, chunked when the last transfer
 * coding is {@code chunked}, read to the close for any other coding or without a length,
 * else fixed-length;</li>
 * <li>the connection is reusable unless the answer says {@code Connection: close}, is
 * read to the close, or is HTTP/1.0 without keep-alive.</li>
 * </ul>
 */
final class AnswerHeadParser {

	static final int MAX_HEAD = 64 * 1024;

	static final int MAX_HEADERS = 128;

	private AnswerHeadParser() {
	}

	/**
	 * Read the status line and headers of the final answer (1xx answers skipped).
	 */
	static SocketAnswer receive(SocketConnection connection, HttpMethod method, Duration timeout, long deadline)
			throws IOException {
		while (true) {
			int end = awaitHead(connection, timeout, deadline);
			SocketAnswer answer = parseHead(connection, connection.pos, end, method, timeout, deadline);
			connection.pos = end;
			if (answer != null) {
				answer.start();
				return answer;
			}
		}
	}

	/**
	 * Read until the connection's buffer holds a whole answer head from its read
	 * position.
	 * @return the index after its empty line
	 */
	private static int awaitHead(SocketConnection c, Duration timeout, long deadline) throws IOException {
		int scan = c.pos;
		int lineStart = c.pos;
		int lines = 0;
		while (true) {
			while (scan < c.lim) {
				if (c.buffer[scan] == '\n') {
					int end = (scan > lineStart && c.buffer[scan - 1] == '\r') ? scan - 1 : scan;
					if (end == lineStart) {
						if (lines > 0) {
							return scan + 1;
						}
						// an empty line before the status line is skipped
						c.pos = scan + 1;
					}
					else if (++lines > MAX_HEADERS + 1) {
						throw new IOException("the answer has more than " + MAX_HEADERS + " header fields");
					}
					lineStart = scan + 1;
				}
				scan++;
			}
			if (c.lim - c.pos >= MAX_HEAD) {
				throw new IOException("the answer head is larger than " + MAX_HEAD + " bytes");
			}
			if (c.lim == c.buffer.length) {
				if (c.pos > 0) {
					int shift = c.pos;
					System.arraycopy(c.buffer, shift, c.buffer, 0, c.lim - shift);
					c.lim -= shift;
					scan -= shift;
					lineStart -= shift;
					c.pos = 0;
				}
				else {
					c.buffer = Arrays.copyOf(c.buffer, c.buffer.length * 2);
				}
			}
			if (c.fill(timeout, deadline) < 0) {
				if (c.received == 0) {
					throw new EOFException("the connection was closed before an answer");
				}
				throw new EOFException("the answer ended in its headers");
			}
		}
	}

	/**
	 * Parse an answer head.
	 * @return the answer, {@code null} for an interim (1xx) answer
	 */
	private static @Nullable SocketAnswer parseHead(SocketConnection connection, int start, int end, HttpMethod method,
			Duration timeout, long deadline) throws IOException {
		byte[] b = connection.buffer;
		int lineEnd = AsciiBytes.indexOf(b, start, end, (byte) '\n');
		int statusEnd = (lineEnd > start && b[lineEnd - 1] == '\r') ? lineEnd - 1 : lineEnd;
		// HTTP/1.x SP 3DIGIT [SP reason]
		if (statusEnd - start < 12 || !AsciiBytes.startsWith(b, start, "HTTP/1.") || !AsciiBytes.isDigit(b[start + 7])
				|| b[start + 8] != ' ' || !AsciiBytes.isDigit(b[start + 9]) || !AsciiBytes.isDigit(b[start + 10])
				|| !AsciiBytes.isDigit(b[start + 11]) || (statusEnd - start > 12 && b[start + 12] != ' ')) {
			throw new IOException("the answer is not HTTP/1.1");
		}
		boolean http10 = b[start + 7] == '0';
		int status = (b[start + 9] - '0') * 100 + (b[start + 10] - '0') * 10 + (b[start + 11] - '0');
		if (status < 100) {
			throw new IOException("the answer is not HTTP/1.1 (status " + status + ")");
		}
		if (status < 200) {
			if (status == 101) {
				throw new IOException("the agent switched protocols");
			}
			return null;
		}
		byte[] head = Arrays.copyOfRange(b, start, end);
		int[] fields = new int[16];
		int count = 0;
		long contentLength = -1;
		boolean chunked = false;
		boolean otherCoding = false;
		boolean close = false;
		boolean keepAlive = false;
		int lineStart = lineEnd + 1 - start;
		int headEnd = end - start;
		while (lineStart < headEnd) {
			int newline = AsciiBytes.indexOf(head, lineStart, headEnd, (byte) '\n');
			int e = (newline > lineStart && head[newline - 1] == '\r') ? newline - 1 : newline;
			if (e == lineStart) {
				break;
			}
			if (AsciiBytes.isBlank(head[lineStart])) {
				throw new IOException("the answer folds a header over lines (obsolete line folding)");
			}
			int colon = AsciiBytes.indexOf(head, lineStart, e, (byte) ':');
			if (colon == e || colon == lineStart) {
				throw new IOException("the answer has a malformed header line");
			}
			for (int i = lineStart; i < colon; i++) {
				if (!ConsulHttpRequestFactory.isTokenChar(head[i] & 0xFF)) {
					throw new IOException("the answer has a malformed header name");
				}
			}
			int vs = colon + 1;
			while (vs < e && AsciiBytes.isBlank(head[vs])) {
				vs++;
			}
			int ve = e;
			while (ve > vs && AsciiBytes.isBlank(head[ve - 1])) {
				ve--;
			}
			if (count * 4 == fields.length) {
				fields = Arrays.copyOf(fields, fields.length * 2);
			}
			fields[count * 4] = lineStart;
			fields[count * 4 + 1] = colon;
			fields[count * 4 + 2] = vs;
			fields[count * 4 + 3] = ve;
			count++;
			if (AsciiBytes.equalsIgnoreCase(head, lineStart, colon, "content-length")) {
				long length = parseLength(head, vs, ve);
				if (contentLength >= 0 && contentLength != length) {
					throw new IOException("the answer has conflicting Content-Length headers");
				}
				contentLength = length;
			}
			else if (AsciiBytes.equalsIgnoreCase(head, lineStart, colon, "transfer-encoding")) {
				chunked = AsciiBytes.lastTokenIs(head, vs, ve, "chunked");
				otherCoding = !chunked;
			}
			else if (AsciiBytes.equalsIgnoreCase(head, lineStart, colon, "connection")) {
				close |= AsciiBytes.hasToken(head, vs, ve, "close");
				keepAlive |= AsciiBytes.hasToken(head, vs, ve, "keep-alive");
			}
			lineStart = newline + 1;
		}
		AnswerHead answerHead = new AnswerHead(status, head, statusEnd - start, fields, count);
		// an answer read to the close ends its connection whatever it says
		// Both Transfer-Encoding and Content-Length: the coding wins, but the connection
		// is not trusted again (RFC 9112 6.3, the shape of a response-splitting attempt).
		boolean reusable = !close && (!http10 || keepAlive) && !((chunked || otherCoding) && contentLength >= 0);
		if (method == HttpMethod.HEAD || status == 204 || status == 304) {
			return new BodilessAnswer(connection, answerHead, reusable, timeout, deadline);
		}
		if (chunked) {
			return new ChunkedAnswer(connection, answerHead, reusable, timeout, deadline);
		}
		if (otherCoding || contentLength < 0) {
			return new ReadToCloseAnswer(connection, answerHead, timeout, deadline);
		}
		return new FixedLengthAnswer(connection, answerHead, contentLength, reusable, timeout, deadline);
	}

	private static long parseLength(byte[] b, int start, int end) throws IOException {
		if (start == end || end - start > 18) {
			throw new IOException("the answer has an invalid Content-Length");
		}
		long value = 0;
		for (int i = start; i < end; i++) {
			if (!AsciiBytes.isDigit(b[i])) {
				throw new IOException("the answer has an invalid Content-Length");
			}
			value = value * 10 + (b[i] - '0');
		}
		return value;
	}

}
