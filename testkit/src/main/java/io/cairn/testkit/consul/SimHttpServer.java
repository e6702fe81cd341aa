package io.cairn.testkit.consul;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The simulator's HTTP/1.1 server, shaped like the Go {@code net/http} server of a real
 * agent rather than like the JDK's {@code HttpServer}: a thread per connection (Go's
 * goroutine per connection) reads a request, runs the handler and writes the answer's
 * head and body in one write, with TCP_NODELAY, keep-alive, {@code Content-Length} or
 * chunked request bodies, {@code Expect: 100-continue}, Go's canonical header names, a
 * {@code Date} on every answer, and a 400 that closes the connection for a request it
 * cannot read.
 * <p>
 * Why not the JDK's server: it hands every request from its selector thread to a worker
 * and back, and writes every answer in two segments (the head, then the body), which no
 * agent does. That cost about 48 us of the simulator's CPU per KV read on a 2-core
 * machine (this server: about 24 us), most of a client's round trip, so benchmarks of
 * clients measured the simulator (see {@code docs/consul-client.md}, Benchmark).
 */
final class SimHttpServer implements Closeable {

	/** Go's default limit on a request's head ({@code http.DefaultMaxHeaderBytes}). */
	static final int MAX_HEAD = 1 << 20;

	/** Bodies beyond this are refused with 413 (Consul's largest, a snapshot, fits). */
	static final int MAX_BODY = 64 << 20;

	private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

	private final ServerSocket listener;

	private final Handler handler;

	private final String threadPrefix;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

	private final AtomicInteger count = new AtomicInteger();

	private volatile boolean closed;

	private volatile @Nullable String date;

	private volatile long dateSecond = -1;

	/**
	 * Bind a server; {@link #start()} starts accepting.
	 * @param address where to listen
	 * @param handler what answers each request
	 * @param threadPrefix the name of the accepting thread and the prefix of the
	 * connections' threads
	 * @throws IOException when the address cannot be bound
	 */
	SimHttpServer(InetSocketAddress address, Handler handler, String threadPrefix) throws IOException {
		ServerSocket socket = new ServerSocket();
		try {
			socket.setReuseAddress(true);
			socket.bind(address, 128);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
		this.listener = socket;
		this.handler = handler;
		this.threadPrefix = threadPrefix;
	}

	int port() {
		return this.listener.getLocalPort();
	}

	void start() {
		daemon(this::accept, this.threadPrefix + "-accept").start();
	}

	/**
	 * Stop: the listener closes (new connections are refused), every open connection is
	 * closed and its thread interrupted, which ends a blocked request.
	 */
	@Override
	public void close() {
		this.closed = true;
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			// closing is all that matters
		}
		for (Socket socket : this.connections) {
			closeQuietly(socket);
		}
		for (Thread thread : this.threads) {
			thread.interrupt();
		}
	}

	private void accept() {
		while (!this.closed) {
			Socket socket;
			try {
				socket = this.listener.accept();
			}
			catch (IOException ex) {
				// closed, a connection reset before it was accepted, or out of file
				// descriptors for a moment: no busy loop on a lasting failure
				pause();
				continue;
			}
			this.connections.add(socket);
			if (this.closed) {
				closeQuietly(socket);
				this.connections.remove(socket);
				return;
			}
			daemon(() -> serve(socket), this.threadPrefix + "-" + this.count.incrementAndGet()).start();
		}
	}

	private static void pause() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(() -> {
			try {
				task.run();
			}
			finally {
				this.threads.remove(Thread.currentThread());
			}
		}, name);
		thread.setDaemon(true);
		this.threads.add(thread);
		return thread;
	}

	private void serve(Socket socket) {
		try (socket) {
			socket.setTcpNoDelay(true);
			Input in = new Input(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			while (!this.closed) {
				Exchange exchange;
				try {
					exchange = read(in, out);
				}
				catch (BadRequest ex) {
					out.write(plain(ex.status, ex.getMessage()));
					return;
				}
				if (exchange == null) {
					return;
				}
				this.handler.handle(exchange);
				if (!exchange.answered || !exchange.keepAlive) {
					// A handler that did not answer (cut by a stop, an interrupt) leaves
					// the client to see the connection close, as Go does.
					return;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// the client went away, or the server is closing
		}
		finally {
			this.connections.remove(socket);
		}
	}

	/**
	 * Read the next request, {@code null} at a clean end of the connection.
	 */
	private @Nullable Exchange read(Input in, OutputStream out) throws IOException {
		int[] budget = { MAX_HEAD };
		String requestLine = readLine(in, budget);
		while (requestLine != null && requestLine.isEmpty()) {
			// empty lines before a request are ignored (RFC 9112 2.2)
			requestLine = readLine(in, budget);
		}
		if (requestLine == null) {
			return null;
		}
		String[] parts = requestLine.split(" ", -1);
		if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].startsWith("HTTP/1.")) {
			throw new BadRequest(400, "400 Bad Request");
		}
		URI uri;
		try {
			uri = new URI(parts[1]);
		}
		catch (URISyntaxException ex) {
			// answered as Go's server answers a target it cannot parse
			throw new BadRequest(400, "400 Bad Request: invalid request URI");
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		String line;
		while (!(line = readLine(in, budget)).isEmpty()) {
			int colon = line.indexOf(':');
			if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
					|| line.substring(0, colon).strip().length() != colon) {
				throw new BadRequest(400, "400 Bad Request: malformed MIME header line");
			}
			headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), (k) -> new ArrayList<>())
				.add(line.substring(colon + 1).strip());
		}
		boolean http10 = parts[2].equals("HTTP/1.0");
		String connection = String.join(",", headers.getOrDefault("connection", List.of())).toLowerCase(Locale.ROOT);
		boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
		String coding = String.join(",", headers.getOrDefault("transfer-encoding", List.of()));
		List<String> lengths = headers.getOrDefault("content-length", List.of());
		boolean expectsBody = !coding.isEmpty() || (!lengths.isEmpty() && !lengths.get(0).equals("0"));
		if (expectsBody && headers.getOrDefault("expect", List.of()).contains("100-continue")) {
			out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		}
		byte[] body;
		if (!coding.isEmpty()) {
			if (!coding.strip().toLowerCase(Locale.ROOT).endsWith("chunked")) {
				throw new BadRequest(501, "501 Not Implemented: unsupported transfer encoding");
			}
			body = readChunked(in, budget);
		}
		else {
			body = readFixed(in, contentLength(lengths));
		}
		return new Exchange(parts[0], parts[1], uri, headers, body, keepAlive, out);
	}

	private static long contentLength(List<String> values) throws BadRequest {
		long length = -1;
		for (String value : values) {
			long parsed;
			try {
				parsed = value.isEmpty() ? -1 : Long.parseLong(value);
			}
			catch (NumberFormatException ex) {
				parsed = -1;
			}
			if (parsed < 0 || (length >= 0 && parsed != length)) {
				throw new BadRequest(400, "400 Bad Request: bad Content-Length");
			}
			length = parsed;
		}
		if (length > MAX_BODY) {
			throw new BadRequest(413, "413 Request Entity Too Large");
		}
		return Math.max(length, 0);
	}

	private static byte[] readFixed(Input in, long length) throws IOException {
		byte[] body = new byte[(int) length];
		int filled = 0;
		while (filled < body.length) {
			if (in.pos == in.lim && in.fill() < 0) {
				throw new EOFException("the request ended in its body");
			}
			int n = Math.min(in.lim - in.pos, body.length - filled);
			System.arraycopy(in.buffer, in.pos, body, filled, n);
			in.pos += n;
			filled += n;
		}
		return body;
	}

	private static byte[] readChunked(Input in, int[] budget) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine(in, budget);
			int extension = sizeLine.indexOf(';');
			String hex = ((extension >= 0) ? sizeLine.substring(0, extension) : sizeLine).strip();
			int size;
			try {
				size = Integer.parseInt(hex, 16);
			}
			catch (NumberFormatException ex) {
				throw new BadRequest(400, "400 Bad Request: invalid chunk length");
			}
			if (size < 0 || body.size() + (long) size > MAX_BODY) {
				throw new BadRequest(413, "413 Request Entity Too Large");
			}
			if (size == 0) {
				// trailers, up to the empty line
				while (!readLine(in, budget).isEmpty()) {
					// ignored
				}
				return body.toByteArray();
			}
			body.write(readFixed(in, size));
			if (!readLine(in, budget).isEmpty()) {
				throw new BadRequest(400, "400 Bad Request: malformed chunked encoding");
			}
		}
	}

	/**
	 * A line without its CRLF (a bare LF accepted), {@code null} at the end of the stream
	 * before any byte of it.
	 */
	private static @Nullable String readLineOrEnd(Input in, int[] budget) throws IOException {
		StringBuilder line = null;
		while (true) {
			if (in.pos == in.lim && in.fill() < 0) {
				if (line == null) {
					return null;
				}
				throw new EOFException("the request ended in a line");
			}
			int start = in.pos;
			int newline = start;
			while (newline < in.lim && in.buffer[newline] != '\n') {
				newline++;
			}
			budget[0] -= newline - start;
			if (budget[0] < 0) {
				throw new BadRequest(431, "431 Request Header Fields Too Large");
			}
			String part = new String(in.buffer, start, newline - start, StandardCharsets.ISO_8859_1);
			if (newline == in.lim) {
				// the line goes on in the next read
				in.pos = in.lim;
				line = (line != null) ? line.append(part) : new StringBuilder(part);
				continue;
			}
			in.pos = newline + 1;
			String whole = (line != null) ? line.append(part).toString() : part;
			return whole.endsWith("\r") ? whole.substring(0, whole.length() - 1) : whole;
		}
	}

	private static String readLine(Input in, int[] budget) throws IOException {
		String line = readLineOrEnd(in, budget);
		if (line == null) {
			throw new EOFException("the request ended in its head");
		}
		return line;
	}

	private byte[] plain(int status, String message) {
		Map<String, String> headers = new TreeMap<>();
		headers.put("Content-Type", "text/plain; charset=utf-8");
		byte[] body = message.getBytes(StandardCharsets.UTF_8);
		return join(head(status, headers, body.length, false, false), body);
	}

	private byte[] head(int status, Map<String, String> headers, long contentLength, boolean chunked,
			boolean keepAlive) {
		// Go writes the header fields sorted by their canonical names.
		Map<String, String> sorted = new TreeMap<>();
		headers.forEach((name, value) -> sorted.put(canonical(name), value));
		sorted.put("Date", date());
		if (chunked) {
			sorted.put("Transfer-Encoding", "chunked");
		}
		else {
			sorted.put("Content-Length", Long.toString(contentLength));
		}
		if (!keepAlive) {
			sorted.put("Connection", "close");
		}
		StringBuilder head = new StringBuilder(256);
		head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
		sorted.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	private String date() {
		long second = System.currentTimeMillis() / 1000;
		String cached = this.date;
		if (cached == null || second != this.dateSecond) {
			cached = DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
			this.date = cached;
			this.dateSecond = second;
		}
		return cached;
	}

	/** Go's canonical form of a header name: {@code x-consul-index} is X-Consul-Index. */
	static String canonical(String name) {
		char[] chars = name.toCharArray();
		boolean upper = true;
		for (int i = 0; i < chars.length; i++) {
			chars[i] = upper ? Character.toUpperCase(chars[i]) : Character.toLowerCase(chars[i]);
			upper = chars[i] == '-';
		}
		return new String(chars);
	}

	private static String reason(int status) {
		return switch (status) {
			case 200 -> "OK";
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 405 -> "Method Not Allowed";
			case 409 -> "Conflict";
			case 413 -> "Request Entity Too Large";
			case 429 -> "Too Many Requests";
			case 431 -> "Request Header Fields Too Large";
			case 500 -> "Internal Server Error";
			case 501 -> "Not Implemented";
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			default -> "Status " + status;
		};
	}

	private static byte[] join(byte[] head, byte[] body) {
		byte[] all = new byte[head.length + body.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(body, 0, all, head.length, body.length);
		return all;
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing is all that matters
		}
	}

	/** Answers requests. */
	@FunctionalInterface
	interface Handler {

		/**
		 * Answer a request through one of the exchange's answer methods; an exchange left
		 * unanswered closes its connection.
		 */
		void handle(Exchange exchange) throws IOException;

	}

	/**
	 * One request and the means to answer it once.
	 */
	final class Exchange {

		final String method;

		/** The request target as sent (origin form: path and query). */
		final String target;

		/** The request target, parsed. */
		final URI uri;

		/** The header fields, by lower-case name. */
		final Map<String, List<String>> headers;

		final byte[] body;

		private final boolean keepAlive;

		private final OutputStream out;

		private boolean answered;

		private Exchange(String method, String target, URI uri, Map<String, List<String>> headers, byte[] body,
				boolean keepAlive, OutputStream out) {
			this.method = method;
			this.target = target;
			this.uri = uri;
			this.headers = headers;
			this.body = body;
			this.keepAlive = keepAlive;
			this.out = out;
		}

		/**
		 * Answer with a body of known length, head and body in one write (no body after
		 * HEAD).
		 */
		void respond(int status, Map<String, String> headers, byte[] body) throws IOException {
			this.answered = true;
			byte[] head = head(status, headers, body.length, false, this.keepAlive);
			this.out.write(this.method.equals("HEAD") ? head : join(head, body));
		}

		/**
		 * Announce a length, send fewer bytes and close the connection: a truncated
		 * answer.
		 */
		void respondShort(int status, Map<String, String> headers, byte[] body, long announcedLength)
				throws IOException {
			this.out.write(join(head(status, headers, announcedLength, false, false), body));
		}

		/**
		 * Answer with a chunked stream: each {@code flush()} sends what was written as
		 * one chunk, {@code close()} ends the answer.
		 */
		OutputStream respondChunked(int status, Map<String, String> headers) throws IOException {
			this.answered = true;
			this.out.write(head(status, headers, -1, true, this.keepAlive));
			return new ChunkedOutput(this.out);
		}

	}

	/** A connection's input with its own buffer (no lock per byte read). */
	private static final class Input {

		private final InputStream raw;

		final byte[] buffer = new byte[16 * 1024];

		int pos;

		int lim;

		Input(InputStream raw) {
			this.raw = raw;
		}

		/** Read more after the buffered bytes were all taken. */
		int fill() throws IOException {
			int n = this.raw.read(this.buffer, 0, this.buffer.length);
			this.pos = 0;
			this.lim = Math.max(n, 0);
			return n;
		}

	}

	/** Writes each flush as one chunk. */
	private static final class ChunkedOutput extends OutputStream {

		private final OutputStream out;

		private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

		private boolean closed;

		ChunkedOutput(OutputStream out) {
			this.out = out;
		}

		@Override
		public void write(int b) {
			this.pending.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.pending.write(b, off, len);
		}

		@Override
		public void flush() throws IOException {
			if (this.pending.size() == 0) {
				return;
			}
			byte[] size = (Integer.toHexString(this.pending.size()) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
			byte[] chunk = join(join(size, this.pending.toByteArray()), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
			this.pending.reset();
			this.out.write(chunk);
		}

		@Override
		public void close() throws IOException {
			if (!this.closed) {
				this.closed = true;
				flush();
				this.out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
		}

	}

	/** A request the server cannot read: answered with the status, then closed. */
	private static final class BadRequest extends IOException {

		private final int status;

		BadRequest(int status, String message) {
			super(message);
			this.status = status;
		}

	}

}
