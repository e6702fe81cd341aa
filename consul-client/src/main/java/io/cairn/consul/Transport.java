package io.cairn.consul;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Runs {@link Request}s: builds the URL with the common parameters, sets the token and
 * cache headers, picks the read timeout (a blocking query gets
 * {@code wait + wait/16 + margin}), fails over to the next agent address when one cannot
 * be reached, parses the response metadata and turns error statuses into typed
 * exceptions. The one place that does HTTP.
 */
final class Transport {

	private final Settings settings;

	private final List<String> bases;

	private final AtomicInteger current = new AtomicInteger();

	private final ConsulHttpRequestFactory requestFactory;

	private final RestClient rest;

	Transport(Settings settings) {
		this.settings = settings;
		this.bases = settings.addresses().stream().map((uri) -> stripSlash(uri.toString())).toList();
		this.requestFactory = new ConsulHttpRequestFactory(settings.connectTimeout(), settings.readTimeout(),
				settings.sslContext(), proxyConfigured(), settings.urlConnectionOnly(), settings.resolver());
		this.rest = RestClient.builder()
			.requestFactory(this.requestFactory)
			// Bodies are bytes both ways: JSON is read and written here, with readers
			// built once per type.
			.configureMessageConverters((converters) -> converters.disableDefaults()
				.addCustomConverter(new ByteArrayHttpMessageConverter()))
			.build();
	}

	private static boolean proxyConfigured() {
		for (String property : List.of("http.proxyHost", "https.proxyHost", "socksProxyHost")) {
			String value = System.getProperty(property);
			if (value != null && !value.isBlank()) {
				return true;
			}
		}
		return Boolean.getBoolean("java.net.useSystemProxies");
	}

	private static String stripSlash(String base) {
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	Settings settings() {
		return this.settings;
	}

	/** Close the idle pooled connections. */
	void close() {
		this.requestFactory.close();
	}

	/**
	 * The address calls currently go to (it changes after a failover).
	 */
	String currentAddress() {
		return this.bases.get(this.current.get());
	}

	/**
	 * Run a request and decode its answer.
	 */
	<T> ConsulResponse<T> execute(Request request, Reader<T> reader) {
		return run(request, (response, status, meta) -> {
			byte[] body = readBody(response);
			return decode(request, reader, status, body, meta, response);
		});
	}

	/**
	 * Run a request whose answer is read as a stream (snapshots, the agent's log
	 * monitor).
	 */
	<T> T executeStream(Request request, StreamReader<T> reader) {
		request.streaming();
		return run(request, (response, status, meta) -> {
			if (status >= 200 && status < 300) {
				return reader.read(response.getBody(), meta);
			}
			throw error(request, status, readBody(response), headers(response));
		});
	}

	private <T> T run(Request request, Handler<T> handler) {
		String pathAndQuery = pathAndQuery(request);
		Duration timeout = timeoutFor(request);
		long start = System.nanoTime();
		int size = this.bases.size();
		int first = this.current.get();
		for (int attempt = 0;; attempt++) {
			int slot = (first + attempt) % size;
			URI uri = URI.create(this.bases.get(slot) + pathAndQuery);
			try {
				T result = send(request, uri, timeout, start, handler);
				if (slot != first) {
					this.current.compareAndSet(first, slot);
				}
				return result;
			}
			catch (ResourceAccessException ex) {
				IOException io = (ex.getCause() instanceof IOException cause) ? cause : new IOException(ex);
				boolean timedOut = isTimeout(io);
				boolean interrupted = io instanceof InterruptedIOException && !timedOut;
				boolean refused = isConnectFailure(io);
				if (!interrupted && attempt + 1 < size && (refused || (request.idempotent() && !timedOut))) {
					continue;
				}
				ConsulTransportException failure = new ConsulTransportException(describe(io, uri, timeout),
						request.template, timedOut, io);
				this.settings.observer()
					.exchanged(request.method, request.template, 0, System.nanoTime() - start, failure);
				throw failure;
			}
		}
	}

	private <T> T send(Request request, URI uri, Duration timeout, long start, Handler<T> handler) {
		RestClient.RequestBodySpec spec = this.rest.method(HttpMethod.valueOf(request.method))
			.uri(uri)
			.attribute(ConsulHttpRequestFactory.TIMEOUT, timeout);
		if (request.stream) {
			spec.attribute(ConsulHttpRequestFactory.STREAM, Boolean.TRUE);
		}
		if (request.resendable) {
			spec.attribute(ConsulHttpRequestFactory.RESENDABLE, Boolean.TRUE);
		}
		String token = (request.options.token() != null) ? request.options.token() : this.settings.token();
		if (token != null && !this.settings.tokenInQuery()) {
			spec.header("X-Consul-Token", token);
		}
		String cacheControl = cacheControl(request.options);
		if (cacheControl != null) {
			spec.header(HttpHeaders.CACHE_CONTROL, cacheControl);
		}
		if (request.body != null) {
			// Written as is: no message converter to pick, and the factory knows the
			// length without a Content-Length header to parse.
			spec.header(HttpHeaders.CONTENT_TYPE, request.contentType)
				.body(new ConsulHttpRequestFactory.Bytes(request.body));
		}
		return spec.exchange((clientRequest, response) -> {
			int status = response.getStatusCode().value();
			try {
				T result = handler.handle(response, status, meta(headers(response)));
				this.settings.observer()
					.exchanged(request.method, request.template, status, System.nanoTime() - start, null);
				return result;
			}
			catch (ConsulException ex) {
				this.settings.observer()
					.exchanged(request.method, request.template, status, System.nanoTime() - start, ex);
				throw ex;
			}
		}, !request.stream);
	}

	private <T> ConsulResponse<T> decode(Request request, Reader<T> reader, int status, byte[] body, ResponseMeta meta,
			ClientHttpResponse response) throws IOException {
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
		throw error(request, status, body, headers(response));
	}

	private static byte[] readBody(ClientHttpResponse response) throws IOException {
		InputStream body = response.getBody();
		if (body instanceof ConsulHttpRequestFactory.AnswerBody answer) {
			return answer.answer().bytes();
		}
		return body.readAllBytes();
	}

	/**
	 * The headers of an answer: read one by one from our answer when RestClient's wrapper
	 * hides one of ours (no header map is built), else from its header map.
	 */
	private static ConsulHttpRequestFactory.Headers headers(ClientHttpResponse response) throws IOException {
		if (response.getBody() instanceof ConsulHttpRequestFactory.AnswerBody answer) {
			return answer.answer();
		}
		HttpHeaders headers = response.getHeaders();
		return headers::getFirst;
	}

	ConsulException error(Request request, int status, byte[] body,
			ConsulHttpRequestFactory.@Nullable Headers headers) {
		return switch (status) {
			case 403 -> new ConsulAclException(status, body, request.template);
			case 404 -> new ConsulNotFoundException(body, request.template);
			case 409 -> new ConsulConflictException(status, body, request.template);
			case 429 -> new ConsulRateLimitException(body, request.template,
					(headers != null) ? retryAfter(headers.get(HttpHeaders.RETRY_AFTER)) : null);
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

	static ResponseMeta meta(ConsulHttpRequestFactory.Headers headers) {
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
	 * host, connect or TLS handshake failure. Such calls may go to the next address,
	 * writes included.
	 */
	private static boolean isConnectFailure(IOException io) {
		for (Throwable t = io; t != null; t = t.getCause()) {
			if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
					|| t instanceof java.net.NoRouteToHostException
					|| t instanceof java.nio.channels.UnresolvedAddressException
					|| t instanceof java.net.UnknownHostException) {
				return true;
			}
		}
		return false;
	}

	/** No (complete) answer within the exchange's timeout; connect timeouts excluded. */
	private static boolean isTimeout(IOException io) {
		return (io instanceof SocketTimeoutException || io instanceof HttpTimeoutException)
				&& !(io instanceof HttpConnectTimeoutException);
	}

	private static String describe(IOException io, URI uri, Duration timeout) {
		String where = uri.getScheme() + "://" + uri.getAuthority();
		if (io instanceof HttpConnectTimeoutException) {
			return "could not connect to " + where + " (connect timeout)";
		}
		if (isTimeout(io)) {
			return "no answer from " + where + " within " + timeout.toMillis() + " ms";
		}
		if (isConnectFailure(io)) {
			String reason = (io.getMessage() != null) ? io.getMessage() : io.getClass().getSimpleName();
			return "could not connect to " + where + " (" + reason + ")";
		}
		if (io instanceof ClosedChannelException || io.getMessage() == null) {
			return "connection to " + where + " failed (" + io.getClass().getSimpleName() + ")";
		}
		return "connection to " + where + " failed: " + io.getMessage();
	}

	/** Decodes a body; {@link #absent()} is the value of a 404 on a read. */
	interface Reader<T> {

		T read(int status, byte[] body, ResponseMeta meta) throws IOException;

		default T absent() {
			throw new IllegalStateException("absent value not defined");
		}

	}

	/** Reads a streamed body. */
	interface StreamReader<T> {

		T read(InputStream body, ResponseMeta meta) throws IOException;

	}

	private interface Handler<T> {

		T handle(ClientHttpResponse response, int status, ResponseMeta meta) throws IOException;

	}

}
