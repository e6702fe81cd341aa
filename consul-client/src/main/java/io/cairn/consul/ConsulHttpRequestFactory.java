package io.cairn.consul;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.AbstractStreamingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * RestClient's request factory for Consul, on the JDK's blocking
 * {@link HttpURLConnection}: the calling thread writes the request and reads the answer
 * itself (no hand-off to a selector thread and back), over kept-alive connections.
 * <p>
 * What Spring's {@code SimpleClientHttpRequestFactory} lacks for Consul:
 * <ul>
 * <li>a timeout per request (a blocking query needs {@code wait + wait/16 + margin}, a KV
 * read a few seconds), taken from the request attribute {@link #TIMEOUT};</li>
 * <li>one deadline for the exchange: while the call connects, sends or waits for the
 * status line, a watchdog thread closes the connection at the deadline or as soon as the
 * caller is interrupted (closing a watch interrupts its thread), since socket reads do
 * not react to interrupts; once the headers are in, every body read is bounded by the
 * socket read timeout and the call fails at the first read that ends after the
 * deadline;</li>
 * <li>writes are never resent by the JDK on a stale kept-alive connection (they are sent
 * in fixed-length streaming mode, which switches its silent retry off);</li>
 * <li>cheap access to the few headers Consul answers with and to the body as one array
 * (see {@link Answer}).</li>
 * </ul>
 * Streamed answers (the agent's log monitor, snapshot saves) go through
 * {@link JdkStreams} instead: their bodies are read for a long time by the caller and
 * must be closable from another thread, which a blocked {@code HttpURLConnection} read is
 * not.
 */
final class ConsulHttpRequestFactory implements ClientHttpRequestFactory {

	/** Request attribute: the {@link Duration} the whole exchange may take. */
	static final String TIMEOUT = ConsulHttpRequestFactory.class.getName() + ".timeout";

	/**
	 * Request attribute: {@code Boolean.TRUE} to stream the body instead of buffering it.
	 */
	static final String STREAM = ConsulHttpRequestFactory.class.getName() + ".stream";

	/**
	 * How long after its deadline the watchdog closes a call: the socket's own read
	 * timeout (the same length) normally ends a silent exchange first, with a clearer
	 * error.
	 */
	private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private static final byte[] EMPTY = new byte[0];

	private final int connectTimeoutMillis;

	private final Duration defaultTimeout;

	private final @Nullable SSLSocketFactory sslSocketFactory;

	private final @Nullable Proxy proxy;

	private final JdkStreams streams;

	/**
	 * Create the factory.
	 * @param connectTimeout the TCP (and TLS handshake) connect timeout
	 * @param defaultTimeout the timeout of requests without the {@link #TIMEOUT}
	 * attribute
	 * @param sslContext the TLS context for {@code https} addresses, {@code null} for the
	 * JVM's default
	 * @param systemProxies whether the JVM has proxy settings to honour; without them no
	 * proxy selector is consulted per call
	 */
	ConsulHttpRequestFactory(Duration connectTimeout, Duration defaultTimeout, @Nullable SSLContext sslContext,
			boolean systemProxies) {
		this.connectTimeoutMillis = millis(connectTimeout);
		this.defaultTimeout = defaultTimeout;
		this.sslSocketFactory = (sslContext != null) ? sslContext.getSocketFactory() : null;
		this.proxy = systemProxies ? null : Proxy.NO_PROXY;
		this.streams = new JdkStreams(connectTimeout, sslContext, systemProxies);
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
		return new Exchange(uri, method);
	}

	/**
	 * A timeout as socket milliseconds: at least 1, as 0 means no limit, which is what
	 * timeouts beyond {@code Integer.MAX_VALUE} ms (24 days, the agent's log monitor)
	 * get.
	 */
	private static int millis(Duration timeout) {
		long millis = timeout.toMillis();
		return (millis >= Integer.MAX_VALUE) ? 0 : (int) Math.max(1, millis);
	}

	private HttpURLConnection open(URI uri) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) ((this.proxy != null)
				? uri.toURL().openConnection(this.proxy) : uri.toURL().openConnection());
		if (this.sslSocketFactory != null && connection instanceof HttpsURLConnection https) {
			// The same factory instance every time: kept-alive TLS connections are
			// reused only for the factory that opened them.
			https.setSSLSocketFactory(this.sslSocketFactory);
		}
		return connection;
	}

	private final class Exchange extends AbstractStreamingClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		Exchange(URI uri, HttpMethod method) {
			this.uri = uri;
			this.method = method;
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		protected ClientHttpResponse executeInternal(HttpHeaders headers, @Nullable Body body) throws IOException {
			Map<String, Object> attributes = getAttributes();
			Duration timeout = (attributes.get(TIMEOUT) instanceof Duration d) ? d
					: ConsulHttpRequestFactory.this.defaultTimeout;
			if (Boolean.TRUE.equals(attributes.get(STREAM))) {
				return ConsulHttpRequestFactory.this.streams.execute(this.uri, this.method, headers, body, timeout);
			}
			if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedIOException("interrupted before calling Consul");
			}
			long deadline = System.nanoTime() + timeout.toNanos() + GRACE_NANOS;
			HttpURLConnection connection = open(this.uri);
			int timeoutMillis = millis(timeout);
			connection.setConnectTimeout(Math.min(ConsulHttpRequestFactory.this.connectTimeoutMillis, timeoutMillis));
			connection.setReadTimeout(timeoutMillis);
			connection.setInstanceFollowRedirects(false);
			connection.setUseCaches(false);
			connection.setRequestMethod(this.method.name());
			if (!headers.isEmpty()) {
				// The map itself: HttpHeaders.forEach builds a case-insensitive name set
				// per call.
				headers.asMultiValueMap().forEach((name, values) -> {
					if (!HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
						for (String value : values) {
							connection.addRequestProperty(name, value);
						}
					}
				});
			}
			// Everything but a GET is written in streaming mode, even without a body:
			// the JDK then never resends it on its own after a kept-alive connection
			// turned out to be closed (a transaction or session create must not run
			// twice).
			boolean output = body != null || this.method != HttpMethod.GET;
			if (output) {
				connection.setDoOutput(true);
				long length = (body instanceof Bytes bytes) ? bytes.bytes().length
						: (body != null) ? headers.getContentLength() : 0;
				if (length >= 0) {
					connection.setFixedLengthStreamingMode(length);
				}
				else {
					connection.setChunkedStreamingMode(0);
				}
			}
			Call call = Call.start(connection, deadline);
			int status;
			try {
				try {
					connection.connect();
				}
				catch (IOException ex) {
					throw connectFailure(ex);
				}
				if (output) {
					try (OutputStream out = connection.getOutputStream()) {
						if (body != null) {
							body.writeTo(out);
						}
					}
				}
				status = connection.getResponseCode();
				if (status < 100) {
					throw new IOException("the answer was not HTTP");
				}
			}
			catch (IOException | RuntimeException ex) {
				throw call.failed(ex, timeout);
			}
			call.headersReceived(timeout);
			return new Answer(connection, status, deadline, timeout);
		}

		private ConnectException connectFailure(IOException ex) {
			if (ex instanceof ConnectException connect) {
				return connect;
			}
			String reason = (ex instanceof SocketTimeoutException) ? "connect timed out"
					: (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			ConnectException connect = new ConnectException(reason);
			connect.initCause(ex);
			return connect;
		}

	}

	/**
	 * A call in flight, watched until its status line arrived. Registering a call is a
	 * set insertion: no timer task and no thread wake-up per call (a scheduled task per
	 * call woke the timer thread every time and cost a context switch on small machines).
	 */
	private static final class Call {

		private static final Set<Call> IN_FLIGHT = ConcurrentHashMap.newKeySet();

		private static final int ACTIVE = 0;

		private static final int DONE = 1;

		private static final int TIMED_OUT = 2;

		private static final int INTERRUPTED = 3;

		static {
			Thread thread = new Thread(Call::watch, "consul-http-watchdog");
			thread.setDaemon(true);
			thread.start();
		}

		private final Thread caller = Thread.currentThread();

		private final HttpURLConnection connection;

		private final long deadline;

		private int state = ACTIVE;

		private Call(HttpURLConnection connection, long deadline) {
			this.connection = connection;
			this.deadline = deadline;
		}

		static Call start(HttpURLConnection connection, long deadline) {
			Call call = new Call(connection, deadline);
			IN_FLIGHT.add(call);
			return call;
		}

		private static void watch() {
			while (true) {
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					return;
				}
				long now = System.nanoTime();
				for (Call call : IN_FLIGHT) {
					call.check(now);
				}
			}
		}

		private synchronized void check(long now) {
			if (this.state != ACTIVE) {
				return;
			}
			if (now - this.deadline > 0) {
				this.state = TIMED_OUT;
			}
			else if (this.caller.isInterrupted()) {
				this.state = INTERRUPTED;
			}
			else {
				return;
			}
			try {
				// Before the status line is read this closes the socket at once, which
				// ends the caller's blocked connect, write or read.
				this.connection.disconnect();
			}
			catch (RuntimeException ex) {
				// closing is all that matters
			}
		}

		/** The status line is in: the watchdog lets go of the call. */
		void headersReceived(Duration timeout) throws IOException {
			int outcome = finish();
			if (outcome != DONE) {
				this.connection.disconnect();
				throw failure(outcome, timeout);
			}
		}

		/**
		 * The exception to throw for a failed call: the watchdog's reason when it closed
		 * the connection, otherwise the failure itself.
		 */
		IOException failed(Exception ex, Duration timeout) {
			int outcome = finish();
			if (outcome != DONE) {
				return failure(outcome, timeout);
			}
			this.connection.disconnect();
			if (ex instanceof IOException io) {
				return (io instanceof SocketTimeoutException) ? timedOut(timeout, io) : io;
			}
			// HttpURLConnection wraps some I/O failures in runtime exceptions
			return new IOException(ex.getMessage(), ex);
		}

		private synchronized int finish() {
			int outcome = this.state;
			if (outcome == ACTIVE) {
				this.state = DONE;
				outcome = DONE;
			}
			IN_FLIGHT.remove(this);
			return outcome;
		}

		private static IOException failure(int outcome, Duration timeout) {
			if (outcome == INTERRUPTED) {
				return new InterruptedIOException("interrupted while waiting for Consul");
			}
			return timedOut(timeout, null);
		}

	}

	static SocketTimeoutException timedOut(Duration timeout, @Nullable IOException cause) {
		SocketTimeoutException ex = new SocketTimeoutException("request timed out after " + timeout.toMillis() + " ms");
		if (cause != null) {
			ex.initCause(cause);
		}
		return ex;
	}

	/** A request body of known bytes. */
	record Bytes(byte[] bytes) implements StreamingHttpOutputMessage.Body {

		@Override
		public void writeTo(OutputStream out) throws IOException {
			out.write(this.bytes);
		}

		@Override
		public boolean repeatable() {
			return true;
		}

	}

	/** Reads the few headers Consul answers with, by name. */
	interface Headers {

		@Nullable String get(String name);

	}

	/**
	 * An answer read from an {@link HttpURLConnection}. {@link #getBody()} returns a
	 * {@link AnswerBody}, through which {@link Transport} reaches {@link #header(String)}
	 * and {@link #bytes()} behind RestClient's response wrapper.
	 */
	static final class Answer implements ClientHttpResponse, Headers {

		private final HttpURLConnection connection;

		private final int status;

		private final long deadline;

		private final Duration timeout;

		private @Nullable HttpHeaders allHeaders;

		private @Nullable AnswerBody body;

		Answer(HttpURLConnection connection, int status, long deadline, Duration timeout) {
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
			return header(name);
		}

		@Nullable String header(String name) {
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
		public AnswerBody getBody() {
			AnswerBody stream = this.body;
			if (stream == null) {
				stream = new AnswerBody(this);
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
		 * buffers, no copies), within the exchange's deadline. A fully read body hands
		 * its connection back to the JDK's keep-alive cache.
		 */
		byte[] bytes() throws IOException {
			InputStream in = getBody().stream();
			long length = contentLength();
			try {
				byte[] bytes;
				if (length == 0) {
					bytes = EMPTY;
				}
				else if (length > 0 && length < Integer.MAX_VALUE - 8) {
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
				}
				in.close();
				return bytes;
			}
			catch (IOException ex) {
				this.connection.disconnect();
				throw (ex instanceof SocketTimeoutException) ? timedOut(this.timeout, ex) : ex;
			}
		}

		private long contentLength() {
			String value = header(HttpHeaders.CONTENT_LENGTH);
			if (value == null) {
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
				throw timedOut(this.timeout, null);
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
	 * The body of an {@link Answer}, opened on first use; {@link #answer()} leads back to
	 * the answer.
	 */
	static final class AnswerBody extends InputStream {

		private final Answer answer;

		private @Nullable InputStream in;

		AnswerBody(Answer answer) {
			this.answer = answer;
		}

		Answer answer() {
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
