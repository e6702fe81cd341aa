package io.cairn.bridge.marathon;

import java.io.IOException;
import java.io.InputStream;
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
import tools.jackson.databind.json.JsonMapper;

import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.support.security.Redaction;

/**
 * Marathon's REST API as the bridge uses it: every app with its tasks in one call
 * ({@code GET /v2/apps?embed=apps.tasks}; Consular made one call per app), one app with
 * its tasks, event subscriptions, and the event stream. Calls go to the instance
 * {@link MarathonLocator} names; a failure makes it look again. Error messages name the
 * request with its secrets masked (a user-info password, the callback URL's token), and
 * quote at most 200 characters of Marathon's answer, masked the same way.
 */
public final class MarathonClient {

	private final MarathonLocator locator;

	private final HttpClient http;

	private final BridgeProperties.Marathon settings;

	private final JsonMapper json;

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
		this.json = json;
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
		byte[] body = get("/v2/apps?embed=apps.tasks", this.settings.listTimeout(), false);
		AppList list = read(body, AppList.class);
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
		byte[] body = get("/v2/apps" + appId + "?embed=app.tasks", this.settings.requestTimeout(), true);
		if (body == null) {
			return Optional.empty();
		}
		AppEnvelope envelope = read(body, AppEnvelope.class);
		if (envelope.app() == null) {
			throw new MarathonException("Marathon's answer for " + appId + " has no \"app\" field", 200);
		}
		return Optional.of(envelope.app());
	}

	/**
	 * The registered callback URLs ({@code GET /v2/eventSubscriptions}).
	 * @return the URLs
	 * @throws MarathonException when Marathon cannot answer (400 when it runs without
	 * {@code --event_subscriber http_callback})
	 */
	public List<String> callbackUrls() {
		Subscriptions subscriptions = read(get("/v2/eventSubscriptions", this.settings.requestTimeout(), false),
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
				false);
	}

	/**
	 * Remove a callback URL.
	 * @param callbackUrl the URL
	 */
	public void unsubscribe(String callbackUrl) {
		send("DELETE", "/v2/eventSubscriptions?callbackUrl=" + URLEncoder.encode(callbackUrl, StandardCharsets.UTF_8),
				"/v2/eventSubscriptions?callbackUrl=" + Redaction.url(callbackUrl), this.settings.requestTimeout(),
				false);
	}

	/**
	 * Check that Marathon answers ({@code GET /ping}).
	 * @return the instance that answered
	 */
	public URI ping() {
		URI base = this.locator.base();
		get("/ping", Duration.ofSeconds(2), false);
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
				body.readNBytes(4096);
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

	private byte @Nullable [] get(String pathAndQuery, Duration timeout, boolean notFoundIsEmpty) {
		return send("GET", pathAndQuery, pathAndQuery, timeout, notFoundIsEmpty);
	}

	/**
	 * Send a request.
	 * @param shownPathAndQuery the path and query as error messages name them (secrets
	 * masked)
	 */
	private byte @Nullable [] send(String method, String pathAndQuery, String shownPathAndQuery, Duration timeout,
			boolean notFoundIsEmpty) {
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
		HttpResponse<byte[]> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
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
		if (status == 404 && notFoundIsEmpty) {
			return null;
		}
		if (status < 200 || status >= 300) {
			if (status >= 500) {
				this.locator.invalidate(base);
			}
			throw new MarathonException(shown + " answered " + status + ": " + excerpt(response.body()), status);
		}
		return response.body();
	}

	private <T> T read(byte @Nullable [] body, Class<T> type) {
		try {
			T value = this.json.readValue((body != null) ? body : new byte[0], type);
			if (value == null) {
				throw new MarathonException("Marathon answered an empty body", 200);
			}
			return value;
		}
		catch (JacksonException ex) {
			throw new MarathonException("Marathon's answer is not the JSON expected: " + ex.getOriginalMessage(), ex);
		}
	}

	private static String strip(URI base) {
		String text = base.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

	private static String excerpt(byte[] body) {
		String text = String
			.valueOf(Redaction.text(new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8)));
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
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
