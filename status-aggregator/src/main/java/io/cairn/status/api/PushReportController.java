package io.cairn.status.api;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.poll.PollScheduler;
import io.cairn.status.probe.ProbeProperties;
import io.cairn.status.push.PushReports;
import io.cairn.status.service.CheckConflictException;
import io.cairn.status.service.CheckService;
import io.cairn.status.service.InvalidCheckException;
import io.cairn.status.store.NoSuchCheckException;
import io.cairn.support.security.WritePolicy;
import io.cairn.support.web.PayloadTooLargeException;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where a service reports a pushed check's state: {@code POST /checks/{id}/report} with
 * {@code Authorization: Bearer <the check's push token>} (or the write token, under the
 * usual write policy) and {@code {"status": "OK", "message": "..."}}. The report is
 * stored; whichever replica polls the check reads it.
 */
@RestController
@Tag(name = "Checks", description = "Checks, their states and history")
class PushReportController {

	private final LiveChecks live;

	private final PushReports reports;

	private final WritePolicy policy;

	private final PollScheduler scheduler;

	private final ProbeProperties properties;

	private final JsonMapper mapper;

	private final Clock clock;

	PushReportController(LiveChecks live, PushReports reports, WritePolicy policy, PollScheduler scheduler,
			ProbeProperties properties, JsonMapper mapper, Clock clock) {
		this.live = live;
		this.reports = reports;
		this.policy = policy;
		this.scheduler = scheduler;
		this.properties = properties;
		this.mapper = mapper;
		this.clock = clock;
	}

	@PostMapping("/checks/{id}/report")
	@Operation(summary = "Report a pushed check's state",
			description = "{\"status\": \"OK\" | \"Warning\" | \"Critical\" | \"Unknown\", \"message\": \"...\"} with "
					+ "Authorization: Bearer <the push token shown when the check was created> (or the write token). "
					+ "200 with the stored report; 404 for an unknown check; 409 for a check that is not pushed.")
	ResponseEntity<?> report(@PathVariable String id, HttpServletRequest request) throws PayloadTooLargeException {
		CheckService.id(id);
		String presented = bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
		TrackedCheck check = this.live.get(id);
		boolean pushed = check != null && check.definition().kind() == CheckKind.PUSH;
		if (!(pushed && this.reports.accepts(id, presented))) {
			// Not this check's push token: the write policy decides, as for any write.
			WritePolicy.Decision decision = this.policy.decide(request, presented);
			if (!decision.allowed()) {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(decision.status()),
						decision.detail());
				return ResponseEntity.status(decision.status()).body(problem);
			}
		}
		if (check == null) {
			throw new NoSuchCheckException(id);
		}
		if (!pushed) {
			throw new CheckConflictException(
					"'" + id + "' is not a pushed check (" + check.definition().kind().name().toLowerCase(Locale.ROOT)
							+ " check): only checks created " + "with 'push' take reports.");
		}
		JsonNode body = RequestBodies.object(request, this.mapper);
		for (String field : body.propertyNames()) {
			if (!List.of("status", "message").contains(field)) {
				String shown = CheckService.echo(field);
				throw new InvalidCheckException(shown,
						"Unknown field '" + shown + "'; a report has status and message.");
			}
		}
		String rule = "'status' must be OK, Warning, Critical or Unknown.";
		String given = RequestBodies.text(body, "status");
		if (given == null) {
			throw new InvalidCheckException("status", rule);
		}
		CheckStatus status = CheckStatus.parse(given).orElseThrow(() -> new InvalidCheckException("status", rule));
		String message = message(RequestBodies.text(body, "message"));
		Instant now = this.clock.instant();
		if (!this.reports.report(id, status, message, now)) {
			throw new CheckConflictException("'" + id + "' has no push token yet; create it again with 'push'.");
		}
		// Read at once by whichever replica holds the check (this one when it is free).
		this.scheduler.pollSoon(id);
		return ResponseEntity.ok(new Report(id, status.label(), message, now));
	}

	@PostMapping("/checks/{id}/push-token")
	@Operation(summary = "Rotate a pushed check's push token",
			description = "Issues a new push token, shown once in this answer (only its hash is stored); the old token "
					+ "stops working at once. The latest report and the TTL are kept, so the reporter has the TTL to "
					+ "switch. Needs the write token (the push token cannot rotate itself). 404 for an unknown check; "
					+ "409 for a check that is not pushed.")
	ResponseEntity<PushToken> rotate(@PathVariable String id) {
		CheckService.id(id);
		TrackedCheck check = this.live.get(id);
		if (check == null) {
			throw new NoSuchCheckException(id);
		}
		if (check.definition().kind() != CheckKind.PUSH) {
			throw new CheckConflictException("'" + id + "' is not a pushed check ("
					+ check.definition().kind().name().toLowerCase(Locale.ROOT) + " check): it has no push token.");
		}
		Instant now = this.clock.instant();
		// A pushed check whose token row is missing (created while the database was
		// being restored, say) gets a first token as at creation.
		String token = this.reports.rotateToken(id).orElseGet(() -> this.reports.issueToken(id, now));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new PushToken(id, token, now));
	}

	private String message(@Nullable String message) {
		if (message == null) {
			return "";
		}
		int max = this.properties.pushMaxMessageLength();
		if (message.length() > max) {
			throw new InvalidCheckException("message",
					"'message' is longer than " + max + " characters (cairn.status.probes.push-max-message-length).");
		}
		if (message.chars().anyMatch((c) -> Character.isISOControl(c) && c != '\t')) {
			throw new InvalidCheckException("message", "'message' must not contain control characters.");
		}
		return message;
	}

	private static @Nullable String bearer(@Nullable String header) {
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String token = header.substring(7).trim();
		return token.isEmpty() ? null : token;
	}

	/**
	 * A stored report.
	 *
	 * @param id the check
	 * @param status the state reported
	 * @param message the message reported
	 * @param reportedAt when it was taken
	 */
	record Report(String id, String status, String message, Instant reportedAt) {

	}

	/**
	 * A new push token, shown once.
	 *
	 * @param id the check
	 * @param pushToken the token its reports must carry from now on
	 * @param issuedAt when the old token stopped working
	 */
	record PushToken(String id, String pushToken, Instant issuedAt) {

	}

}
