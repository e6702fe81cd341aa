package io.cairn.status.poll;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PollResult;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.security.ForbiddenTargetException;
import io.cairn.status.security.PolicyDnsResolver;
import io.cairn.status.security.TargetPolicy;

/**
 * Fetches an HTTP check: GET with connect and read timeouts, an overall deadline that
 * aborts the connection (a server that trickles bytes cannot hold a poller), a cap on the
 * body, and redirects followed by hand, each hop re-checked by the target policy. The
 * client's DNS hook is the policy, so connections only go to checked addresses. Never
 * throws: every failure is a Critical result naming the URL, as Megaphone's "Unable to
 * communicate with ...!" did.
 */
public class HttpCheckFetcher implements Closeable {

	private final StatusProperties.Poll properties;

	private final TargetPolicy policy;

	private final StatusDocuments documents;

	private final ScheduledExecutorService timer;

	private final Clock clock;

	private final CloseableHttpClient client;

	/**
	 * Create the fetcher.
	 * @param properties timeouts and limits
	 * @param policy the target policy
	 * @param documents how answers are read
	 * @param timer runs the deadlines
	 * @param clock stamps results
	 */
	public HttpCheckFetcher(StatusProperties.Poll properties, TargetPolicy policy, StatusDocuments documents,
			ScheduledExecutorService timer, Clock clock) {
		this.properties = properties;
		this.policy = policy;
		this.documents = documents;
		this.timer = timer;
		this.clock = clock;
		int connections = properties.concurrency() + properties.slowLaneConcurrency();
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(new PolicyDnsResolver(policy))
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
	 * Poll a check once.
	 * @param check an HTTP check
	 * @return what it said, or why it could not be asked
	 */
	public PollResult fetch(CheckDefinition check) {
		long started = System.nanoTime();
		AtomicBoolean expired = new AtomicBoolean();
		String url = check.target();
		try {
			URI uri = this.policy.checkUrl(url);
			for (int hop = 0;; hop++) {
				Answer answer = get(uri, started, expired);
				if (answer.location == null) {
					return this.documents.read(check, answer.status, answer.body, this.clock.instant(),
							elapsed(started));
				}
				if (hop >= this.properties.maxRedirects()) {
					return critical("Unable to communicate with " + url + "! (more than "
							+ this.properties.maxRedirects() + " redirects)", started, false);
				}
				URI next;
				try {
					next = uri.resolve(answer.location.trim());
				}
				catch (IllegalArgumentException ex) {
					return critical("Unable to communicate with " + url + "! (invalid redirect)", started, false);
				}
				uri = this.policy.checkUrl(next.toString());
			}
		}
		catch (TooLargeException ex) {
			return critical("Unable to communicate with " + url + "! (the answer is larger than "
					+ this.properties.maxResponseSize().toBytes() + " bytes)", started, false);
		}
		catch (IOException | RuntimeException ex) {
			ForbiddenTargetException forbidden = ForbiddenTargetException.findIn(ex);
			if (forbidden != null) {
				return critical("Refused to check " + url + ": " + forbidden.getMessage(), started, false);
			}
			if (expired.get()) {
				return critical("Unable to communicate with " + url + "! (no answer within "
						+ this.properties.timeout().toSeconds() + "s)", started, true);
			}
			return critical("Unable to communicate with " + url + "! (" + describe(ex) + ")", started, timedOut(ex));
		}
	}

	private Answer get(URI uri, long started, AtomicBoolean expired) throws IOException {
		HttpGet request = new HttpGet(uri);
		request.setHeader("Accept", "application/json");
		long remaining = this.properties.timeout().toNanos() - (System.nanoTime() - started);
		if (remaining <= 0) {
			expired.set(true);
			throw new SocketTimeoutException("deadline passed");
		}
		ScheduledFuture<?> deadline = this.timer.schedule(() -> {
			expired.set(true);
			request.cancel();
		}, remaining, TimeUnit.NANOSECONDS);
		ClassicHttpResponse response = null;
		try {
			response = this.client.executeOpen(null, request, HttpClientContext.create());
			int status = response.getCode();
			if (status >= 300 && status < 400 && status != 304) {
				Header location = response.getFirstHeader("Location");
				if (location != null) {
					request.cancel();
					return new Answer(status, new byte[0], location.getValue());
				}
			}
			return new Answer(status, readCapped(response.getEntity(), request), null);
		}
		finally {
			deadline.cancel(false);
			closeQuietly(response);
		}
	}

	private byte[] readCapped(@Nullable HttpEntity entity, HttpGet request) throws IOException {
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
		this.client.close();
	}

	private record Answer(int status, byte[] body, @Nullable String location) {

	}

	private static final class TooLargeException extends IOException {

		TooLargeException() {
			super("too large");
		}

	}

}
