package io.cairn.status.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckSource;
import io.cairn.status.check.CheckState;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.PythonJson;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.service.CheckService;
import io.cairn.status.service.NewCheck;
import io.cairn.status.store.NoSuchCheckException;
import io.cairn.support.security.Redaction;
import io.cairn.support.web.PayloadTooLargeException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Megaphone's API, for its existing clients: {@code GET /status}, {@code POST|PUT
 * /check/add}, {@code GET /check/list}, {@code GET /check/show/<id>},
 * {@code POST /check/del}, and {@code GET /} (the status for API clients, the console for
 * browsers). Successful answers are Megaphone's bytes; errors are Problem Details instead
 * of Megaphone's HTML 500 pages.
 */
@RestController
@Tag(name = "Megaphone", description = "Megaphone-compatible routes")
class MegaphoneController {

	private static final MediaType JSON = MediaType.APPLICATION_JSON;

	private final StatusRenderer renderer;

	private final LiveChecks live;

	private final CheckService checks;

	private final JsonMapper mapper;

	private final StatusProperties properties;

	MegaphoneController(StatusRenderer renderer, LiveChecks live, CheckService checks, JsonMapper mapper,
			StatusProperties properties) {
		this.renderer = renderer;
		this.live = live;
		this.checks = checks;
		this.mapper = mapper;
		this.properties = properties;
	}

	@GetMapping("/status")
	@Operation(summary = "The worst-of status of every check, in Megaphone's shape",
			description = "Served from the last poll results; never waits for a check. "
					+ "?critical=503 answers HTTP 503 when the status is Critical (for load balancers).")
	ResponseEntity<byte[]> status(
			@Parameter(description = "the HTTP status to answer when Critical, e.g. 503") @RequestParam(
					required = false) @Nullable Integer critical) {
		StatusRenderer.Answer answer = this.renderer.answer();
		int code = 200;
		if (answer.snapshot().status() == CheckStatus.CRITICAL) {
			code = (critical != null) ? critical : this.properties.api().criticalStatusCode();
			if (code < 200 || code > 599) {
				throw new io.cairn.status.service.InvalidCheckException("critical",
						"'critical' must be an HTTP status code from 200 to 599.");
			}
		}
		return ResponseEntity.status(code).contentType(JSON).body(answer.body());
	}

	@GetMapping("/")
	@Operation(summary = "The status for API clients (as Megaphone 2016's GET /), the console for browsers")
	ResponseEntity<?> root(@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			@RequestParam(required = false) @Nullable Integer critical) {
		// The answer depends on Accept, so a cache in front must key on it (HTML for
		// browsers, JSON for Megaphone's clients).
		if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)) {
			Resource console = new ClassPathResource("static/index.html");
			return ResponseEntity.ok().varyBy(HttpHeaders.ACCEPT).contentType(MediaType.TEXT_HTML).body(console);
		}
		ResponseEntity<byte[]> status = status(critical);
		return ResponseEntity.status(status.getStatusCode())
			.headers(status.getHeaders())
			.varyBy(HttpHeaders.ACCEPT)
			.body(status.getBody());
	}

	@RequestMapping(path = "/check/add", method = { RequestMethod.POST, RequestMethod.PUT })
	@Operation(
			summary = "Add or replace a check: {\"id\": ..., \"url\": ...} (POST as Megaphone's code, PUT as "
					+ "its README)",
			description = "Any content type; 200 with an empty body as in Megaphone. "
					+ "Needs the bearer token when cairn.security.token is set.")
	ResponseEntity<Void> add(HttpServletRequest request) throws PayloadTooLargeException {
		JsonNode body = RequestBodies.object(request, this.mapper);
		this.checks.register(NewCheck.of(RequestBodies.text(body, "id"), RequestBodies.text(body, "url")),
				CheckSource.API);
		return ResponseEntity.ok().build();
	}

	@GetMapping("/check/list")
	@Operation(summary = "Every check's id and URL, as Megaphone's id → url map")
	ResponseEntity<String> list() {
		Map<String, String> entries = new LinkedHashMap<>();
		for (LiveChecks.View view : this.live.list()) {
			entries.put(view.check().id(), target(view.check().definition()));
		}
		return ResponseEntity.ok().contentType(JSON).body(PythonJson.writeStrings(entries));
	}

	@GetMapping("/check/show/{id}")
	@Operation(summary = "The check's last JSON document (parsed, re-serialised and size-capped)",
			description = "When the check gave no JSON document (unreachable, not JSON), Megaphone's "
					+ "{\"status\", \"date\", \"message\"} summary instead.")
	ResponseEntity<byte[]> show(@PathVariable String id) {
		TrackedCheck check = this.live.get(id);
		if (check == null) {
			throw new NoSuchCheckException(id);
		}
		CheckState state = check.state();
		String body = state.document();
		if (body == null || !this.properties.api().showDocuments()) {
			Map<String, String> summary = new LinkedHashMap<>();
			summary.put("status", state.label());
			summary.put("date", this.renderer.dateText());
			summary.put("message", state.message());
			body = PythonJson.writeStrings(summary);
		}
		return ResponseEntity.ok().contentType(JSON).body(body.getBytes(StandardCharsets.US_ASCII));
	}

	@RequestMapping(path = "/check/del", method = { RequestMethod.POST, RequestMethod.DELETE })
	@Operation(summary = "Delete a check: {\"id\": ...}", description = "200 with an empty body as in Megaphone; "
			+ "404 for an unknown id. Needs the bearer token when cairn.security.token is set.")
	ResponseEntity<Void> delete(HttpServletRequest request) throws PayloadTooLargeException {
		JsonNode body = RequestBodies.object(request, this.mapper);
		this.checks.delete(CheckService.id(RequestBodies.text(body, "id")));
		return ResponseEntity.ok().build();
	}

	/**
	 * A check's target as answers show it: URLs with their credentials hidden.
	 * @param definition the check
	 * @return what may be shown
	 */
	static String target(CheckDefinition definition) {
		return switch (definition.kind()) {
			case COMMAND -> "command:" + definition.target();
			// Redaction gives null for null only; a target is never null.
			case HTTP, TCP, TLS, DNS -> Objects.requireNonNull(Redaction.url(definition.target()));
			default -> definition.target();
		};
	}

}
