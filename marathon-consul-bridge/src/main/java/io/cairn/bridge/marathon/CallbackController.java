package io.cairn.bridge.marathon;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import io.cairn.bridge.config.BridgeProperties;
import io.cairn.bridge.event.EventIntake;
import io.cairn.bridge.event.MalformedEventException;
import io.cairn.bridge.status.Activity;
import io.cairn.support.security.TokenCheck;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Marathon's HTTP callbacks (Marathon before 1.5, started with
 * {@code --event_subscriber http_callback}): {@code POST /events}, Consular's path, with
 * its {@code ?registration=} accepted. Every event type is answered 2xx at once and
 * applied later: Marathon backs off from a subscriber that answers anything else, and
 * skips the events of that window (Consular's 400s and 500s lost events that way). Only
 * bodies that are not JSON, too large, or without the token when one is set are refused
 * (Marathon never sends such requests).
 */
@RestController
@Tag(name = "callback", description = "Marathon's legacy HTTP event callbacks")
public class CallbackController {

	/** The callback path. */
	public static final String PATH = "/events";

	private final EventIntake intake;

	private final TokenCheck tokenCheck;

	private final long maxSize;

	private final Activity activity;

	/**
	 * Create the controller.
	 * @param intake takes the events
	 * @param tokenCheck the configured token
	 * @param properties the bridge properties (the event size limit)
	 * @param activity notes refusals
	 */
	public CallbackController(EventIntake intake, TokenCheck tokenCheck, BridgeProperties properties,
			Activity activity) {
		this.intake = intake;
		this.tokenCheck = tokenCheck;
		this.maxSize = properties.events().maxSize().toBytes();
		this.activity = activity;
	}

	/**
	 * Take one event.
	 * @param registration Consular's registration ID (accepted, not needed)
	 * @param token the token, when {@code cairn.security.token} is set (Marathon cannot
	 * send headers, so it travels in the callback URL)
	 * @param authorization a bearer token, as an alternative
	 * @param body the event JSON
	 * @return 202 when queued, 200 when acknowledged without action
	 */
	@PostMapping(PATH)
	@Operation(summary = "Receive a Marathon event (HTTP callback)",
			description = "Answers 2xx for every event type at once; the event is applied asynchronously.")
	public ResponseEntity<Object> event(
			@Parameter(description = "Consular's registration ID; accepted and not needed") @RequestParam(
					required = false) @Nullable String registration,
			@Parameter(description = "the bridge's token, when cairn.security.token is set") @RequestParam(
					required = false) @Nullable String token,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			@RequestBody byte[] body) {
		if (this.tokenCheck.required() && !this.tokenCheck.accepts(token)
				&& !this.tokenCheck.accepts(bearer(authorization))) {
			return problem(HttpStatus.UNAUTHORIZED,
					"This callback needs the token: add token=<cairn.security.token> to the callback URL.");
		}
		if (body.length > this.maxSize) {
			this.intake.oversized(null);
			return problem(HttpStatus.CONTENT_TOO_LARGE, "The event exceeds cairn.bridge.events.max-size ("
					+ this.maxSize + " bytes); a full sync was requested instead.");
		}
		EventIntake.Result result;
		try {
			result = this.intake.accept(null, new String(body, StandardCharsets.UTF_8));
		}
		catch (MalformedEventException ex) {
			this.activity.error("callback", "an unreadable callback body: " + ex.getMessage());
			return problem(HttpStatus.BAD_REQUEST, "The body is not a Marathon event: " + ex.getMessage());
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("status", result.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		switch (result) {
			case QUEUED -> {
				return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
			}
			case IGNORED -> answer.put("reason", "the bridge does not use this event type");
			case DUPLICATE -> answer.put("reason", "the same event is already waiting");
			case DROPPED -> answer.put("reason", "the event queue is full; a full sync was requested");
			case NOT_ACTING -> answer.put("reason", "this replica does not act on events now (a follower, or idle)");
		}
		return ResponseEntity.ok(answer);
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

}
