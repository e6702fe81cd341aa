package io.cairn.bridge.event;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;

import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.status.Activity;
import io.cairn.support.security.WritePolicy;
import io.cairn.support.web.PayloadTooLargeException;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Marathon's HTTP callbacks (Marathon before 1.5, started with
 * {@code --event_subscriber http_callback}): {@code POST /events}, Consular's path, with
 * its {@code ?registration=} accepted. It exists only when callbacks are configured
 * ({@code cairn.bridge.events.callback.subscribe} or {@code .enabled}); otherwise the
 * path is a 404 like any other that does not exist. Every event type is answered 2xx at
 * once and applied later: Marathon backs off from a subscriber that answers anything
 * else, and skips the events of that window (Consular's 400s and 500s lost events that
 * way). That holds for large events too: a deployment or an app group can make one of a
 * megabyte or more, which is read to {@code events.max-size}, checked to be a JSON
 * object, and skipped with a full sync (nothing happens for a type the bridge does not
 * use), whatever {@code cairn.http.max-request-size} says. Only requests Marathon never
 * sends are refused: a body that is not JSON (400), or not sent as
 * {@code application/json} (415: a browser sends a cross-site form or {@code text/plain}
 * post without asking, never a JSON one), a write the write policy refuses (no or a wrong
 * token when one is set; another host when none is set and writes are not open), or a
 * body over {@code events.callback.max-body-size} (413).
 */
@RestController
@Conditional(CallbackController.Configured.class)
@Tag(name = "callback", description = "Marathon's legacy HTTP event callbacks")
public class CallbackController {

	/** The callback path. */
	public static final String PATH = "/events";

	/** The longest {@code registration} parameter accepted. */
	public static final int MAX_REGISTRATION_LENGTH = 256;

	private final EventIntake intake;

	private final WritePolicy writePolicy;

	private final int maxSize;

	private final long maxBodySize;

	private final Activity activity;

	/**
	 * Create the controller.
	 * @param intake takes the events
	 * @param writePolicy who may post events
	 * @param properties the bridge properties (the event size limit)
	 * @param activity notes refusals
	 */
	public CallbackController(EventIntake intake, WritePolicy writePolicy, BridgeProperties properties,
			Activity activity) {
		this.intake = intake;
		this.writePolicy = writePolicy;
		this.maxSize = (int) Math.min(Integer.MAX_VALUE - 1, properties.events().maxSize().toBytes());
		this.maxBodySize = properties.events().callback().maxBodySize().toBytes();
		this.activity = activity;
	}

	/**
	 * Take one event.
	 * @param registration Consular's registration ID (accepted, not needed)
	 * @param token the token, when {@code cairn.security.token} is set (Marathon cannot
	 * send headers, so it travels in the callback URL)
	 * @param authorization a bearer token, as an alternative
	 * @param request the request (its body is read here, with the bridge's bounds)
	 * @return 202 when queued (or skipped for its size, with a full sync), 200 when
	 * acknowledged without action
	 * @throws IOException when the body cannot be read
	 */
	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Receive a Marathon event (HTTP callback)",
			description = "Answers 2xx for every event type at once, and for a JSON object of any size up to "
					+ "cairn.bridge.events.callback.max-body-size; the event is applied asynchronously. "
					+ "Exists only when cairn.bridge.events.callback.subscribe or .enabled is set.")
	public ResponseEntity<Object> event(
			@Parameter(description = "Consular's registration ID; accepted and not needed") @RequestParam(
					required = false) @Nullable String registration,
			@Parameter(description = "the bridge's token, when cairn.security.token is set") @RequestParam(
					required = false) @Nullable String token,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			HttpServletRequest request) throws IOException {
		ResponseEntity<Object> refusal = refusal(request, registration, token, authorization);
		return (refusal != null) ? refusal : take(request);
	}

	/**
	 * A body whose declared length is over {@code cairn.http.max-request-size}: support's
	 * limit refuses it before this controller runs, and a 413 would make Marathon back
	 * off and drop the events that follow. The callback applies its own bounds instead.
	 * @param request the request
	 * @return as {@link #event}
	 * @throws IOException when the body cannot be read
	 */
	@ExceptionHandler(PayloadTooLargeException.class)
	ResponseEntity<Object> largerThanTheRequestLimit(HttpServletRequest request) throws IOException {
		ResponseEntity<Object> refusal = refusal(request, request.getParameter("registration"),
				request.getParameter("token"), request.getHeader(HttpHeaders.AUTHORIZATION));
		return (refusal != null) ? refusal : take(request);
	}

	private @Nullable ResponseEntity<Object> refusal(HttpServletRequest request, @Nullable String registration,
			@Nullable String token, @Nullable String authorization) {
		WritePolicy.Decision decision = this.writePolicy.decide(request, token);
		if (!decision.allowed() && bearer(authorization) != null) {
			decision = this.writePolicy.decide(request, bearer(authorization));
		}
		if (!decision.allowed()) {
			return problem(HttpStatus.valueOf(decision.status()),
					(decision == WritePolicy.Decision.MISSING_TOKEN)
							? "This callback needs the token: add token=<cairn.security.token> to the callback URL."
							: decision.detail());
		}
		if (registration != null && registration.length() > MAX_REGISTRATION_LENGTH) {
			return problem(HttpStatus.BAD_REQUEST,
					"registration is at most " + MAX_REGISTRATION_LENGTH + " characters long.");
		}
		return null;
	}

	private ResponseEntity<Object> take(HttpServletRequest request) throws IOException {
		CallbackBody.Read body = CallbackBody.read(rawBody(request), this.maxSize, this.maxBodySize);
		EventIntake.Result result;
		switch (body.kind()) {
			case TOO_LARGE -> {
				return problem(HttpStatus.CONTENT_TOO_LARGE, "The body exceeds "
						+ BridgeProperties.Callback.MAX_BODY_SIZE_PROPERTY + " (" + this.maxBodySize + " bytes).");
			}
			case NOT_AN_OBJECT -> {
				return problem(HttpStatus.BAD_REQUEST, "The body is not a JSON object (" + body.size()
						+ " bytes, more than cairn.bridge.events.max-size, " + this.maxSize + ", of them read).");
			}
			case OVERSIZED -> result = this.intake.oversized(body.type(), body.size());
			default -> {
				try {
					result = this.intake.accept(null, body.text());
				}
				catch (MalformedEventException ex) {
					this.activity.error("callback", "an unreadable callback body: " + ex.getMessage());
					return problem(HttpStatus.BAD_REQUEST, "The body is not a Marathon event: " + ex.getMessage());
				}
			}
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("status", result.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		switch (result) {
			case QUEUED -> {
				return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
			}
			case SKIPPED -> {
				answer.put("reason", "the event is larger than cairn.bridge.events.max-size (" + this.maxSize
						+ " bytes); a full sync was requested instead");
				return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
			}
			case IGNORED -> answer.put("reason", "the bridge does not use this event type");
			case DUPLICATE -> answer.put("reason", "the same event is already waiting");
			case DROPPED -> answer.put("reason", "the event queue is full; a full sync was requested");
			case NOT_ACTING -> answer.put("reason", "this replica does not act on events now (a follower, or idle)");
		}
		return ResponseEntity.ok(answer);
	}

	/**
	 * The body as the client sends it: support's request-size filter wraps the stream to
	 * fail past {@code cairn.http.max-request-size}, and the callback applies its own
	 * limits (an event of a megabyte or more is Marathon's normal, see the class
	 * comment).
	 */
	private static InputStream rawBody(HttpServletRequest request) throws IOException {
		ServletRequest raw = request;
		while (raw instanceof ServletRequestWrapper wrapper) {
			raw = wrapper.getRequest();
		}
		return raw.getInputStream();
	}

	private static @Nullable String bearer(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		return authorization.substring(7).trim();
	}

	private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
		if (status == HttpStatus.UNAUTHORIZED) {
			builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cairn\"");
		}
		return builder.body(problem);
	}

	/**
	 * Callbacks are configured: the bridge subscribes itself, or was told to accept them.
	 */
	static final class Configured extends AnyNestedCondition {

		Configured() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBooleanProperty(BridgeProperties.Callback.ENABLED_PROPERTY)
		static final class Enabled {

		}

		@ConditionalOnBooleanProperty(BridgeProperties.Callback.SUBSCRIBE_PROPERTY)
		static final class Subscribing {

		}

	}

}
