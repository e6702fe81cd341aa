package io.cairn.consul;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Exchanges on the JDK's blocking {@link HttpURLConnection}: the fallback transport when
 * a proxy applies to the agent's address (it speaks to HTTP and SOCKS proxies, the socket
 * transport does not). The calling thread writes the request and reads the answer over
 * the JDK's kept-alive connections.
 * <ul>
 * <li>While the call connects, sends or waits for the status line, the {@link Watchdog}
 * closes the connection at the deadline or as soon as the caller is interrupted. Once the
 * headers are in, every body read is bounded by the socket read timeout and the call
 * fails at the first read that ends after the deadline ({@code disconnect()} from another
 * thread blocks on the JDK's body stream lock then).</li>
 * <li>Writes are never resent by the JDK on a stale kept-alive connection: they are sent
 * in fixed-length streaming mode, which switches its silent retry off.</li>
 * </ul>
 */
final class UrlConnectionExchanges {

	/**
	 * How long after its deadline the watchdog closes a call: the socket's own read
	 * timeout (the same length) normally ends a silent exchange first, with a clearer
	 * error.
	 */
	private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private final int connectTimeoutMillis;

	private final @Nullable SSLSocketFactory sslSocketFactory;

	UrlConnectionExchanges(Duration connectTimeout, @Nullable SSLContext sslContext) {
		this.connectTimeoutMillis = ConsulHttpRequestFactory.millis(connectTimeout);
		this.sslSocketFactory = (sslContext != null) ? sslContext.getSocketFactory() : null;
	}

	private HttpURLConnection open(URI uri) throws IOException {
		// The JVM's proxy selection: this transport is used when a proxy applies.
		HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
		if (this.sslSocketFactory != null && connection instanceof HttpsURLConnection https) {
			// The same factory instance every time: kept-alive TLS connections are
			// reused only for the factory that opened them.
			https.setSSLSocketFactory(this.sslSocketFactory);
		}
		return connection;
	}

	ClientHttpResponse execute(URI uri, HttpMethod method, HttpHeaders headers,
			StreamingHttpOutputMessage.@Nullable Body body, Duration timeout, long deadline) throws IOException {
		HttpURLConnection connection = open(uri);
		int timeoutMillis = ConsulHttpRequestFactory.millis(timeout);
		connection.setConnectTimeout(Math.min(this.connectTimeoutMillis, timeoutMillis));
		connection.setReadTimeout(timeoutMillis);
		connection.setInstanceFollowRedirects(false);
		connection.setUseCaches(false);
		connection.setRequestMethod(method.name());
		ConsulHttpRequestFactory.forEachHeader(headers, connection::addRequestProperty);
		// Everything but a GET is written in streaming mode, even without a body: the
		// JDK then never resends it on its own after a kept-alive connection turned out
		// to be closed (a transaction or session create must not run twice).
		boolean output = body != null || method != HttpMethod.GET;
		byte[] bytes = ConsulHttpRequestFactory.bodyBytes(body);
		if (output) {
			connection.setDoOutput(true);
			connection.setFixedLengthStreamingMode(bytes.length);
		}
		Call call = new Call(connection);
		call.watch(deadline + GRACE_NANOS);
		int status;
		try {
			try {
				connection.connect();
			}
			catch (IOException ex) {
				throw ConsulHttpRequestFactory.connectFailure(ex);
			}
			if (output) {
				try (OutputStream out = connection.getOutputStream()) {
					out.write(bytes);
				}
			}
			status = connection.getResponseCode();
			if (status < 100) {
				throw new IOException("the answer was not HTTP");
			}
		}
		catch (IOException | RuntimeException ex) {
			IOException failure = call.failed(ex, timeout);
			connection.disconnect();
			throw failure;
		}
		try {
			call.finishOrThrow(timeout);
		}
		catch (IOException ex) {
			connection.disconnect();
			throw ex;
		}
		return new UrlConnectionAnswer(connection, status, deadline, timeout);
	}

	/** A call watched until its status line arrived. */
	private static final class Call extends Watchdog {

		private final HttpURLConnection connection;

		Call(HttpURLConnection connection) {
			this.connection = connection;
		}

		@Override
		protected void abort() {
			// Before the status line is read this closes the socket at once, which ends
			// the caller's blocked connect, write or read.
			this.connection.disconnect();
		}

	}

	/**
	 * An answer read from an {@link HttpURLConnection}. {@link #getBody()} returns a
	 * {@link Body}, through which {@link Transport} reaches {@link #get(String)} and
	 * {@link #bytes()} behind RestClient's response wrapper.
	 */
	static final class UrlConnectionAnswer implements ClientHttpResponse, ConsulHttpRequestFactory.Answer {

		private final HttpURLConnection connection;

		private final int status;

		private final long deadline;

		private final Duration timeout;

		private @Nullable HttpHeaders allHeaders;

		private @Nullable Body body;

		UrlConnectionAnswer(HttpURLConnection connection, int status, long deadline, Duration timeout) {
			this.connection = connection;
			this.status = status;
			this.deadline = deadline;
			this.timeout = timeout;
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatusCode.valueOf(this.status);
		}

		@Override
		public String getStatusText() {
			String message = null;
			try {
				message = this.connection.getResponseMessage();
			}
			catch (IOException ex) {
				// the status line was read already
			}
			return (message != null) ? message : "";
		}

		/**
		 * One header. On a success this is a scan of the parsed headers; after an error
		 * status the JDK rethrows its remembered exception on every header lookup, so the
		 * headers are then copied once.
		 */
		@Override
		public @Nullable String get(String name) {
			if (this.status < 400) {
				return this.connection.getHeaderField(name);
			}
			return getHeaders().getFirst(name);
		}

		@Override
		public HttpHeaders getHeaders() {
			HttpHeaders headers = this.allHeaders;
			if (headers == null) {
				headers = new HttpHeaders();
				for (Map.Entry<String, List<String>> entry : this.connection.getHeaderFields().entrySet()) {
					// the null key is the status line
					if (entry.getKey() != null) {
						headers.addAll(entry.getKey(), entry.getValue());
					}
				}
				this.allHeaders = headers;
			}
			return headers;
		}

		@Override
		public Body getBody() {
			Body stream = this.body;
			if (stream == null) {
				stream = new Body(this);
				this.body = stream;
			}
			return stream;
		}

		private InputStream input() throws IOException {
			if (this.status >= 400) {
				InputStream error = this.connection.getErrorStream();
				return (error != null) ? error : InputStream.nullInputStream();
			}
			return this.connection.getInputStream();
		}

		/**
		 * The whole body, read into one array of the announced length (no growing
		 * buffers, no copies) up to {@link ConsulHttpRequestFactory#PREALLOCATE_LIMIT},
		 * within the exchange's deadline. A fully read body hands its connection back to
		 * the JDK's keep-alive cache.
		 */
		@Override
		public byte[] bytes() throws IOException {
			InputStream in = getBody().stream();
			long length = contentLength();
			try {
				byte[] bytes;
				if (length == 0) {
					bytes = ConsulHttpRequestFactory.EMPTY;
				}
				else if (length > 0 && length <= ConsulHttpRequestFactory.PREALLOCATE_LIMIT) {
					bytes = new byte[(int) length];
					int read = 0;
					while (read < bytes.length) {
						int n = in.read(bytes, read, bytes.length - read);
						if (n < 0) {
							throw new EOFException(
									"the answer ended after " + read + " of " + length + " announced bytes");
						}
						read += n;
						checkDeadline();
					}
				}
				else {
					bytes = readToEnd(in);
					if (length > 0 && bytes.length != length) {
						throw new EOFException(
								"the answer ended after " + bytes.length + " of " + length + " announced bytes");
					}
				}
				in.close();
				return bytes;
			}
			catch (IOException ex) {
				this.connection.disconnect();
				throw (ex instanceof SocketTimeoutException) ? ConsulHttpRequestFactory.timedOut(this.timeout, ex) : ex;
			}
		}

		private long contentLength() {
			String value = get(HttpHeaders.CONTENT_LENGTH);
			if (value == null || get(HttpHeaders.TRANSFER_ENCODING) != null) {
				// with a transfer coding the length is the coding's (RFC 9112 6.3)
				return -1;
			}
			try {
				return Long.parseLong(value.trim());
			}
			catch (NumberFormatException ex) {
				return -1;
			}
		}

		private byte[] readToEnd(InputStream in) throws IOException {
			byte[] buffer = new byte[1024];
			int read = 0;
			while (true) {
				if (read == buffer.length) {
					buffer = Arrays.copyOf(buffer, buffer.length * 2);
				}
				int n = in.read(buffer, read, buffer.length - read);
				if (n < 0) {
					return (read == buffer.length) ? buffer : Arrays.copyOf(buffer, read);
				}
				read += n;
				checkDeadline();
			}
		}

		private void checkDeadline() throws SocketTimeoutException {
			if (System.nanoTime() - this.deadline > 0) {
				throw ConsulHttpRequestFactory.timedOut(this.timeout, null);
			}
		}

		/**
		 * Close the body, read or not: a fully read body is back in the keep-alive cache
		 * already, an unread or partly read one is drained or dropped by the JDK.
		 */
		@Override
		public void close() {
			try {
				getBody().stream().close();
			}
			catch (IOException ex) {
				this.connection.disconnect();
			}
		}

	}

	/**
	 * The body of an {@link UrlConnectionAnswer}, opened on first use.
	 */
	static final class Body extends ConsulHttpRequestFactory.AnswerBody {

		private final UrlConnectionAnswer answer;

		private @Nullable InputStream in;

		Body(UrlConnectionAnswer answer) {
			this.answer = answer;
		}

		@Override
		UrlConnectionAnswer answer() {
			return this.answer;
		}

		InputStream stream() throws IOException {
			InputStream stream = this.in;
			if (stream == null) {
				stream = this.answer.input();
				this.in = stream;
			}
			return stream;
		}

		@Override
		public int read() throws IOException {
			return stream().read();
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			return stream().read(b, off, len);
		}

		@Override
		public void close() {
			InputStream stream = this.in;
			try {
				if (stream != null) {
					// A fully read body is back in the keep-alive cache already; a partly
					// read one is drained or dropped by the JDK.
					stream.close();
				}
			}
			catch (IOException ex) {
				// nothing to do: the exchange is over
			}
		}

	}

}
