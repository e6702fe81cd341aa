package io.cairn.consul;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.AbstractStreamingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * RestClient's request factory for Consul. It reads the per-request attributes (timeout,
 * streaming), sets one deadline per exchange and hands the exchange to one of three
 * transports:
 * <ul>
 * <li>{@link SocketExchanges}, the default: HTTP/1.1 on plain {@code java.net.Socket}s
 * and {@code SSLSocket}s from a per-client pool, read by the calling thread;</li>
 * <li>{@link UrlConnectionExchanges}, the JDK's {@code HttpURLConnection}, when a proxy
 * applies to the agent's address (the JVM's {@code ProxySelector} answers anything but
 * {@code DIRECT} for it): it speaks to HTTP and SOCKS proxies, which the socket transport
 * does not;</li>
 * <li>{@link JdkStreams} ({@code java.net.http}) for streamed answers (the agent's log
 * monitor, snapshot saves), whose bodies are read for a long time and must be closable
 * from another thread.</li>
 * </ul>
 * What the transports share lives here: attributes and deadline, header validation,
 * connect failures told apart from transport failures, and the {@link Answer} view
 * {@link Transport} reads headers and body through.
 */
final class ConsulHttpRequestFactory implements ClientHttpRequestFactory {

	/** Request attribute: the {@link Duration} the whole exchange may take. */
	static final String TIMEOUT = ConsulHttpRequestFactory.class.getName() + ".timeout";

	/**
	 * Request attribute: {@code Boolean.TRUE} to stream the body instead of buffering it.
	 */
	static final String STREAM = ConsulHttpRequestFactory.class.getName() + ".stream";

	/**
	 * Request attribute: {@code Boolean.TRUE} when a write may be sent again on a new
	 * connection after a kept-alive one turned out closed (see
	 * {@code Request#resendable}). Reads always may.
	 */
	static final String RESENDABLE = ConsulHttpRequestFactory.class.getName() + ".resendable";

	static final byte[] EMPTY = new byte[0];

	/**
	 * The largest body read into an array of its announced length at once; a longer one
	 * grows its buffer as bytes arrive, so a server that announces gigabytes and sends a
	 * few cannot make the client allocate them.
	 */
	static final int PREALLOCATE_LIMIT = 8 * 1024 * 1024;

	/**
	 * Headers the transports set themselves (framing, connection management) and never
	 * take from the caller.
	 */
	private static final Set<String> RESTRICTED = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

	/** The characters of an HTTP token (RFC 9110 tchar), by code. */
	private static final boolean[] TOKEN = new boolean[128];

	static {
		for (int c = 0; c < 128; c++) {
			TOKEN[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
		}
		RESTRICTED.addAll(List.of("connection", "content-length", "expect", "host", "keep-alive", "te", "trailer",
				"transfer-encoding", "upgrade"));
	}

	private final Duration defaultTimeout;

	private final @Nullable SocketExchanges sockets;

	private final UrlConnectionExchanges urlConnections;

	private final JdkStreams streams;

	/**
	 * Create the factory.
	 * @param connectTimeout the TCP (and TLS handshake) connect timeout
	 * @param defaultTimeout the timeout of requests without the {@link #TIMEOUT}
	 * attribute
	 * @param sslContext the TLS context for {@code https} addresses, {@code null} for the
	 * JVM's default
	 * @param systemProxies whether the JVM has proxy settings to honour (streams only:
	 * exchanges ask the {@code ProxySelector} once per address)
	 * @param urlConnectionOnly {@code true} to send every exchange through
	 * {@code HttpURLConnection} (tests of that transport)
	 * @param resolver resolves agent hosts to their addresses for the socket transport
	 */
	ConsulHttpRequestFactory(Duration connectTimeout, Duration defaultTimeout, @Nullable SSLContext sslContext,
			boolean systemProxies, boolean urlConnectionOnly, AddressResolver resolver) {
		this.defaultTimeout = defaultTimeout;
		this.sockets = urlConnectionOnly ? null
				: new SocketExchanges(connectTimeout, sslContext, SocketExchanges.IDLE_NANOS, resolver);
		this.urlConnections = new UrlConnectionExchanges(connectTimeout, sslContext);
		this.streams = new JdkStreams(connectTimeout, sslContext, systemProxies);
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
		return new Exchange(uri, method);
	}

	/** Close the idle pooled connections; calls still in flight finish normally. */
	void close() {
		if (this.sockets != null) {
			this.sockets.close();
		}
	}

	/**
	 * A timeout as socket milliseconds: at least 1, as 0 means no limit, which is what
	 * timeouts beyond {@code Integer.MAX_VALUE} ms (24 days, the agent's log monitor)
	 * get.
	 */
	static int millis(Duration timeout) {
		long millis = timeout.toMillis();
		return (millis >= Integer.MAX_VALUE) ? 0 : (int) Math.max(1, millis);
	}

	/** The exchange did not complete within its timeout. */
	static SocketTimeoutException timedOut(Duration timeout, @Nullable IOException cause) {
		SocketTimeoutException ex = new SocketTimeoutException("request timed out after " + timeout.toMillis() + " ms");
		if (cause != null) {
			ex.initCause(cause);
		}
		return ex;
	}

	/**
	 * A failure before anything was sent (refused, unreachable, unknown host, connect
	 * timeout, TLS handshake) as a {@link ConnectException}, which {@link Transport}
	 * fails over to the next agent address for, writes included. The message keeps the
	 * reason ("PKIX path building failed", "connect timed out").
	 */
	static ConnectException connectFailure(IOException ex) {
		if (ex instanceof ConnectException connect) {
			return connect;
		}
		String reason = (ex instanceof SocketTimeoutException) ? "connect timed out"
				: (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		ConnectException connect = new ConnectException(reason);
		connect.initCause(ex);
		return connect;
	}

	/**
	 * The caller's headers, validated, without the ones a transport sets itself. A name
	 * must be an HTTP token and a value must not hold CR, LF, NUL or characters beyond
	 * ISO-8859-1, so no header can inject another one or end the request head.
	 * @throws IllegalArgumentException for an invalid name or value (nothing was sent)
	 */
	static void forEachHeader(HttpHeaders headers, HeaderSink sink) throws IOException {
		if (headers.isEmpty()) {
			return;
		}
		// The map itself: HttpHeaders.forEach builds a case-insensitive name set per
		// call.
		for (Map.Entry<String, List<String>> entry : headers.asMultiValueMap().entrySet()) {
			String name = entry.getKey();
			if (RESTRICTED.contains(name)) {
				continue;
			}
			checkName(name);
			for (String value : entry.getValue()) {
				checkValue(name, value);
				sink.header(name, value);
			}
		}
	}

	private static void checkName(String name) {
		if (name.isEmpty()) {
			throw new IllegalArgumentException("empty header name");
		}
		for (int i = 0; i < name.length(); i++) {
			if (!isTokenChar(name.charAt(i))) {
				throw new IllegalArgumentException("invalid character in header name: " + name);
			}
		}
	}

	/** Whether a character may appear in a header name (an HTTP token). */
	static boolean isTokenChar(int c) {
		return c < 128 && TOKEN[c];
	}

	private static void checkValue(String name, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 32 && c != '\t') || c == 127 || c > 255) {
				throw new IllegalArgumentException("invalid character in the value of header " + name);
			}
		}
	}

	/**
	 * The bytes of a request body: those of a {@link Bytes} as they are, any other body
	 * written out once, so its length is known (bodies are sent with
	 * {@code Content-Length}).
	 */
	static byte[] bodyBytes(StreamingHttpOutputMessage.@Nullable Body body) throws IOException {
		if (body == null) {
			return EMPTY;
		}
		if (body instanceof Bytes bytes) {
			return bytes.bytes();
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		body.writeTo(out);
		return out.toByteArray();
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
			long deadline = System.nanoTime() + timeout.toNanos();
			SocketExchanges sockets = ConsulHttpRequestFactory.this.sockets;
			if (sockets != null) {
				SocketRoute route = sockets.route(this.uri);
				if (!route.proxied()) {
					boolean resendable = this.method == HttpMethod.GET
							|| Boolean.TRUE.equals(attributes.get(RESENDABLE));
					return sockets.execute(route, this.uri, this.method, headers, body, timeout, deadline, resendable);
				}
			}
			return ConsulHttpRequestFactory.this.urlConnections.execute(this.uri, this.method, headers, body, timeout,
					deadline);
		}

	}

	/** Receives one validated request header. */
	@FunctionalInterface
	interface HeaderSink {

		void header(String name, String value) throws IOException;

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
	 * An answer of one of the transports, reached by {@link Transport} through
	 * {@link AnswerBody#answer()} behind RestClient's response wrapper: headers by name
	 * without building a header map, and the whole body as one array.
	 */
	interface Answer extends Headers {

		/**
		 * The whole body, read within the exchange's deadline; a fully read body frees
		 * its connection for the next call.
		 */
		byte[] bytes() throws IOException;

	}

	/** The body stream of an {@link Answer}. */
	abstract static class AnswerBody extends InputStream {

		abstract Answer answer();

	}

}
