package io.cairn.bridge.marathon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.support.security.Redaction;

/**
 * Marathon's REST API as the bridge uses it: every app with its tasks in one call
 * ({@code GET /v2/apps?embed=apps.tasks}; Consular made one call per app), one app with
 * its tasks, event subscriptions, and the event stream. Calls go to the instance
 * {@link MarathonLocator} names; a failure makes it look again. Error messages name the
 * request with its secrets masked (a user-info password, the callback URL's token), and
 * quote at most 200 characters of Marathon's answer, masked the same way. Answers are
 * parsed as they stream in (a full app list at 100,000 tasks is many MB, which as one
 * array went straight into the old generation), and none is read past
 * {@code cairn.bridge.marathon.max-response-size}.
 */
public final class MarathonClient {

	/** The most of an error answer read, for its excerpt. */
	private static final int MAX_EXCERPT_READ = 4096;

	private final MarathonLocator locator;

	private final HttpClient http;

	private final BridgeProperties.Marathon settings;

	/** Reads Marathon's JSON, leaving the answer's stream open to be read to its end. */
	private final ObjectReader answers;

	private final @Nullable String authorization;

	/**
	 * Create a client.
	 * @param locator finds the instance to talk to
	 * @param http the HTTP client (with the TLS context for {@code https} Marathon)
	 * @param settings the Marathon settings
	 * @param json reads Marathon's JSON (unknown fields ignored)
	 */
	public MarathonClient(MarathonLocator locator, HttpClient http, BridgeProperties.Marathon settings,
			JsonMapper json) {
		this.locator = locator;
		this.http = http;
		this.settings = settings;
		this.answers = json.reader().without(StreamReadFeature.AUTO_CLOSE_SOURCE);
		this.authorization = (settings.username() != null && !settings.username().isEmpty()) ? "Basic " + Base64
			.getEncoder()
			.encodeToString((settings.username() + ":" + ((settings.password() != null) ? settings.password() : ""))
				.getBytes(StandardCharsets.UTF_8)) : null;
	}

	/**
	 * The locator.
	 * @return the locator
	 */
	public MarathonLocator locator() {
		return this.locator;
	}

	/**
	 * Every app with its tasks.
	 * @return the apps
	 * @throws MarathonException when Marathon cannot answer
	 */
	public List<MarathonApp> apps() {
		AppList list = get("/v2/apps?embed=apps.tasks", this.settings.listTimeout(), AppList.class);
		if (list.apps() == null) {
			throw new MarathonException("Marathon's app list has no \"apps\" field", 200);
		}
		return list.apps();
	}

	/**
	 * One app with its tasks.
	 * @param appId the app ID
	 * @return the app, empty when Marathon does not know it (404)
	 * @throws MarathonException when Marathon cannot answer
	 */
	public Optional<MarathonApp> app(String appId) {
		if (!MarathonIds.isAppId(appId)) {
			throw new MarathonException(
					"Not a Marathon app ID: " + ((appId.length() > 64) ? appId.substring(0, 64) + "..." : appId), 400);
		}
		String path = "/v2/apps" + appId + "?embed=app.tasks";
		Optional<AppEnvelope> envelope = send("GET", path, path, this.settings.requestTimeout(), Optional.empty(),
				(body) -> Optional.of(read(body, AppEnvelope.class)));
		if (envelope.isEmpty()) {
			return Optional.empty();
		}
		MarathonApp app = envelope.get().app();
		if (app == null) {
			throw new MarathonException("Marathon's answer for " + appId + " has no \"app\" field", 200);
		}
		return Optional.of(app);
	}

	/**
	 * The registered callback URLs ({@code GET /v2/eventSubscriptions}).
	 * @return the URLs
	 * @throws MarathonException when Marathon cannot answer (400 when it runs without
	 * {@code --event_subscriber http_callback})
	 */
	public List<String> callbackUrls() {
		Subscriptions subscriptions = get("/v2/eventSubscriptions", this.settings.requestTimeout(),
				Subscriptions.class);
		return (subscriptions.callbackUrls() != null) ? subscriptions.callbackUrls() : List.of();
	}

	/**
	 * Register a callback URL.
	 * @param callbackUrl the URL
	 */
	public void subscribe(String callbackUrl) {
		send("POST", "/v2/eventSubscriptions?callbackUrl=" + URLEncoder.encode(callbackUrl, StandardCharsets.UTF_8),
				"/v2/eventSubscriptions?callbackUrl=" + Redaction.url(callbackUrl), this.settings.requestTimeout(),
				null, MarathonClient::discard);
	}

	/**
	 * Remove a callback URL.
	 * @param callbackUrl the URL
	 */
	public void unsubscribe(String callbackUrl) {
		send("DELETE", "/v2/eventSubscriptions?callbackUrl=" + URLEncoder.encode(callbackUrl, StandardCharsets.UTF_8),
				"/v2/eventSubscriptions?callbackUrl=" + Redaction.url(callbackUrl), this.settings.requestTimeout(),
				null, MarathonClient::discard);
	}

	/**
	 * Check that Marathon answers ({@code GET /ping}).
	 * @return the instance that answered
	 */
	public URI ping() {
		URI base = this.locator.base();
		send("GET", "/ping", "/ping", Duration.ofSeconds(2), null, MarathonClient::discard);
		return base;
	}

	/**
	 * Open the event stream of the current instance. Redirects (Marathon 1.7+ standbys
	 * redirect to the leader) are followed. The body can be closed from another thread,
	 * which wakes a read blocked on it.
	 * @param eventTypes the {@code event_type} filters
	 * @return the open stream
	 * @throws MarathonException when it cannot be opened
	 */
	public EventConnection openEvents(Collection<String> eventTypes) {
		URI base = this.locator.base();
		String query = eventTypes.stream()
			.map((type) -> "event_type=" + URLEncoder.encode(type, StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		URI uri = URI.create(strip(base) + "/v2/events" + (query.isEmpty() ? "" : "?" + query));
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			// Until the headers arrive; the body is watched for silence by the reader.
			.timeout(this.settings.requestTimeout())
			.header("Accept", "text/event-stream")
			.GET();
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		HttpResponse<InputStream> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			this.locator.invalidate(base);
			throw new MarathonException(
					"Could not open Marathon's event stream at " + Redaction.url(uri.toString()) + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MarathonException("Interrupted while opening Marathon's event stream", ex);
		}
		if (response.statusCode() != 200) {
			try (InputStream body = response.body()) {
				body.readNBytes(MAX_EXCERPT_READ);
			}
			catch (IOException ex) {
				// The status says enough.
			}
			this.locator.invalidate(base);
			throw new MarathonException("GET " + Redaction.url(uri.toString()) + " answered " + response.statusCode(),
					response.statusCode());
		}
		return new EventConnection(base, response.body());
	}

	private <T> T get(String pathAndQuery, Duration timeout, Class<T> type) {
		return send("GET", pathAndQuery, pathAndQuery, timeout, null, (body) -> read(body, type));
	}

	/**
	 * Send a request and read its answer as it streams in, at most
	 * {@code max-response-size} of it (announced or sent).
	 * @param shownPathAndQuery the path and query as error messages name them (secrets
	 * masked)
	 * @param notFound the value of a 404, {@code null} when a 404 is an error
	 * @return what the reader made of the body, or {@code notFound}
	 */
	private <T> T send(String method, String pathAndQuery, String shownPathAndQuery, Duration timeout,
			@Nullable T notFound, BodyReader<T> reader) {
		URI base = this.locator.base();
		URI uri = URI.create(strip(base) + pathAndQuery);
		String shown = method + " " + Redaction.url(strip(base) + shownPathAndQuery);
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(timeout)
			.header("Accept", "application/json")
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		HttpResponse<InputStream> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			this.locator.invalidate(base);
			throw new MarathonException(shown + " failed: " + Redaction.text(ex.toString()), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MarathonException(shown + " was interrupted", ex);
		}
		int status = response.statusCode();
		long limit = this.settings.maxResponseSize().toBytes();
		try (InputStream body = response.body()) {
			if (status == 404 && notFound != null) {
				// Read what a short answer holds, so that its connection can serve again.
				body.readNBytes(MAX_EXCERPT_READ);
				return notFound;
			}
			if (status < 200 || status >= 300) {
				if (status >= 500) {
					this.locator.invalidate(base);
				}
				throw new MarathonException(shown + " answered " + status + ": " + excerpt(body), status);
			}
			if (announcedLength(response) > limit) {
				throw tooLarge(shown, limit, status);
			}
			return reader.read(new SizeLimitedInputStream(body, limit));
		}
		catch (SizeLimitedInputStream.TooLargeException ex) {
			throw tooLarge(shown, limit, status);
		}
		catch (IOException ex) {
			// The answer broke off (or its connection did) after its head.
			this.locator.invalidate(base);
			throw new MarathonException(shown + " failed: " + Redaction.text(ex.toString()), ex);
		}
	}

	private static long announcedLength(HttpResponse<?> response) {
		try {
			return response.headers().firstValueAsLong("Content-Length").orElse(-1);
		}
		catch (NumberFormatException ex) {
			// Counted as it comes instead.
			return -1;
		}
	}

	private static MarathonException tooLarge(String shown, long limit, int status) {
		return new MarathonException(
				shown + " answered more than " + limit + " bytes, the most "
						+ BridgeProperties.Marathon.MAX_RESPONSE_SIZE_PROPERTY
						+ " allows; nothing of it was used (raise the property if Marathon's answers are that large)",
				status);
	}

	/**
	 * Parse a body as it streams in.
	 * @throws IOException when the body cannot be read to its end (cut short, too large)
	 */
	private <T> T read(InputStream body, Class<T> type) throws IOException {
		T value;
		try {
			value = this.answers.forType(type).readValue(body);
		}
		catch (JacksonIOException ex) {
			// Reading failed, not parsing: the caller says which way.
			throw ex.getCause();
		}
		catch (JacksonException ex) {
			throw new MarathonException("Marathon's answer is not the JSON expected: " + ex.getOriginalMessage(), ex);
		}
		if (value == null) {
			throw new MarathonException("Marathon answered an empty body", 200);
		}
		// To its end, as the whole answer was read before (what follows the document is
		// ignored): a connection closed with its answer unread is not used again.
		discard(body);
		return value;
	}

	/** Read a body to its end (within the bound) and drop it. */
	private static Boolean discard(InputStream body) throws IOException {
		body.transferTo(OutputStream.nullOutputStream());
		return Boolean.TRUE;
	}

	private static String strip(URI base) {
		String text = base.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

	/** At most the first 200 characters of an error answer, read from at most 4KB. */
	private static String excerpt(InputStream body) {
		byte[] start;
		try {
			start = body.readNBytes(MAX_EXCERPT_READ);
		}
		catch (IOException ex) {
			// The status says enough.
			return "(unreadable answer)";
		}
		String text = String.valueOf(Redaction.text(new String(start, StandardCharsets.UTF_8)));
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

	/**
	 * Reads a body as it streams in.
	 *
	 * @param <T> what it makes of it
	 */
	@FunctionalInterface
	private interface BodyReader<T> {

		T read(InputStream body) throws IOException;

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record AppList(@Nullable List<MarathonApp> apps) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record AppEnvelope(@Nullable MarathonApp app) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Subscriptions(@Nullable List<String> callbackUrls) {
	}

	/**
	 * An open event stream.
	 *
	 * @param base the instance it comes from
	 * @param body the body
	 */
	public record EventConnection(URI base, InputStream body) implements AutoCloseable {

		@Override
		public void close() {
			try {
				this.body.close();
			}
			catch (IOException ex) {
				// Closed anyway.
			}
		}

	}

}
