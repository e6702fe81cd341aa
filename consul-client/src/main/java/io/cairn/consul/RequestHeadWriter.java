package io.cairn.consul;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * Writes a connection's HTTP/1.1 requests: the request line, {@code Host}, the caller's
 * headers (validated by {@link ConsulHttpRequestFactory#forEachHeader}, so none can
 * inject another or end the head), {@code Content-Length} for bodies and for every method
 * but GET and HEAD, and no {@code Accept-Encoding} (Consul then never compresses) or
 * {@code User-Agent}. The head is built in the connection's buffer, and a small body goes
 * out with it in one write: one packet for a small request.
 */
final class RequestHeadWriter {

	private static final byte[] HTTP_11 = " HTTP/1.1\r\nHost: ".getBytes(StandardCharsets.ISO_8859_1);

	private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.ISO_8859_1);

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.ISO_8859_1);

	private final SocketConnection connection;

	private final OutputStream out;

	/** Write position of the request head in the connection's buffer. */
	private int written;

	RequestHeadWriter(SocketConnection connection, OutputStream out) {
		this.connection = connection;
		this.out = out;
	}

	void write(URI uri, HttpMethod method, HttpHeaders headers, byte[] content) throws IOException {
		this.written = 0;
		putAscii(method.name());
		put((byte) ' ');
		String path = uri.getRawPath();
		if (path == null || path.isEmpty()) {
			put((byte) '/');
		}
		else {
			putTarget(path);
		}
		String query = uri.getRawQuery();
		if (query != null) {
			put((byte) '?');
			putTarget(query);
		}
		put(HTTP_11);
		put(this.connection.route.hostHeader);
		putCrlf();
		ConsulHttpRequestFactory.forEachHeader(headers, this::putHeader);
		if (content.length > 0 || (method != HttpMethod.GET && method != HttpMethod.HEAD)) {
			put(CONTENT_LENGTH);
			putAscii(Integer.toString(content.length));
			putCrlf();
		}
		putCrlf();
		byte[] buffer = this.connection.buffer;
		if (this.written + content.length <= buffer.length) {
			// head and body in one write: one packet for a small request
			System.arraycopy(content, 0, buffer, this.written, content.length);
			this.written += content.length;
			flushHead();
		}
		else {
			flushHead();
			this.out.write(content);
		}
		this.out.flush();
	}

	private void putHeader(String name, String value) throws IOException {
		putAscii(name);
		put((byte) ':');
		put((byte) ' ');
		putAscii(value);
		putCrlf();
	}

	/** Characters validated before: ISO-8859-1. */
	private void putAscii(String text) throws IOException {
		for (int i = 0; i < text.length(); i++) {
			put((byte) text.charAt(i));
		}
	}

	/**
	 * A request target as the URI holds it, with anything that is not printable ASCII
	 * percent-encoded as UTF-8 (a raw URI path may hold such characters).
	 */
	private void putTarget(String text) throws IOException {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c > ' ' && c < 127) {
				put((byte) c);
			}
			else {
				int codePoint = text.codePointAt(i);
				if (Character.isSupplementaryCodePoint(codePoint)) {
					i++;
				}
				for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
					put((byte) '%');
					put(HEX[(b >> 4) & 0xF]);
					put(HEX[b & 0xF]);
				}
			}
		}
	}

	private void putCrlf() throws IOException {
		put((byte) '\r');
		put((byte) '\n');
	}

	private void put(byte[] bytes) throws IOException {
		for (byte b : bytes) {
			put(b);
		}
	}

	private void put(byte b) throws IOException {
		byte[] buffer = this.connection.buffer;
		if (this.written == buffer.length) {
			flushHead();
		}
		buffer[this.written++] = b;
	}

	private void flushHead() throws IOException {
		this.out.write(this.connection.buffer, 0, this.written);
		this.written = 0;
	}

}
