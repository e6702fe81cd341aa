package io.cairn.registry.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * The registry's HTTP plumbing: the JDK {@link HttpClient} over HTTP/1.1 (keep-alive, no
 * redirects followed, so the token never travels elsewhere; no executor hops), answers
 * read into memory up to a bound, statuses turned into typed exceptions, and failover
 * between registry URLs with Spring's {@link RetryTemplate}: a call that meets an outage
 * or a bad answer is tried again on the next URL after a short exponential back-off, and
 * the client stays on the URL that answered.
 */
final class RegistryHttp {

	private static final Log logger = LogFactory.getLog(RegistryHttp.class);

	private static final String USER_AGENT = "cairn-registry-client";

	private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

	private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

	private static final int MAX_MESSAGE = 300;

	private final HttpClient http;

	private final List<URI> urls;

	private final AtomicInteger current = new AtomicInteger();

	private final @Nullable String authorization;

	private final Duration requestTimeout;

	private final long maxResponseBytes;

	private final RetryTemplate retries;

	private final JsonMapper json;

	private final RegistryObserver observer;

	RegistryHttp(RegistryClient.Builder settings, JsonMapper json) {
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(settings.connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			// The client's own steps (sending on the calling thread, completing the
			// answer on the selector thread) run where they are, instead of hopping
			// through a thread pool twice per exchange: every caller blocks on its answer
			// and nothing slow runs in a completion (BoundedBody only buffers).
			.executor(Runnable::run)
			.build();
		this.urls = settings.urls.stream().map(RegistryHttp::directory).toList();
		this.authorization = (settings.token != null && !settings.token.isBlank()) ? "Bearer " + settings.token.trim()
				: null;
		this.requestTimeout = settings.requestTimeout;
		this.maxResponseBytes = settings.maxResponseBytes;
		this.json = json;
		this.observer = settings.observer;
		// Each retry goes to the next URL: a round over all of them, then one more try.
		this.retries = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(this.urls.size())
			.delay(settings.retryDelay)
			.multiplier(2)
			.maxDelay(settings.maxRetryDelay)
			.jitter(settings.retryDelay.dividedBy(2))
			.predicate((failure) -> failure instanceof RegistryException registry && registry.isTransient()
					&& !(failure instanceof RegistryRateLimitedException))
			.build());
	}

	/** A base URL as a directory, so that relative targets resolve below it. */
	private static URI directory(URI url) {
		String text = url.toString();
		return URI.create(text.endsWith("/") ? text : text + "/");
	}

	/**
	 * An answer the caller has to look at: 2xx, or 404.
	 *
	 * @param status the status
	 * @param headers the headers
	 * @param body the body
	 * @param uri the URI that answered
	 */
	record Answer(int status, HttpHeaders headers, byte[] body, URI uri) {

	}

	/**
	 * Send a request, failing over between the registry URLs.
	 * @param method the HTTP method
	 * @param target the path and query, relative to a registry URL ({@code v1/...})
	 * @param body a JSON body, or null
	 * @param timeout how long one attempt may wait for the whole answer
	 * @return the answer (2xx or 404)
	 * @throws RegistryException when every attempt failed, or at once when the registry
	 * refused the request
	 */
	Answer send(String method, String target, byte @Nullable [] body, Duration timeout) {
		try {
			return this.retries.execute(() -> attempt(method, target, body, timeout));
		}
		catch (RetryException ex) {
			Throwable last = ex.getCause();
			if (last instanceof RegistryException registry) {
				throw registry;
			}
			throw new RegistryUnavailableException("The registry could not be reached: " + ex.getMessage(), 0, ex);
		}
	}

	/**
	 * Send a request with the configured request timeout.
	 * @param method the HTTP method
	 * @param target the path and query
	 * @param body a JSON body, or null
	 * @return the answer (2xx or 404)
	 */
	Answer send(String method, String target, byte @Nullable [] body) {
		return send(method, target, body, this.requestTimeout);
	}

	/**
	 * The URL in use.
	 * @return the current registry URL
	 */
	URI currentUrl() {
		return this.urls.get(Math.floorMod(this.current.get(), this.urls.size()));
	}

	/**
	 * The configured registry URLs.
	 * @return the URLs
	 */
	List<URI> urls() {
		return this.urls;
	}

	Duration requestTimeout() {
		return this.requestTimeout;
	}

	/**
	 * Turn a {@code Link} target into a target relative to the registry URL it came from,
	 * refusing links to anywhere else.
	 * @param answer the answer that carried the link
	 * @param link the link's URI reference
	 * @return the relative target
	 */
	String relativeTarget(Answer answer, String link) {
		URI resolved;
		try {
			resolved = answer.uri().resolve(link.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new RegistryBadAnswerException("The registry's Link header holds no valid URI", answer.status());
		}
		URI base = this.urls.stream().filter((url) -> sameOrigin(url, answer.uri())).findFirst().orElse(currentUrl());
		String basePath = (base.getRawPath() != null) ? base.getRawPath() : "/";
		String path = resolved.getRawPath();
		if (!sameOrigin(base, resolved) || path == null || !path.startsWith(basePath)) {
			throw new RegistryBadAnswerException(
					"The registry's next-page link leads away from the registry (" + origin(resolved) + ")",
					answer.status());
		}
		String relative = path.substring(basePath.length());
		return (resolved.getRawQuery() != null) ? relative + "?" + resolved.getRawQuery() : relative;
	}

	private static boolean sameOrigin(URI a, URI b) {
		return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
				&& a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	private static String origin(URI uri) {
		return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
	}

	private Answer attempt(String method, String target, byte @Nullable [] body, Duration timeout) {
		int index = this.current.get();
		URI base = this.urls.get(Math.floorMod(index, this.urls.size()));
		try {
			return exchange(base, method, target, body, timeout);
		}
		catch (RegistryException ex) {
			if (ex.isTransient() && !(ex instanceof RegistryRateLimitedException)) {
				failOver(index, base, ex);
			}
			throw ex;
		}
	}

	private void failOver(int index, URI from, RegistryException cause) {
		if (this.urls.size() > 1 && this.current.compareAndSet(index, index + 1)) {
			URI to = currentUrl();
			logger.info("Registry " + origin(from) + " failed (" + cause.getMessage() + "); using " + origin(to));
			this.observer.failedOver(origin(from), origin(to));
		}
	}

	private Answer exchange(URI base, String method, String target, byte @Nullable [] body, Duration timeout) {
		URI uri = base.resolve(target);
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(timeout)
			.header("Accept", "application/json")
			.header("User-Agent", USER_AGENT);
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (this.authorization != null && !"GET".equals(method)) {
			// Reads are open; the token travels with writes only.
			request.header("Authorization", this.authorization);
		}
		request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody());
		CompletableFuture<HttpResponse<byte[]>> call = this.http.sendAsync(request.build(),
				BoundedBody.handler(this.maxResponseBytes));
		HttpResponse<byte[]> response;
		try {
			// The request timeout covers the wait for the head; this bounds the body too.
			response = call.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			throw new RegistryUnavailableException(origin(uri) + " did not answer within " + timeout.toMillis() + " ms",
					0, ex);
		}
		catch (InterruptedException ex) {
			call.cancel(true);
			Thread.currentThread().interrupt();
			throw new RegistryUnavailableException("Interrupted while waiting for " + origin(uri), 0, ex);
		}
		catch (ExecutionException ex) {
			throw failure(uri, ex.getCause());
		}
		return classify(response, uri);
	}

	private static RegistryException failure(URI uri, @Nullable Throwable cause) {
		if (cause instanceof BoundedBody.TooLargeException tooLarge) {
			return new RegistryBadAnswerException(origin(uri) + ": " + tooLarge.getMessage(), 200, tooLarge);
		}
		if (cause instanceof HttpTimeoutException) {
			return new RegistryUnavailableException(origin(uri) + " did not answer in time", 0, cause);
		}
		if (cause instanceof ConnectException) {
			return new RegistryUnavailableException("Cannot connect to " + origin(uri), 0, cause);
		}
		if (cause instanceof IOException) {
			return new RegistryUnavailableException("The exchange with " + origin(uri) + " failed: " + describe(cause),
					0, cause);
		}
		return new RegistryUnavailableException("The exchange with " + origin(uri) + " failed: " + describe(cause), 0,
				(cause != null) ? cause : new IOException("unknown"));
	}

	private static String describe(@Nullable Throwable cause) {
		if (cause == null) {
			return "unknown failure";
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

	private Answer classify(HttpResponse<byte[]> response, URI uri) {
		int status = response.statusCode();
		Answer answer = new Answer(status, response.headers(), response.body(), uri);
		if ((status >= 200 && status < 300) || status == 404) {
			return answer;
		}
		String explanation = explanation(answer);
		if (status == 401 || status == 403) {
			return throwing(new RegistryAuthorizationException(explanation, status));
		}
		if (status == 429) {
			return throwing(new RegistryRateLimitedException(explanation, retryAfter(response.headers())));
		}
		if (status == 408 || status >= 500) {
			return throwing(new RegistryUnavailableException(explanation, status));
		}
		if (status >= 400) {
			return throwing(new RegistryRejectedException(explanation, status, field(answer)));
		}
		return throwing(new RegistryBadAnswerException(
				origin(uri) + " answered " + status + " where the registry API answers 2xx or a problem", status));
	}

	private static Answer throwing(RegistryException ex) {
		throw ex;
	}

	/** The problem's detail (or title), bounded, else the status. */
	private String explanation(Answer answer) {
		String prefix = origin(answer.uri()) + " answered " + answer.status();
		JsonNode problem = problem(answer);
		if (problem == null) {
			return prefix;
		}
		String detail = problem.path("detail").asString("");
		if (detail.isEmpty()) {
			detail = problem.path("title").asString("");
		}
		if (detail.isEmpty()) {
			return prefix;
		}
		return prefix + ": " + ((detail.length() > MAX_MESSAGE) ? detail.substring(0, MAX_MESSAGE) + "..." : detail);
	}

	private @Nullable String field(Answer answer) {
		JsonNode problem = problem(answer);
		if (problem == null) {
			return null;
		}
		String field = problem.path("field").asString("");
		return field.isEmpty() ? null : ((field.length() > MAX_MESSAGE) ? field.substring(0, MAX_MESSAGE) : field);
	}

	private @Nullable JsonNode problem(Answer answer) {
		if (answer.body().length == 0) {
			return null;
		}
		try {
			JsonNode node = this.json.readTree(answer.body());
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** {@code Retry-After} as seconds or an HTTP date, within 1 s to 10 min. */
	static Duration retryAfter(HttpHeaders headers) {
		String value = headers.firstValue("Retry-After").orElse("").trim();
		Duration wait = DEFAULT_RETRY_AFTER;
		if (!value.isEmpty()) {
			try {
				wait = Duration.ofSeconds(Long.parseLong(value));
			}
			catch (NumberFormatException notSeconds) {
				try {
					wait = Duration.between(ZonedDateTime.now(),
							ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
				}
				catch (DateTimeParseException notADate) {
					wait = DEFAULT_RETRY_AFTER;
				}
			}
		}
		if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
			return Duration.ofSeconds(1);
		}
		return (wait.compareTo(MAX_RETRY_AFTER) > 0) ? MAX_RETRY_AFTER : wait;
	}

}
