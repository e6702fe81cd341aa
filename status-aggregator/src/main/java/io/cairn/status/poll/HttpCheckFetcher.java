package io.cairn.status.poll;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.security.BoundedResolver;
import io.cairn.status.security.ForbiddenTargetException;
import io.cairn.status.security.PolicyDnsResolver;
import io.cairn.status.security.TargetPolicy;
import io.cairn.support.security.Redaction;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Fetches an HTTP check: GET with connect and read timeouts, an overall deadline that
 * aborts the connection (a server that trickles bytes cannot hold a poller), a cap on the
 * body, and redirects followed by hand, each hop re-checked by the target policy. The
 * client's DNS hook is the policy, so connections only go to checked addresses, and its
 * lookups end by the poll's deadline too.
 * <p>
 * Deadlines run on a timer thread of their own that does nothing else, so neither
 * discovery, result flushes nor database waits can hold them back. Never throws: every
 * failure is a Critical result naming the URL (with credentials hidden), as Megaphone's
 * "Unable to communicate with ...!" did; why it failed is added only when
 * {@code cairn.status.api.show-failure-reasons} is on (otherwise readers of
 * {@code /status} could use checks to map which ports of which hosts answer), and is
 * logged at DEBUG either way.
 */
public class HttpCheckFetcher implements Closeable {

	private static final Log logger = LogFactory.getLog(HttpCheckFetcher.class);

	private final StatusProperties.Poll properties;

	private final TargetPolicy policy;

	private final StatusDocuments documents;

	private final boolean showReasons;

	private final ThreadPoolTaskScheduler deadlineTimer;

	private final ScheduledExecutorService deadlines;

	private final Clock clock;

	private final CloseableHttpClient client;

	/**
	 * Create the fetcher.
	 * @param properties timeouts and limits
	 * @param showReasons whether failure messages say why
	 * @param policy the target policy
	 * @param documents how answers are read
	 * @param clock stamps results
	 */
	public HttpCheckFetcher(StatusProperties.Poll properties, boolean showReasons, TargetPolicy policy,
			StatusDocuments documents, Clock clock) {
		this(properties, showReasons, policy, documents, clock, null, new ThreadPoolTaskSchedulerBuilder());
	}

	/**
	 * Create the fetcher with the TLS settings of an SSL bundle.
	 * @param properties timeouts and limits
	 * @param showReasons whether failure messages say why
	 * @param policy the target policy
	 * @param documents how answers are read
	 * @param clock stamps results
	 * @param tls the TLS context HTTPS checks use (trusting an internal CA), or null for
	 * the JDK's default
	 * @param schedulers Boot's scheduler builder (the deadline timer)
	 */
	public HttpCheckFetcher(StatusProperties.Poll properties, boolean showReasons, TargetPolicy policy,
			StatusDocuments documents, Clock clock, @Nullable SSLContext tls,
			ThreadPoolTaskSchedulerBuilder schedulers) {
		this.properties = properties;
		this.showReasons = showReasons;
		this.policy = policy;
		this.documents = documents;
		this.clock = clock;
		this.deadlineTimer = schedulers.poolSize(1).threadNamePrefix("status-poll-deadlines-").build();
		this.deadlineTimer.setDaemon(true);
		// A poll that ends in time cancels its deadline: it leaves the queue at once.
		this.deadlineTimer.setRemoveOnCancelPolicy(true);
		this.deadlineTimer.setWaitForTasksToCompleteOnShutdown(false);
		this.deadlineTimer.initialize();
		this.deadlines = this.deadlineTimer.getScheduledExecutor();
		int connections = properties.concurrency() + properties.slowLaneConcurrency()
				+ properties.firstPollConcurrency();
		PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create();
		if (tls != null) {
			pool.setTlsSocketStrategy(new DefaultClientTlsStrategy(tls));
		}
		this.client = HttpClients.custom()
			.setConnectionManager(pool.setDnsResolver(new PolicyDnsResolver(policy))
				.setMaxConnTotal(connections)
				.setMaxConnPerRoute(connections)
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(timeout(properties.connectTimeout()))
					.setSocketTimeout(timeout(properties.readTimeout()))
					.build())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setRedirectsEnabled(false)
				.setResponseTimeout(timeout(properties.readTimeout()))
				.setConnectionRequestTimeout(timeout(properties.timeout()))
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.setUserAgent("cairn-status-aggregator")
			.build();
	}

	private static Timeout timeout(Duration duration) {
		return Timeout.ofMilliseconds(duration.toMillis());
	}

	/**
	 * Poll a check once, with the full timeout.
	 * @param check an HTTP check
	 * @return what it said, or why it could not be asked
	 */
	public PollResult fetch(CheckDefinition check) {
		return fetch(check, this.properties.timeout()).result();
	}

	/**
	 * Poll a check once within a budget shorter than the timeout (the main lane's).
	 * @param check an HTTP check
	 * @param budget the most the poll may take
	 * @return what it said, or empty when the budget ran out first (the check is slow:
	 * poll it again with the full timeout)
	 */
	public Optional<PollResult> fetchWithin(CheckDefinition check, Duration budget) {
		if (budget.compareTo(this.properties.timeout()) >= 0) {
			return Optional.of(fetch(check));
		}
		Fetch fetch = fetch(check, budget);
		return fetch.expired() ? Optional.empty() : Optional.of(fetch.result());
	}

	private Fetch fetch(CheckDefinition check, Duration budget) {
		HttpCheckAnswer answer = exchange(check, HttpCheckRequest.MEGAPHONE, budget);
		if (answer.failure() != null) {
			return new Fetch(answer.failure(), answer.expired());
		}
		return done(this.documents.read(check, answer.status(), answer.body(), answer.finishedAt(),
				answer.latencyMillis()));
	}

	/**
	 * Send a check's request and return the answer uninterpreted (for health formats and
	 * conditions), with the same deadline, redirect, size and target rules as
	 * {@link #fetch}.
	 * @param check the check (its target is the URL)
	 * @param request what to send
	 * @param budget the most the exchange may take
	 * @return the answer, or the Critical result when there is none
	 */
	public HttpCheckAnswer exchange(CheckDefinition check, HttpCheckRequest request, Duration budget) {
		long started = System.nanoTime();
		long deadline = started + budget.toNanos();
		AtomicBoolean expired = new AtomicBoolean();
		String url = check.target();
		HttpCheckRequest current = request;
		try {
			URI uri = this.policy.checkUrl(url);
			for (int hop = 0;; hop++) {
				Answer answer = send(uri, current, deadline, expired);
				if (answer.location == null) {
					return new HttpCheckAnswer(answer.status, answer.headers, answer.body, elapsed(started),
							this.clock.instant(), answer.peer, null, false);
				}
				if (hop >= this.properties.maxRedirects()) {
					return failed(
							unable(check, "more than " + this.properties.maxRedirects() + " redirects", started, false),
							false);
				}
				URI next;
				try {
					next = uri.resolve(answer.location.trim());
				}
				catch (IllegalArgumentException ex) {
					return failed(unable(check, "invalid redirect", started, false), false);
				}
				URI previous = uri;
				uri = this.policy.checkUrl(next.toString());
				if (!sameOrigin(previous, uri)) {
					current = current.withoutCredentials();
				}
				if (answer.status != 307 && answer.status != 308 && !current.method().equals("GET")) {
					// 301, 302 and 303 continue with a GET, as browsers do.
					current = new HttpCheckRequest("GET", current.headers(), null);
				}
			}
		}
		catch (TooLargeException ex) {
			return failed(
					unable(check, "the answer is larger than " + this.properties.maxResponseSize().toBytes() + " bytes",
							started, false),
					false);
		}
		catch (IOException | RuntimeException ex) {
			ForbiddenTargetException forbidden = ForbiddenTargetException.findIn(ex);
			if (forbidden != null) {
				return failed(refused(check, forbidden.getMessage(), started), false);
			}
			if (expired.get() || System.nanoTime() - deadline >= 0) {
				return failed(
						unable(check, "no answer within " + this.properties.timeout().toSeconds() + "s", started, true),
						true);
			}
			return failed(unable(check, describe(ex), started, timedOut(ex)), false);
		}
	}

	private static boolean sameOrigin(URI a, URI b) {
		return String.valueOf(a.getScheme()).equalsIgnoreCase(String.valueOf(b.getScheme()))
				&& String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost())) && port(a) == port(b);
	}

	private static int port(URI uri) {
		return (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
	}

	private static HttpCheckAnswer failed(PollResult result, boolean expired) {
		return new HttpCheckAnswer(0, Map.of(), new byte[0], result.latencyMillis(), result.finishedAt(), null, result,
				expired);
	}

	private static Fetch done(PollResult result) {
		return new Fetch(result, false);
	}

	private Answer send(URI uri, HttpCheckRequest shape, long deadlineNanos, AtomicBoolean expired) throws IOException {
		HttpUriRequestBase request = new HttpUriRequestBase(shape.method(), uri);
		shape.headers().forEach(request::setHeader);
		if (shape.body() != null) {
			String type = shape.headers()
				.entrySet()
				.stream()
				.filter((header) -> header.getKey().equalsIgnoreCase("Content-Type"))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse("application/octet-stream");
			request.setEntity(new ByteArrayEntity(shape.body(), ContentType.parse(type)));
		}
		long remaining = deadlineNanos - System.nanoTime();
		if (remaining <= 0) {
			expired.set(true);
			throw new SocketTimeoutException("deadline passed");
		}
		ScheduledFuture<?> deadline = this.deadlines.schedule(() -> {
			expired.set(true);
			request.cancel();
		}, remaining, TimeUnit.NANOSECONDS);
		ClassicHttpResponse response = null;
		HttpClientContext context = HttpClientContext.create();
		try {
			response = BoundedResolver.withDeadline(deadlineNanos,
					() -> this.client.executeOpen(null, request, context));
			if (expired.get()) {
				// The lookup gave up at the deadline before the timer's cancel arrived.
				throw new SocketTimeoutException("deadline passed");
			}
			int status = response.getCode();
			if (status >= 300 && status < 400 && status != 304) {
				Header location = response.getFirstHeader("Location");
				if (location != null) {
					request.cancel();
					return new Answer(status, Map.of(), new byte[0], location.getValue(), null);
				}
			}
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (Header header : response.getHeaders()) {
				headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), (name) -> new ArrayList<>())
					.add(header.getValue());
			}
			X509Certificate[] peer = peerCertificates(context.getSSLSession());
			return new Answer(status, headers, readCapped(response.getEntity(), request), null, peer);
		}
		finally {
			deadline.cancel(false);
			closeQuietly(response);
		}
	}

	private static X509Certificate @Nullable [] peerCertificates(@Nullable SSLSession session) {
		if (session == null) {
			return null;
		}
		try {
			Certificate[] chain = session.getPeerCertificates();
			List<X509Certificate> x509 = new ArrayList<>();
			for (Certificate certificate : chain) {
				if (certificate instanceof X509Certificate one) {
					x509.add(one);
				}
			}
			return x509.toArray(new X509Certificate[0]);
		}
		catch (SSLPeerUnverifiedException ex) {
			return null;
		}
	}

	private byte[] readCapped(@Nullable HttpEntity entity, HttpUriRequestBase request) throws IOException {
		if (entity == null) {
			return new byte[0];
		}
		long cap = this.properties.maxResponseSize().toBytes();
		if (entity.getContentLength() > cap) {
			request.cancel();
			throw new TooLargeException();
		}
		try (InputStream in = entity.getContent()) {
			byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
			if (body.length > cap) {
				// Abort rather than drain: the rest may never end.
				request.cancel();
				throw new TooLargeException();
			}
			return body;
		}
	}

	private static void closeQuietly(@Nullable ClassicHttpResponse response) {
		if (response == null) {
			return;
		}
		try {
			response.close();
		}
		catch (IOException | RuntimeException ex) {
			// The connection was aborted on purpose (redirect, cap, deadline).
		}
	}

	private PollResult unable(CheckDefinition check, String reason, long started, boolean timedOut) {
		String url = Redaction.url(check.target());
		if (logger.isDebugEnabled()) {
			logger.debug("Check '" + check.id() + "' at " + url + " failed: " + reason);
		}
		String message = "Unable to communicate with " + url + "!" + (this.showReasons ? " (" + reason + ")" : "");
		return critical(message, started, timedOut);
	}

	private PollResult refused(CheckDefinition check, @Nullable String reason, long started) {
		String url = Redaction.url(check.target());
		if (logger.isDebugEnabled()) {
			logger.debug("Check '" + check.id() + "' at " + url + " refused: " + reason);
		}
		String message = this.showReasons ? "Refused to check " + url + ": " + reason
				: "Unable to communicate with " + url + "!";
		return critical(message, started, false);
	}

	private PollResult critical(String message, long started, boolean timedOut) {
		return new PollResult(CheckStatus.CRITICAL, CheckStatus.CRITICAL.label(), message, null, this.clock.instant(),
				elapsed(started), timedOut);
	}

	private static long elapsed(long started) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
	}

	private static boolean timedOut(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException
					|| cause instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static String describe(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
				return "connect timed out";
			}
			if (cause instanceof SocketTimeoutException) {
				return "read timed out";
			}
			if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
				return "connection refused";
			}
			if (cause instanceof UnknownHostException) {
				return "unknown host " + cause.getMessage();
			}
		}
		String message = ex.getMessage();
		return (message != null) ? StatusDocuments.truncate(message, 200) : ex.getClass().getSimpleName();
	}

	@Override
	public void close() throws IOException {
		this.deadlineTimer.shutdown();
		this.client.close();
	}

	private record Answer(int status, Map<String, List<String>> headers, byte[] body, @Nullable String location,
			X509Certificate @Nullable [] peer) {

	}

	/**
	 * A poll's outcome.
	 *
	 * @param result what it said
	 * @param expired whether its deadline ran out
	 */
	private record Fetch(PollResult result, boolean expired) {

	}

	private static final class TooLargeException extends IOException {

		TooLargeException() {
			super("too large");
		}

	}

}
