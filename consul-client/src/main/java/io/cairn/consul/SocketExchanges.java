package io.cairn.consul;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpResponse;

/**
 * The default transport: HTTP/1.1 exchanges on plain {@link Socket}s and
 * {@link SSLSocket}s, written and read by the calling thread, over a per-client pool of
 * kept-alive connections. It speaks the part of HTTP/1.1 a Consul agent uses and checks
 * the rest:
 * <ul>
 * <li>requests: validated header names and values (no CR/LF injection), {@code Host},
 * bodies with {@code Content-Length}, no {@code Accept-Encoding} (Consul then never
 * compresses), TCP_NODELAY, the head and a small body in one write;</li>
 * <li>answers: status line, headers (case-insensitive, repeated ones kept, at most
 * {@value #MAX_HEADERS} fields in {@value #MAX_HEAD} bytes, obsolete line folding
 * refused), {@code Content-Length} and chunked bodies (Go's net/http chunks any answer
 * over about 2 KB; trailers are skipped), 1xx interim answers skipped, no body after HEAD
 * or for 204 and 304, a body read to the close when neither length nor chunking is given,
 * {@code Connection: close} honoured; truncated bodies and broken framing fail as
 * transport errors;</li>
 * <li>one deadline per exchange: the socket timeout is set to the remaining time before
 * every read, so a stalled or trickling answer ends at the deadline; the {@link Watchdog}
 * closes the socket when the caller is interrupted (a blocked socket read ignores
 * interrupts), and at the deadline plus a grace period as a backstop for connects and
 * writes;</li>
 * <li>a connection goes back to the pool only once its answer was read to the end. An
 * answer closed unread is skipped when the rest is already buffered, otherwise its
 * connection is closed. Idle connections are closed after {@value #IDLE_SECONDS} s
 * (agents close idle keep-alive connections after their own timeout);</li>
 * <li>a read (GET) that fails on a reused connection before any byte of the answer came
 * is sent once more on a new connection: the agent closed the idle connection as we sent.
 * Writes are never sent twice;</li>
 * <li>TLS: an {@code SSLSocket} from the client's {@code SSLContext}, with the host name
 * checked ({@code HTTPS} endpoint identification), SNI, and the context's session
 * cache.</li>
 * </ul>
 * Proxies are not spoken: {@link ConsulHttpRequestFactory} sends exchanges to an address
 * a proxy applies to through {@link UrlConnectionExchanges}.
 */
final class SocketExchanges {

	static final int MAX_HEAD = 64 * 1024;

	static final int MAX_HEADERS = 128;

	private static final int IDLE_SECONDS = 5;

	static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(IDLE_SECONDS);

	/** Idle connections kept per address at most; more are closed when released. */
	private static final int MAX_IDLE = 32;

	private static final int BUFFER = 8192;

	/** Longest chunk-size or trailer line (less than the buffer: see readLine). */
	private static final int MAX_LINE = 4096;

	/**
	 * How long after its deadline the watchdog closes a connection; the socket timeout
	 * ends a silent read at the deadline itself.
	 */
	private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

	private static final byte[] HTTP_11 = " HTTP/1.1\r\nHost: ".getBytes(StandardCharsets.ISO_8859_1);

	private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.ISO_8859_1);

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.ISO_8859_1);

	private static final int NONE = 0;

	private static final int FIXED = 1;

	private static final int CHUNKED = 2;

	private static final int TO_CLOSE = 3;

	private static final int DONE = 4;

	private final int connectTimeoutMillis;

	private final long idleNanos;

	private final @Nullable SSLContext sslContext;

	private volatile @Nullable SSLSocketFactory sslSocketFactory;

	private volatile Route[] routes = new Route[0];

	private final Runnable evictor;

	/**
	 * Create the transport.
	 * @param connectTimeout the TCP (and TLS handshake) connect timeout
	 * @param sslContext the TLS context, {@code null} for the JVM's default
	 * @param idleNanos how long an idle connection is kept
	 */
	SocketExchanges(Duration connectTimeout, @Nullable SSLContext sslContext, long idleNanos) {
		this.connectTimeoutMillis = ConsulHttpRequestFactory.millis(connectTimeout);
		this.sslContext = sslContext;
		this.idleNanos = idleNanos;
		this.evictor = new Evictor(this);
		Watchdog.startChore(this.evictor);
	}

	/**
	 * The route to an address: its pool, and whether a proxy applies to it (asked of the
	 * JVM's {@code ProxySelector} once per address).
	 */
	Route route(URI uri) {
		String scheme = uri.getScheme();
		String authority = uri.getRawAuthority();
		for (Route route : this.routes) {
			if (route.authority.equals(authority) && route.scheme.equals(scheme)) {
				return route;
			}
		}
		synchronized (this) {
			Route[] known = this.routes;
			for (Route route : known) {
				if (route.authority.equals(authority) && route.scheme.equals(scheme)) {
					return route;
				}
			}
			Route route = new Route(uri, this.idleNanos);
			Route[] more = Arrays.copyOf(known, known.length + 1);
			more[known.length] = route;
			this.routes = more;
			return route;
		}
	}

	/**
	 * Close the idle connections. The client keeps working: a later call opens a new
	 * connection (a {@code Consul} closed before its watches or keepers stop is still
	 * used by them).
	 */
	void close() {
		for (Route route : this.routes) {
			route.evict(Long.MAX_VALUE);
		}
	}

	void evictIdle() {
		long now = System.nanoTime();
		for (Route route : this.routes) {
			route.evict(now);
		}
	}

	/**
	 * Run one exchange.
	 */
	ClientHttpResponse execute(Route route, URI uri, HttpMethod method, HttpHeaders headers,
			StreamingHttpOutputMessage.@Nullable Body body, Duration timeout, long deadline) throws IOException {
		byte[] content = ConsulHttpRequestFactory.bodyBytes(body);
		Connection connection = route.acquire();
		boolean reused = connection != null;
		while (true) {
			if (connection == null) {
				connection = connect(route, timeout, deadline);
			}
			else {
				connection.watch(deadline + GRACE_NANOS);
			}
			try {
				connection.send(uri, method, headers, content);
				return connection.receive(method, timeout, deadline);
			}
			catch (IOException | RuntimeException ex) {
				IOException failure = connection.failed(ex, timeout);
				connection.discard();
				if (ex instanceof RuntimeException runtime) {
					// an invalid header: nothing useful was sent
					throw runtime;
				}
				if (reused && failure == ex && !(ex instanceof SocketTimeoutException) && method == HttpMethod.GET
						&& connection.received == 0 && !Thread.currentThread().isInterrupted()) {
					// The agent closed the idle connection as we sent: a read goes once
					// more, on a new connection.
					reused = false;
					connection = null;
					continue;
				}
				throw failure;
			}
		}
	}

	private Connection connect(Route route, Duration timeout, long deadline) throws IOException {
		Socket raw = new Socket();
		Connection connection = new Connection(route, raw);
		connection.watch(deadline + GRACE_NANOS);
		try {
			long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			int connectMillis = (int) Math.max(1, Math.min(this.connectTimeoutMillis, remaining));
			raw.setTcpNoDelay(true);
			InetSocketAddress address = new InetSocketAddress(route.host, route.port);
			if (address.isUnresolved()) {
				throw new UnknownHostException(route.host);
			}
			raw.connect(address, connectMillis);
			Socket socket = raw;
			if (route.tls) {
				SSLSocket tls = (SSLSocket) sslSocketFactory().createSocket(raw, route.host, route.port, true);
				SSLParameters parameters = tls.getSSLParameters();
				// The host name is checked against the certificate, as browsers do.
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				if (!isIpLiteral(route.host)) {
					try {
						parameters.setServerNames(List.of(new SNIHostName(route.host)));
					}
					catch (IllegalArgumentException ex) {
						// not a name SNI can carry: the handshake goes without
					}
				}
				tls.setSSLParameters(parameters);
				tls.setSoTimeout(connectMillis);
				tls.startHandshake();
				socket = tls;
			}
			connection.connected(socket);
			return connection;
		}
		catch (IOException ex) {
			IOException watchdog = connection.finishFailed(timeout, ex);
			connection.discard();
			throw (watchdog != null) ? watchdog : ConsulHttpRequestFactory.connectFailure(ex);
		}
	}

	private SSLSocketFactory sslSocketFactory() {
		SSLSocketFactory factory = this.sslSocketFactory;
		if (factory == null) {
			factory = (this.sslContext != null) ? this.sslContext.getSocketFactory()
					: (SSLSocketFactory) SSLSocketFactory.getDefault();
			this.sslSocketFactory = factory;
		}
		return factory;
	}

	private static boolean isIpLiteral(String host) {
		if (host.indexOf(':') >= 0) {
			return true;
		}
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			if (c != '.' && (c < '0' || c > '9')) {
				return false;
			}
		}
		return true;
	}

	private static boolean nameIs(byte[] bytes, int start, int end, String lowerCaseName) {
		if (end - start != lowerCaseName.length()) {
			return false;
		}
		for (int i = 0; i < lowerCaseName.length(); i++) {
			int b = bytes[start + i];
			if (b >= 'A' && b <= 'Z') {
				b += 'a' - 'A';
			}
			if (b != lowerCaseName.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static boolean nameEqualsIgnoreCase(byte[] bytes, int start, int end, String name) {
		if (end - start != name.length()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			int b = bytes[start + i];
			int c = name.charAt(i);
			if (b != c) {
				if (b >= 'A' && b <= 'Z') {
					b += 'a' - 'A';
				}
				if (c >= 'A' && c <= 'Z') {
					c += 'a' - 'A';
				}
				if (b != c) {
					return false;
				}
			}
		}
		return true;
	}

	/** Whether a comma-separated header value holds a token (case-insensitive). */
	private static boolean hasToken(byte[] bytes, int start, int end, String lowerCaseToken) {
		int i = start;
		while (i < end) {
			int tokenStart = i;
			while (i < end && bytes[i] != ',') {
				i++;
			}
			int s = tokenStart;
			int e = i;
			while (s < e && (bytes[s] == ' ' || bytes[s] == '\t')) {
				s++;
			}
			while (e > s && (bytes[e - 1] == ' ' || bytes[e - 1] == '\t')) {
				e--;
			}
			if (nameIs(bytes, s, e, lowerCaseToken)) {
				return true;
			}
			i++;
		}
		return false;
	}

	/** Whether the last transfer coding of a header value is {@code chunked}. */
	private static boolean lastTokenIs(byte[] bytes, int start, int end, String lowerCaseToken) {
		int e = end;
		while (e > start && (bytes[e - 1] == ' ' || bytes[e - 1] == '\t')) {
			e--;
		}
		int s = e;
		while (s > start && bytes[s - 1] != ',') {
			s--;
		}
		while (s < e && (bytes[s] == ' ' || bytes[s] == '\t')) {
			s++;
		}
		return nameIs(bytes, s, e, lowerCaseToken);
	}

	/**
	 * One agent address: where to connect, its {@code Host} header, whether a proxy
	 * applies, and its idle connections (most recently used first).
	 */
	static final class Route {

		final String scheme;

		final String authority;

		final String host;

		final int port;

		final boolean tls;

		final byte[] hostHeader;

		private final boolean proxied;

		private final ArrayDeque<Connection> idle = new ArrayDeque<>();

		private final long idleNanos;

		Route(URI uri, long idleNanos) {
			this.idleNanos = idleNanos;
			this.scheme = uri.getScheme();
			this.authority = uri.getRawAuthority();
			this.tls = "https".equalsIgnoreCase(this.scheme);
			String host = uri.getHost();
			if (host == null) {
				throw new IllegalArgumentException("no host in " + uri);
			}
			this.host = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
			this.port = (uri.getPort() != -1) ? uri.getPort() : this.tls ? 443 : 80;
			this.hostHeader = (host + ":" + this.port).getBytes(StandardCharsets.ISO_8859_1);
			this.proxied = proxied(uri);
		}

		/**
		 * Whether the JVM's proxy selection gives anything but a direct connection for
		 * this address: system properties ({@code http.proxyHost}, {@code socksProxyHost}
		 * and their non-proxy hosts), {@code java.net.useSystemProxies} or an
		 * application's own {@link ProxySelector}. Asked once per address.
		 */
		private static boolean proxied(URI uri) {
			ProxySelector selector = ProxySelector.getDefault();
			if (selector == null) {
				return false;
			}
			try {
				List<Proxy> proxies = selector
					.select(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/"));
				return proxies != null && !proxies.isEmpty() && proxies.get(0).type() != Proxy.Type.DIRECT;
			}
			catch (RuntimeException ex) {
				return false;
			}
		}

		boolean proxied() {
			return this.proxied;
		}

		@Nullable Connection acquire() {
			long now = System.nanoTime();
			List<Connection> expired = null;
			Connection found = null;
			synchronized (this) {
				Connection connection;
				while ((connection = this.idle.pollFirst()) != null) {
					if (now - connection.idleSince < this.idleNanos) {
						found = connection;
						break;
					}
					// the most recent one expired: so did every older one
					expired = new ArrayList<>(this.idle);
					expired.add(connection);
					this.idle.clear();
				}
			}
			if (expired != null) {
				expired.forEach(Connection::discard);
			}
			return found;
		}

		void release(Connection connection) {
			connection.idleSince = System.nanoTime();
			synchronized (this) {
				if (this.idle.size() < MAX_IDLE) {
					this.idle.addFirst(connection);
					return;
				}
			}
			connection.discard();
		}

		/** Close the connections idle since before {@code now - idle timeout}. */
		void evict(long now) {
			List<Connection> expired = null;
			synchronized (this) {
				Connection oldest;
				while ((oldest = this.idle.peekLast()) != null
						&& (now == Long.MAX_VALUE || now - oldest.idleSince >= this.idleNanos)) {
					this.idle.pollLast();
					if (expired == null) {
						expired = new ArrayList<>();
					}
					expired.add(oldest);
				}
			}
			if (expired != null) {
				expired.forEach(Connection::discard);
			}
		}

	}

	/**
	 * Evicts idle connections from the watchdog thread about once a second, and lets the
	 * transport be collected when its client is dropped without being closed.
	 */
	private static final class Evictor implements Runnable {

		private final WeakReference<SocketExchanges> exchanges;

		Evictor(SocketExchanges exchanges) {
			this.exchanges = new WeakReference<>(exchanges);
		}

		@Override
		public void run() {
			SocketExchanges exchanges = this.exchanges.get();
			if (exchanges == null) {
				Watchdog.stopChore(this);
				return;
			}
			exchanges.evictIdle();
		}

	}

	/**
	 * One connection: its socket, a buffer for writing request heads and reading answers,
	 * and the watchdog registration of the exchange on it.
	 */
	final class Connection extends Watchdog {

		final Route route;

		private final Socket raw;

		private @Nullable Socket socket;

		private @Nullable InputStream in;

		private @Nullable OutputStream out;

		byte[] buffer = new byte[BUFFER];

		/** Read position and limit of the answer bytes in the buffer. */
		int pos;

		int lim;

		/** Write position of a request head in the buffer. */
		private int written;

		/** Bytes of the current answer read from the socket so far. */
		long received;

		long idleSince;

		private int soTimeout = -1;

		Connection(Route route, Socket raw) {
			this.route = route;
			this.raw = raw;
		}

		void connected(Socket socket) throws IOException {
			this.socket = socket;
			this.in = socket.getInputStream();
			this.out = socket.getOutputStream();
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

		void release() {
			if (this.pos != this.lim) {
				// bytes after the answer: the connection is out of step
				discard();
				return;
			}
			this.pos = 0;
			this.lim = 0;
			this.route.release(this);
		}

		// ---- request

		void send(URI uri, HttpMethod method, HttpHeaders headers, byte[] content) throws IOException {
			this.pos = 0;
			this.lim = 0;
			this.received = 0;
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
			put(this.route.hostHeader);
			putCrlf();
			ConsulHttpRequestFactory.forEachHeader(headers, this::putHeader);
			if (content.length > 0 || (method != HttpMethod.GET && method != HttpMethod.HEAD)) {
				put(CONTENT_LENGTH);
				putAscii(Integer.toString(content.length));
				putCrlf();
			}
			putCrlf();
			OutputStream output = this.out;
			if (this.written + content.length <= this.buffer.length) {
				// head and body in one write: one packet for a small request
				System.arraycopy(content, 0, this.buffer, this.written, content.length);
				this.written += content.length;
				flushHead();
			}
			else {
				flushHead();
				output.write(content);
			}
			output.flush();
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
			if (this.written == this.buffer.length) {
				flushHead();
			}
			this.buffer[this.written++] = b;
		}

		private void flushHead() throws IOException {
			this.out.write(this.buffer, 0, this.written);
			this.written = 0;
		}

		// ---- answer

		/**
		 * Read the status line and headers of the final answer (1xx answers skipped).
		 */
		SocketAnswer receive(HttpMethod method, Duration timeout, long deadline) throws IOException {
			while (true) {
				int end = awaitHead(timeout, deadline);
				SocketAnswer answer = parseHead(this.pos, end, method, timeout, deadline);
				this.pos = end;
				if (answer != null) {
					answer.start();
					return answer;
				}
			}
		}

		/**
		 * Read until the buffer holds a whole answer head from {@link #pos}.
		 * @return the index after its empty line
		 */
		private int awaitHead(Duration timeout, long deadline) throws IOException {
			int scan = this.pos;
			int lineStart = this.pos;
			int lines = 0;
			while (true) {
				while (scan < this.lim) {
					if (this.buffer[scan] == '\n') {
						int end = (scan > lineStart && this.buffer[scan - 1] == '\r') ? scan - 1 : scan;
						if (end == lineStart) {
							if (lines > 0) {
								return scan + 1;
							}
							// an empty line before the status line is skipped
							this.pos = scan + 1;
						}
						else if (++lines > MAX_HEADERS + 1) {
							throw new IOException("the answer has more than " + MAX_HEADERS + " header fields");
						}
						lineStart = scan + 1;
					}
					scan++;
				}
				if (this.lim - this.pos >= MAX_HEAD) {
					throw new IOException("the answer head is larger than " + MAX_HEAD + " bytes");
				}
				if (this.lim == this.buffer.length) {
					if (this.pos > 0) {
						int shift = this.pos;
						System.arraycopy(this.buffer, shift, this.buffer, 0, this.lim - shift);
						this.lim -= shift;
						scan -= shift;
						lineStart -= shift;
						this.pos = 0;
					}
					else {
						this.buffer = Arrays.copyOf(this.buffer, this.buffer.length * 2);
					}
				}
				if (fill(timeout, deadline) < 0) {
					if (this.received == 0) {
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
		private @Nullable SocketAnswer parseHead(int start, int end, HttpMethod method, Duration timeout, long deadline)
				throws IOException {
			byte[] b = this.buffer;
			int lineEnd = indexOf(b, start, end, (byte) '\n');
			int statusEnd = (lineEnd > start && b[lineEnd - 1] == '\r') ? lineEnd - 1 : lineEnd;
			// HTTP/1.x SP 3DIGIT [SP reason]
			if (statusEnd - start < 12 || !startsWith(b, start, "HTTP/1.") || !isDigit(b[start + 7])
					|| b[start + 8] != ' ' || !isDigit(b[start + 9]) || !isDigit(b[start + 10])
					|| !isDigit(b[start + 11]) || (statusEnd - start > 12 && b[start + 12] != ' ')) {
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
				int newline = indexOf(head, lineStart, headEnd, (byte) '\n');
				int e = (newline > lineStart && head[newline - 1] == '\r') ? newline - 1 : newline;
				if (e == lineStart) {
					break;
				}
				if (head[lineStart] == ' ' || head[lineStart] == '\t') {
					throw new IOException("the answer folds a header over lines (obsolete line folding)");
				}
				int colon = indexOf(head, lineStart, e, (byte) ':');
				if (colon == e || colon == lineStart) {
					throw new IOException("the answer has a malformed header line");
				}
				for (int i = lineStart; i < colon; i++) {
					if (!ConsulHttpRequestFactory.isTokenChar(head[i] & 0xFF)) {
						throw new IOException("the answer has a malformed header name");
					}
				}
				int vs = colon + 1;
				while (vs < e && (head[vs] == ' ' || head[vs] == '\t')) {
					vs++;
				}
				int ve = e;
				while (ve > vs && (head[ve - 1] == ' ' || head[ve - 1] == '\t')) {
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
				if (nameIs(head, lineStart, colon, "content-length")) {
					long length = parseLength(head, vs, ve);
					if (contentLength >= 0 && contentLength != length) {
						throw new IOException("the answer has conflicting Content-Length headers");
					}
					contentLength = length;
				}
				else if (nameIs(head, lineStart, colon, "transfer-encoding")) {
					if (lastTokenIs(head, vs, ve, "chunked")) {
						chunked = true;
						otherCoding = false;
					}
					else {
						chunked = false;
						otherCoding = true;
					}
				}
				else if (nameIs(head, lineStart, colon, "connection")) {
					close |= hasToken(head, vs, ve, "close");
					keepAlive |= hasToken(head, vs, ve, "keep-alive");
				}
				lineStart = newline + 1;
			}
			int framing;
			long length = 0;
			if (method == HttpMethod.HEAD || status == 204 || status == 304) {
				framing = NONE;
			}
			else if (chunked) {
				framing = CHUNKED;
			}
			else if (otherCoding || contentLength < 0) {
				framing = TO_CLOSE;
			}
			else {
				framing = FIXED;
				length = contentLength;
			}
			boolean reusable = !close && framing != TO_CLOSE && (!http10 || keepAlive);
			return new SocketAnswer(this, status, head, statusEnd - start, fields, count, framing, length, reusable,
					timeout, deadline);
		}

		private static long parseLength(byte[] b, int start, int end) throws IOException {
			if (start == end || end - start > 18) {
				throw new IOException("the answer has an invalid Content-Length");
			}
			long value = 0;
			for (int i = start; i < end; i++) {
				if (!isDigit(b[i])) {
					throw new IOException("the answer has an invalid Content-Length");
				}
				value = value * 10 + (b[i] - '0');
			}
			return value;
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

		private int readSocket(byte[] target, int offset, int length, Duration timeout, long deadline)
				throws IOException {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				throw ConsulHttpRequestFactory.timedOut(timeout, null);
			}
			long millis = (remaining + 999_999) / 1_000_000;
			int soTimeout = (millis >= Integer.MAX_VALUE) ? 0 : (int) millis;
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
		 * Read up to {@code length} answer bytes: from the buffer when it holds some,
		 * else straight from the socket for large reads.
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
		 * @return the line's end index in the buffer; the line starts at {@link #pos}
		 * before the call, which is then moved past the line end
		 */
		int readLine(Duration timeout, long deadline, boolean mayBlock) throws IOException {
			int scan = this.pos;
			while (true) {
				int newline = indexOf(this.buffer, scan, this.lim, (byte) '\n');
				if (newline < this.lim) {
					return newline;
				}
				scan = this.lim;
				if (this.lim - this.pos >= MAX_LINE) {
					throw new IOException("the answer has a malformed chunked body (line too long)");
				}
				if (!mayBlock) {
					throw WouldBlock.INSTANCE;
				}
				int before = this.pos;
				if (fill(timeout, deadline) < 0) {
					throw new EOFException("the chunked answer ended early");
				}
				scan -= before - this.pos;
			}
		}

	}

	/** Thrown while skipping an unread body when the rest is not buffered yet. */
	private static final class WouldBlock extends IOException {

		static final WouldBlock INSTANCE = new WouldBlock();

		private WouldBlock() {
			super("the rest of the body is not buffered", null);
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

	private static int indexOf(byte[] b, int from, int to, byte value) {
		for (int i = from; i < to; i++) {
			if (b[i] == value) {
				return i;
			}
		}
		return to;
	}

	private static boolean startsWith(byte[] b, int start, String prefix) {
		for (int i = 0; i < prefix.length(); i++) {
			if (b[start + i] != prefix.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isDigit(byte b) {
		return b >= '0' && b <= '9';
	}

	/**
	 * An answer on a socket connection, and its own body stream. Headers are kept as the
	 * bytes of the head with the offsets of each field; a value becomes a String only
	 * when asked for.
	 */
	static final class SocketAnswer extends ConsulHttpRequestFactory.AnswerBody
			implements ClientHttpResponse, ConsulHttpRequestFactory.Answer {

		private final Connection connection;

		private final int status;

		private final byte[] head;

		private final int statusLineEnd;

		private final int[] fields;

		private final int count;

		private int framing;

		/** Bytes left of a fixed-length body or of the current chunk. */
		private long remaining;

		private boolean chunkStarted;

		private final boolean reusable;

		private final Duration timeout;

		private final long deadline;

		private @Nullable HttpHeaders headers;

		private byte @Nullable [] one;

		SocketAnswer(Connection connection, int status, byte[] head, int statusLineEnd, int[] fields, int count,
				int framing, long length, boolean reusable, Duration timeout, long deadline) {
			this.connection = connection;
			this.status = status;
			this.head = head;
			this.statusLineEnd = statusLineEnd;
			this.fields = fields;
			this.count = count;
			this.framing = framing;
			this.remaining = length;
			this.reusable = reusable;
			this.timeout = timeout;
			this.deadline = deadline;
		}

		/** A body known to be empty completes at once: the connection is free. */
		void start() throws IOException {
			if (this.framing == NONE || (this.framing == FIXED && this.remaining == 0)) {
				complete();
			}
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatusCode.valueOf(this.status);
		}

		@Override
		public String getStatusText() {
			return (this.statusLineEnd > 13)
					? new String(this.head, 13, this.statusLineEnd - 13, StandardCharsets.ISO_8859_1) : "";
		}

		@Override
		public @Nullable String get(String name) {
			byte[] b = this.head;
			int[] f = this.fields;
			for (int i = 0; i < this.count; i++) {
				int at = i * 4;
				if (nameEqualsIgnoreCase(b, f[at], f[at + 1], name)) {
					return new String(b, f[at + 2], f[at + 3] - f[at + 2], StandardCharsets.ISO_8859_1);
				}
			}
			return null;
		}

		@Override
		public HttpHeaders getHeaders() {
			HttpHeaders all = this.headers;
			if (all == null) {
				all = new HttpHeaders();
				byte[] b = this.head;
				int[] f = this.fields;
				for (int i = 0; i < this.count; i++) {
					int at = i * 4;
					all.add(new String(b, f[at], f[at + 1] - f[at], StandardCharsets.ISO_8859_1),
							new String(b, f[at + 2], f[at + 3] - f[at + 2], StandardCharsets.ISO_8859_1));
				}
				this.headers = all;
			}
			return all;
		}

		@Override
		public SocketAnswer getBody() {
			return this;
		}

		@Override
		SocketAnswer answer() {
			return this;
		}

		@Override
		public byte[] bytes() throws IOException {
			if (this.framing == DONE) {
				return ConsulHttpRequestFactory.EMPTY;
			}
			if (this.framing == FIXED && this.remaining < Integer.MAX_VALUE - 8) {
				byte[] bytes = new byte[(int) this.remaining];
				int read = 0;
				while (read < bytes.length) {
					read += read(bytes, read, bytes.length - read);
				}
				return bytes;
			}
			byte[] buffer = new byte[Math.max(1024, this.connection.lim - this.connection.pos)];
			int read = 0;
			while (true) {
				if (read == buffer.length) {
					buffer = Arrays.copyOf(buffer, buffer.length * 2);
				}
				int n = read(buffer, read, buffer.length - read);
				if (n < 0) {
					return (read == buffer.length) ? buffer : Arrays.copyOf(buffer, read);
				}
				read += n;
			}
		}

		@Override
		public int read() throws IOException {
			byte[] one = this.one;
			if (one == null) {
				one = new byte[1];
				this.one = one;
			}
			int n = read(one, 0, 1);
			return (n < 0) ? -1 : (one[0] & 0xFF);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (len == 0) {
				return 0;
			}
			if (this.framing == DONE) {
				return -1;
			}
			try {
				return readBody(b, off, len, true);
			}
			catch (IOException | RuntimeException ex) {
				this.framing = DONE;
				IOException failure = this.connection.failed(ex, this.timeout);
				this.connection.discard();
				throw failure;
			}
		}

		private int readBody(byte[] b, int off, int len, boolean mayBlock) throws IOException {
			Connection c = this.connection;
			switch (this.framing) {
				case FIXED -> {
					if (this.remaining == 0) {
						complete();
						return -1;
					}
					if (!mayBlock && c.pos == c.lim) {
						throw WouldBlock.INSTANCE;
					}
					int n = c.read(b, off, (int) Math.min(len, this.remaining), this.timeout, this.deadline);
					if (n < 0) {
						throw new EOFException(
								"the answer ended " + this.remaining + " bytes before its announced end");
					}
					this.remaining -= n;
					if (this.remaining == 0) {
						complete();
					}
					return n;
				}
				case CHUNKED -> {
					if (this.remaining == 0 && !nextChunk(mayBlock)) {
						complete();
						return -1;
					}
					if (!mayBlock && c.pos == c.lim) {
						throw WouldBlock.INSTANCE;
					}
					int n = c.read(b, off, (int) Math.min(len, this.remaining), this.timeout, this.deadline);
					if (n < 0) {
						throw new EOFException("the chunked answer ended inside a chunk");
					}
					this.remaining -= n;
					return n;
				}
				case TO_CLOSE -> {
					if (!mayBlock && c.pos == c.lim) {
						throw WouldBlock.INSTANCE;
					}
					int n = c.read(b, off, len, this.timeout, this.deadline);
					if (n < 0) {
						complete();
					}
					return n;
				}
				default -> {
					return -1;
				}
			}
		}

		/**
		 * Move to the next chunk: the line end after the previous chunk's data, then the
		 * size line.
		 * @return {@code false} after the last chunk (and its trailers, skipped)
		 */
		private boolean nextChunk(boolean mayBlock) throws IOException {
			Connection c = this.connection;
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
			if (digits == 0 || (i < end && c.buffer[i] != ';' && c.buffer[i] != ' ' && c.buffer[i] != '\t'
					&& c.buffer[i] != '\r')) {
				throw new IOException("the answer has a malformed chunked body (bad chunk size)");
			}
			c.pos = end + 1;
			if (size > 0) {
				this.remaining = size;
				return true;
			}
			// the last chunk: skip the trailer fields up to the empty line
			for (int lines = 0;; lines++) {
				if (lines > MAX_HEADERS) {
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

		/** The body was read to its end: the connection goes back to the pool. */
		private void complete() throws IOException {
			boolean ended = this.framing == TO_CLOSE;
			this.framing = DONE;
			IOException watchdog = this.connection.finishFailed(this.timeout, null);
			if (watchdog != null) {
				this.connection.discard();
				throw watchdog;
			}
			if (this.reusable && !ended) {
				this.connection.release();
			}
			else {
				this.connection.discard();
			}
		}

		/**
		 * Close the answer, read or not: an unread rest that is already buffered is
		 * skipped and the connection reused, otherwise the connection is closed.
		 */
		@Override
		public void close() {
			if (this.framing == DONE) {
				return;
			}
			if (this.framing != TO_CLOSE && this.reusable) {
				try {
					byte[] skip = new byte[512];
					while (this.framing != DONE) {
						readBody(skip, 0, skip.length, false);
					}
					return;
				}
				catch (IOException | RuntimeException ex) {
					// not all buffered, or broken: the connection goes
				}
			}
			this.framing = DONE;
			this.connection.finish();
			this.connection.discard();
		}

	}

}
