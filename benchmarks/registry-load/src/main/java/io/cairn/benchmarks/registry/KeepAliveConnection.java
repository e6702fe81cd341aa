package io.cairn.benchmarks.registry;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One persistent HTTP/1.1 connection, used by one load thread at a time, in the way of
 * {@code wrk}: the request bytes go out, the status line, headers and a Content-Length or
 * chunked body come back. A measuring instrument has to cost far less than what it
 * measures; the JDK's HttpClient costs about as much per request as the registries under
 * test, which would hide the difference between them. Both registries are driven through
 * this same connection class.
 */
final class KeepAliveConnection implements AutoCloseable {

	private final String host;

	private final int port;

	private @Nullable Socket socket;

	private @Nullable OutputStream out;

	private @Nullable InputStream in;

	KeepAliveConnection(int port) {
		this.host = "127.0.0.1";
		this.port = port;
	}

	/**
	 * Send a request and read the response.
	 * @param method the HTTP method
	 * @param path the path and query
	 * @param contentType the body's type, or null for no body
	 * @param body the body, or null
	 * @param accept the Accept header, or null
	 * @return the response
	 */
	Response exchange(String method, String path, @Nullable String contentType, byte @Nullable [] body,
			@Nullable String accept) throws IOException {
		try {
			return exchangeOnce(method, path, contentType, body, accept);
		}
		catch (IOException ex) {
			// The server may have closed an idle connection: one retry on a new one.
			close();
			return exchangeOnce(method, path, contentType, body, accept);
		}
	}

	private Response exchangeOnce(String method, String path, @Nullable String contentType, byte @Nullable [] body,
			@Nullable String accept) throws IOException {
		connect();
		StringBuilder head = new StringBuilder(160);
		head.append(method)
			.append(' ')
			.append(path)
			.append(" HTTP/1.1\r\nHost: ")
			.append(this.host)
			.append(':')
			.append(this.port)
			.append("\r\n");
		if (accept != null) {
			head.append("Accept: ").append(accept).append("\r\n");
		}
		if (body != null) {
			head.append("Content-Type: ")
				.append(contentType)
				.append("\r\nContent-Length: ")
				.append(body.length)
				.append("\r\n");
		}
		else if (!method.equals("GET")) {
			head.append("Content-Length: 0\r\n");
		}
		head.append("\r\n");
		this.out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
		if (body != null) {
			this.out.write(body);
		}
		this.out.flush();
		return read();
	}

	private Response read() throws IOException {
		String statusLine = line();
		if (statusLine.length() < 12) {
			throw new IOException("bad status line: " + statusLine);
		}
		int status = Integer.parseInt(statusLine.substring(9, 12));
		int contentLength = -1;
		boolean chunked = false;
		boolean close = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				contentLength = Integer.parseInt(lower.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
			else if (lower.startsWith("connection:") && lower.contains("close")) {
				close = true;
			}
		}
		byte[] body;
		if (chunked) {
			ByteArrayOutputStream buffer = new ByteArrayOutputStream();
			for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0; size = Integer
				.parseInt(line().split(";")[0].trim(), 16)) {
				buffer.write(this.in.readNBytes(size));
				line();
			}
			line();
			body = buffer.toByteArray();
		}
		else {
			body = (contentLength > 0) ? this.in.readNBytes(contentLength) : new byte[0];
		}
		if (close) {
			close();
		}
		return new Response(status, body);
	}

	private String line() throws IOException {
		StringBuilder line = new StringBuilder(64);
		int c;
		while ((c = this.in.read()) != -1) {
			if (c == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			line.append((char) c);
		}
		throw new IOException("connection closed");
	}

	private void connect() throws IOException {
		if (this.socket == null) {
			Socket opened = new Socket();
			opened.setTcpNoDelay(true);
			opened.connect(new InetSocketAddress(this.host, this.port), 5000);
			opened.setSoTimeout(30_000);
			this.socket = opened;
			this.out = opened.getOutputStream();
			this.in = new BufferedInputStream(opened.getInputStream(), 16 * 1024);
		}
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
		this.socket = null;
	}

	record Response(int status, byte[] body) {

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

}
