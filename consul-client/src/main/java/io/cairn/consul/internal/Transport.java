package io.cairn.consul.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import io.cairn.consul.Consistency;
import io.cairn.consul.ConsulAclException;
import io.cairn.consul.ConsulAnswerTooLargeException;
import io.cairn.consul.ConsulConflictException;
import io.cairn.consul.ConsulDecodeException;
import io.cairn.consul.ConsulException;
import io.cairn.consul.ConsulNotFoundException;
import io.cairn.consul.ConsulRateLimitException;
import io.cairn.consul.ConsulRequestException;
import io.cairn.consul.ConsulResponse;
import io.cairn.consul.ConsulServerException;
import io.cairn.consul.ConsulTransportException;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.ResponseMeta;
import io.cairn.duration.GoDuration;

/**
 * Runs {@link Request}s against the agents, over a standard HTTP client ({@link Http}).
 * What is Consul's own lives here: the URL with the common parameters, the token and
 * cache headers, the timeout (a blocking query gets {@code wait + wait/16 + margin}),
 * failover to the next agent address, which writes may be sent again, the bound on answer
 * sizes, the response metadata, typed errors and the observer.
 */
public final class Transport implements AutoCloseable {

	/** The most of an error answer a streamed call reads, for its exception. */
	private static final int MAX_STREAMED_ERROR = 64 * 1024;

	private final Settings settings;

	private final List<String> bases;

	private final AtomicInteger current = new AtomicInteger();

	private final Http http;

	/**
	 * Create the transport of one client.
	 * @param settings what the client was built with
	 */
	public Transport(Settings settings) {
		this.settings = settings;
		this.bases = settings.addresses().stream().map((uri) -> stripSlash(uri.toString())).toList();
		HttpClient shared = settings.sharedHttpClient();
		this.http = (shared != null) ? new JdkHttp(shared, false)
				: new JdkHttp(JdkHttp.newClient(settings.connectTimeout(), settings.sslContext()), true);
	}

	/**
	 * A JDK HTTP client set up as the transport needs it (HTTP/1.1, no redirects), to
	 * share between several clients.
	 * @param connectTimeout the connect (and TLS handshake) timeout
	 * @param sslContext the TLS context, or {@code null} for the JVM's
	 * @return a new client; its creator closes it
	 */
	public static HttpClient newHttpClient(Duration connectTimeout, @Nullable SSLContext sslContext) {
		return JdkHttp.newClient(connectTimeout, sslContext);
	}

	private static String stripSlash(String base) {
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	/** Release the HTTP client's idle connections where it allows that. */
	@Override
	public void close() {
		this.http.close();
	}

	/**
	 * The address calls currently go to (it changes after a failover).
	 * @return the base URL, for example {@code http://127.0.0.1:8500}
	 */
	public String currentAddress() {
		return this.bases.get(this.current.get());
	}

	/**
	 * Run a request and decode its answer.
	 * @param <T> the value type
	 * @param request the request
	 * @param reader decodes the body
	 * @return the value with the response metadata
	 */
	public <T> ConsulResponse<T> execute(Request request, Reader<T> reader) {
		return run(request, (call, start) -> {
			Http.Answer answer = this.http.exchange(call);
			return observed(request, answer.status(), start,
					() -> decode(request, reader, answer.status(), answer.body(), answer.headers()));
		});
	}

	/**
	 * Run a request whose answer is read as a stream (snapshots, the agent's log
	 * monitor): its body is not bounded, the reader decides how much to read.
	 * @param <T> the result type
	 * @param request the request
	 * @param reader reads the body
	 * @return what the reader returned
	 */
	public <T> T executeStream(Request request, StreamReader<T> reader) {
		request.streaming();
		return run(request, (call, start) -> {
			Http.Streamed answer = this.http.stream(call);
			int status = answer.status();
			try (InputStream body = answer.body()) {
				if (status >= 200 && status < 300) {
					T result = reader.read(body, meta(answer.headers()));
					this.settings.observer()
						.exchanged(request.method, request.template, status, System.nanoTime() - start, null);
					return result;
				}
				byte[] error = body.readNBytes(MAX_STREAMED_ERROR);
				return observed(request, status, start, () -> {
					throw error(request, status, error, answer.headers());
				});
			}
		});
	}

	private <T> T run(Request request, Exchange<T> exchange) {
		String pathAndQuery = pathAndQuery(request);
		Duration timeout = timeoutFor(request);
		List<String> headers = headers(request);
		long start = System.nanoTime();
		int size = this.bases.size();
		int first = this.current.get();
		boolean resent = false;
		for (int attempt = 0;;) {
			int slot = (first + attempt) % size;
			URI uri = URI.create(this.bases.get(slot) + pathAndQuery);
			try {
				if (Thread.currentThread().isInterrupted()) {
					throw new InterruptedIOException("interrupted before calling Consul");
				}
				T result = exchange.run(new Http.Call(uri, request.method, headers, request.body, request.contentType,
						timeout, this.settings.maxAnswerSize()), start);
				if (slot != first) {
					this.current.compareAndSet(first, slot);
				}
				return result;
			}
			catch (IOException io) {
				boolean timedOut = isTimeout(io);
				boolean connectFailure = isConnectFailure(io);
				boolean retriable = !timedOut && !(io instanceof InterruptedIOException)
						&& !(io instanceof AnswerTooLargeException);
				if (retriable && request.resendable && !resent && nothingAnswered(io)) {
					// Its second application changes nothing, and the agent closed the
					// connection as we sent (an idle one it dropped, or a restart).
					resent = true;
					continue;
				}
				if (retriable && attempt + 1 < size && (connectFailure || (request.idempotent() && !request.stream))) {
					attempt++;
					continue;
				}
				ConsulTransportException failure = (io instanceof AnswerTooLargeException tooLarge)
						? new ConsulAnswerTooLargeException(
								"answer from " + origin(uri) + " larger than " + tooLarge.limit() + " bytes",
								request.template, tooLarge.limit(), io)
						: new ConsulTransportException(describe(io, uri, timeout), request.template, timedOut, io);
				this.settings.observer()
					.exchanged(request.method, request.template, 0, System.nanoTime() - start, failure);
				throw failure;
			}
		}
	}

	private <T> T observed(Request request, int status, long start, Decoding<T> decoding) {
		try {
			T result = decoding.decode();
			this.settings.observer()
				.exchanged(request.method, request.template, status, System.nanoTime() - start, null);
			return result;
		}
		catch (ConsulException ex) {
			this.settings.observer().exchanged(request.method, request.template, status, System.nanoTime() - start, ex);
			throw ex;
		}
	}

	/**
	 * The request headers: the token (checked, so that no value can add a header or end
	 * the head; the message never holds the token) and the agent cache's directives.
	 */
	private List<String> headers(Request request) {
		List<String> headers = new ArrayList<>(4);
		String token = (request.options.token() != null) ? request.options.token() : this.settings.token();
		if (token != null && !this.settings.tokenInQuery()) {
			checkValue("X-Consul-Token", token);
			headers.add("X-Consul-Token");
			headers.add(token);
		}
		String cacheControl = cacheControl(request.options);
		if (cacheControl != null) {
			headers.add("Cache-Control");
			headers.add(cacheControl);
		}
		return headers;
	}

	private static void checkValue(String name, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 32 && c != '\t') || c == 127 || c > 255) {
				throw new IllegalArgumentException("invalid character in the value of header " + name);
			}
		}
	}

	private <T> ConsulResponse<T> decode(Request request, Reader<T> reader, int status, byte[] body,
			Http.Headers headers) {
		ResponseMeta meta = meta(headers);
		boolean success = status >= 200 && status < 300;
		if (success || request.isAnswer(status)) {
			try {
				return new ConsulResponse<>(reader.read(status, body, meta), meta);
			}
			catch (JacksonException | IllegalArgumentException | IOException ex) {
				throw new ConsulDecodeException(status, body, request.template, ex);
			}
		}
		if (status == 404 && request.notFoundIsEmpty) {
			return new ConsulResponse<>(reader.absent(), meta);
		}
		throw error(request, status, body, headers);
	}

	private static ConsulException error(Request request, int status, byte[] body, Http.Headers headers) {
		return switch (status) {
			case 403 -> new ConsulAclException(status, body, request.template);
			case 404 -> new ConsulNotFoundException(body, request.template);
			case 409 -> new ConsulConflictException(status, body, request.template);
			case 429 -> new ConsulRateLimitException(body, request.template, retryAfter(headers.get("Retry-After")));
			default -> (status >= 500) ? new ConsulServerException(status, body, request.template)
					: new ConsulRequestException(status, body, request.template);
		};
	}

	private String pathAndQuery(Request request) {
		QueryOptions options = request.options;
		String datacenter = (options.datacenter() != null) ? options.datacenter() : this.settings.datacenter();
		request.param("dc", datacenter);
		if (request.consistencyApplies) {
			Consistency consistency = (options.consistency() != null) ? options.consistency()
					: this.settings.consistency();
			request.flag("stale", consistency == Consistency.STALE);
			request.flag("consistent", consistency == Consistency.CONSISTENT && !options.isCached());
		}
		request.flag("cached", options.isCached());
		if (options.isBlocking()) {
			if (options.hash() != null) {
				request.param("hash", options.hash());
			}
			else {
				request.param("index", Long.toUnsignedString(options.index()));
			}
			request.param("wait", GoDuration.format(blockingWait(options)));
		}
		request.param("filter", options.filter());
		request.param("near", options.near());
		for (String pair : options.nodeMeta()) {
			request.param("node-meta", pair);
		}
		request.param("ns", options.namespace());
		request.param("partition", options.partition());
		if (this.settings.tokenInQuery()) {
			request.param("token", (options.token() != null) ? options.token() : this.settings.token());
		}
		StringBuilder query = request.query();
		return (query.length() == 0) ? "/v1/" + request.path : "/v1/" + request.path + "?" + query;
	}

	private Duration blockingWait(QueryOptions options) {
		Duration wait = (options.waitTime() != null) ? options.waitTime() : this.settings.defaultWait();
		return (wait.compareTo(QueryOptions.MAX_WAIT) > 0) ? QueryOptions.MAX_WAIT : wait;
	}

	/**
	 * Consul may hold a blocking query for {@code wait} plus a random jitter of up to
	 * {@code wait/16}: the read timeout must be longer than both, or the caller sees a
	 * timeout where Consul would have answered (the classic bug of the Java clients).
	 */
	Duration timeoutFor(Request request) {
		if (request.timeout != null) {
			return request.timeout;
		}
		if (request.options.isBlocking()) {
			Duration wait = blockingWait(request.options);
			return wait.plus(wait.dividedBy(16)).plus(this.settings.blockingMargin());
		}
		return this.settings.readTimeout();
	}

	private static @Nullable String cacheControl(QueryOptions options) {
		if (!options.isCached() || (options.maxAge() == null && options.staleIfErrorAge() == null)) {
			return null;
		}
		StringBuilder value = new StringBuilder();
		if (options.maxAge() != null) {
			value.append("max-age=").append(options.maxAge().toSeconds());
		}
		else {
			value.append("must-revalidate");
		}
		if (options.staleIfErrorAge() != null) {
			value.append(", stale-if-error=").append(options.staleIfErrorAge().toSeconds());
		}
		return value.toString();
	}

	static ResponseMeta meta(Http.Headers headers) {
		String index = headers.get("X-Consul-Index");
		String knownLeader = headers.get("X-Consul-KnownLeader");
		String lastContact = headers.get("X-Consul-LastContact");
		String cache = headers.get("X-Cache");
		String age = headers.get("Age");
		return new ResponseMeta(parseIndex(index), (knownLeader != null) ? Boolean.valueOf(knownLeader) : null,
				(lastContact != null) ? Duration.ofMillis(parseLong(lastContact)) : null,
				headers.get("X-Consul-Effective-Consistency"), (cache != null) ? "HIT".equalsIgnoreCase(cache) : null,
				(age != null) ? Duration.ofSeconds(parseLong(age)) : null, headers.get("X-Consul-ContentHash"),
				"true".equalsIgnoreCase(headers.get("X-Consul-Results-Filtered-By-ACLs")),
				headers.get("X-Consul-Query-Backend"), headers.get("X-Consul-Default-ACL-Policy"));
	}

	private static long parseIndex(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return 0;
		}
		try {
			return Long.parseUnsignedLong(value.trim());
		}
		catch (NumberFormatException ex) {
			// An unreadable index is treated as none: a watch then restarts from scratch.
			return 0;
		}
	}

	private static long parseLong(String value) {
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	static @Nullable Duration retryAfter(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Long.parseLong(value.trim()));
		}
		catch (NumberFormatException ex) {
			try {
				ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration until = Duration.between(ZonedDateTime.now(at.getZone()), at);
				return until.isNegative() ? Duration.ZERO : until;
			}
			catch (RuntimeException unreadable) {
				return null;
			}
		}
	}

	/**
	 * Whether the request surely never reached the agent: refused, unreachable, unknown
	 * host, connect timeout or TLS handshake failure. Such calls may go to the next
	 * address, writes included.
	 */
	private static boolean isConnectFailure(IOException io) {
		for (Throwable t = io; t != null; t = t.getCause()) {
			if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
					|| t instanceof NoRouteToHostException || t instanceof UnresolvedAddressException
					|| t instanceof UnknownHostException || t instanceof SSLHandshakeException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the connection closed before any byte of the answer: the JDK's client says
	 * so in these words (and sends a GET once more by itself in that case, on a new
	 * connection, when the connection was a kept-alive one).
	 */
	private static boolean nothingAnswered(IOException io) {
		return io.getMessage() != null && io.getMessage().startsWith("HTTP/1.1 header parser received no bytes");
	}

	/** No (complete) answer within the exchange's timeout; connect timeouts excluded. */
	private static boolean isTimeout(IOException io) {
		return (io instanceof SocketTimeoutException || io instanceof HttpTimeoutException)
				&& !(io instanceof HttpConnectTimeoutException);
	}

	private static String origin(URI uri) {
		return uri.getScheme() + "://" + uri.getRawAuthority();
	}

	private static String describe(IOException io, URI uri, Duration timeout) {
		String where = origin(uri);
		if (io instanceof HttpConnectTimeoutException) {
			return "could not connect to " + where + " (connect timeout)";
		}
		if (isTimeout(io)) {
			return "no answer from " + where + " within " + timeout.toMillis() + " ms";
		}
		if (isConnectFailure(io)) {
			return "could not connect to " + where + " (" + reason(io) + ")";
		}
		if (io instanceof ClosedChannelException || io.getMessage() == null) {
			return "connection to " + where + " failed (" + io.getClass().getSimpleName() + ")";
		}
		return "connection to " + where + " failed: " + io.getMessage();
	}

	/** The most telling message of a failure and its causes. */
	private static String reason(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t.getMessage() != null && !t.getMessage().isBlank()) {
				return t.getMessage();
			}
		}
		return failure.getClass().getSimpleName();
	}

	/**
	 * Decodes a body; {@link #absent()} is the value of a 404 on a read.
	 *
	 * @param <T> the value type
	 */
	public interface Reader<T> {

		/**
		 * Decode an answer.
		 * @param status the status
		 * @param body the body
		 * @param meta the response metadata
		 * @return the value
		 * @throws IOException when the body cannot be read
		 */
		T read(int status, byte[] body, ResponseMeta meta) throws IOException;

		/**
		 * The value of a 404 on a read.
		 * @return the value
		 */
		default T absent() {
			throw new IllegalStateException("absent value not defined");
		}

	}

	/**
	 * Reads a streamed body.
	 *
	 * @param <T> the result type
	 */
	public interface StreamReader<T> {

		/**
		 * Read a body.
		 * @param body the body
		 * @param meta the response metadata
		 * @return the result
		 * @throws IOException when reading fails
		 */
		T read(InputStream body, ResponseMeta meta) throws IOException;

	}

	private interface Exchange<T> {

		T run(Http.Call call, long start) throws IOException;

	}

	private interface Decoding<T> {

		T decode();

	}

}
