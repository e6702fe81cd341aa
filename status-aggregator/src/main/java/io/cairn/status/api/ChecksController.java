package io.cairn.status.api;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

import io.cairn.status.aggregate.AggregateSnapshot;
import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.CheckKind;
import io.cairn.status.check.CheckSource;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.probe.ProbeRequests;
import io.cairn.status.probe.ProbeTargets;
import io.cairn.status.push.PushReports;
import io.cairn.status.service.CheckService;
import io.cairn.status.service.InvalidCheckException;
import io.cairn.status.service.MegaphoneImport;
import io.cairn.status.service.NewCheck;
import io.cairn.status.store.CheckStore;
import io.cairn.status.store.HistoryEntry;
import io.cairn.status.store.NoSuchCheckException;
import io.cairn.support.web.PayloadTooLargeException;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The richer API beside Megaphone's: every check with its state, last poll, latency, last
 * change and staleness; Megaphone 2016's {@code POST /checks} with its {@code url}
 * object; history; mutes and maintenance; polls on demand; cache import.
 */
@RestController
@RequestMapping("/checks")
@Tag(name = "Checks", description = "Checks, their states and history")
class ChecksController {

	private final LiveChecks live;

	private final CheckService checks;

	private final CheckStore store;

	private final MegaphoneImport importer;

	private final StatusRenderer renderer;

	private final JsonMapper mapper;

	private final StatusProperties properties;

	private final ProbeRequests probes;

	private final PushReports pushReports;

	private final Clock clock;

	ChecksController(LiveChecks live, CheckService checks, CheckStore store, MegaphoneImport importer,
			StatusRenderer renderer, JsonMapper mapper, StatusProperties properties, ProbeRequests probes,
			PushReports pushReports, Clock clock) {
		this.probes = probes;
		this.pushReports = pushReports;
		this.clock = clock;
		this.live = live;
		this.checks = checks;
		this.store = store;
		this.importer = importer;
		this.renderer = renderer;
		this.mapper = mapper;
		this.properties = properties;
	}

	@GetMapping
	@Operation(summary = "The aggregate and every check, optionally filtered")
	ChecksView list(
			@Parameter(description = "only checks with this tag") @RequestParam(required = false) @Nullable String tag,
			@Parameter(description = "only checks whose effective status is this (OK, Warning, ...)") @RequestParam(
					required = false) @Nullable String status,
			@Parameter(
					description = "only checks from this source (api, config, registry, consul, megaphone)") @RequestParam(
							required = false) @Nullable String source) {
		if (tag != null) {
			CheckService.tagFilter("tag", tag);
		}
		CheckStatus wanted = (status != null) ? CheckStatus.parse(status)
			.orElseThrow(
					() -> new InvalidCheckException("status", "'status' must be OK, Unknown, Warning or Critical."))
				: null;
		CheckSource from = (source != null) ? source(source) : null;
		AggregateSnapshot snapshot = this.live.snapshot();
		Instant now = this.clock.instant();
		List<CheckView> views = new ArrayList<>();
		for (LiveChecks.View view : this.live.list()) {
			TrackedCheck check = view.check();
			if ((tag == null || check.definition().tags().contains(tag))
					&& (wanted == null || view.contribution().status() == wanted)
					&& (from == null || check.definition().source() == from)) {
				views.add(CheckView.of(check, view.contribution(), view.flap(), this.live.scheduledMaintenance(check),
						now, this.properties.poll().interval(), null));
			}
		}
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (CheckStatus s : CheckStatus.values()) {
			counts.put(s.label(), snapshot.counts().get(s));
		}
		return new ChecksView(snapshot.status().label(), snapshot.message(), this.renderer.dateText(), counts,
				snapshot.checks(), snapshot.excluded(), snapshot.stale(), views);
	}

	@PostMapping
	@Operation(summary = "Add or replace a check (Megaphone 2016's body, plus tags and interval)",
			description = "{\"id\": \"db\", \"url\": \"http://...\" or {\"addr\": \"http://...\", \"jsonpath\": "
					+ "\"a/b/status\", \"statusoverride\": \"OK\"}, \"tags\": [\"prod\"], \"interval\": \"30s\", "
					+ "\"format\": \"actuator\", \"conditions\": [\"[STATUS] == 200\", {\"if\": \"[RESPONSE_TIME] < 300\", "
					+ "\"severity\": \"Warning\"}]}; url may be tcp://host:port or tls://host:port. "
					+ "201 when new, 200 when replaced. Needs the bearer token when cairn.security.token is set.")
	ResponseEntity<CheckView> add(HttpServletRequest request) throws PayloadTooLargeException {
		JsonNode body = RequestBodies.object(request, this.mapper);
		for (String field : body.propertyNames()) {
			if (!List.of("id", "url", "tags", "interval").contains(field) && !ProbeRequests.FIELDS.contains(field)) {
				String shown = CheckService.echo(field);
				throw new InvalidCheckException(shown, "Unknown field '" + shown + "'; a check has id, url, tags, "
						+ "interval, format, okStatus, conditions, method, headers, body, auth and push.");
			}
		}
		String id = RequestBodies.text(body, "id");
		JsonNode url = body.get("url");
		if ((url == null || url.isNull()) && body.get("push") != null) {
			// A pushed check has no URL of its own.
			url = StringNode.valueOf(ProbeTargets.PUSH_TARGET);
		}
		if (url == null || url.isNull()) {
			throw new InvalidCheckException("url", "'url' is required.");
		}
		NewCheck parsed = MegaphoneImport.check((id != null) ? id : "", url);
		NewCheck request1 = new NewCheck(id, parsed.url(), parsed.jsonPath(), parsed.statusOverride(),
				tags(body.get("tags")), interval(body.get("interval")), this.probes.read(body));
		CheckStore.Saved saved = this.checks.register(request1, CheckSource.API);
		CheckView view = view(saved.check().id());
		if (saved.check().definition().kind() == CheckKind.PUSH
				&& (saved.created() || this.pushReports.latest(saved.check().id()).isEmpty())) {
			// Shown once: only its hash is stored.
			view = view.withPushToken(this.pushReports.issueToken(saved.check().id(), this.clock.instant()));
		}
		if (saved.created()) {
			return ResponseEntity.created(location(saved.check().id())).body(view);
		}
		return ResponseEntity.ok(view);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One check with its state and last JSON document")
	CheckView show(@PathVariable String id) {
		return view(id);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete a check", description = "204; 404 for an unknown id; 409 for a command check "
			+ "from configuration. Needs the bearer token when cairn.security.token is set.")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.checks.delete(id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/history")
	@Operation(summary = "A check's status transitions, newest first")
	List<HistoryEntry> history(@PathVariable String id, @RequestParam(defaultValue = "100") int limit,
			@Parameter(description = "only entries older than this entry id (paging)") @RequestParam(
					required = false) @Nullable Long before) {
		// The history outlives its check, so an unknown id is an empty list; an id no
		// check can have is a mistake.
		return this.store.history(CheckService.id(id), null, limit(limit), before);
	}

	@GetMapping("/history")
	@Operation(summary = "Transitions of every check, newest first, optionally only those with a tag")
	List<HistoryEntry> allHistory(@RequestParam(required = false) @Nullable String tag,
			@RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) @Nullable Long before) {
		if (tag != null) {
			CheckService.tagFilter("tag", tag);
		}
		return this.store.history(null, tag, limit(limit), before);
	}

	@PutMapping("/{id}/mute")
	@Operation(summary = "Mute a check for a while: still polled, left out of the aggregate",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					mediaType = "application/json", schema = @Schema(implementation = SilenceRequest.class))))
	CheckView mute(@PathVariable String id, @RequestBody JsonNode body) {
		SilenceRequest request = SilenceRequest.of(body);
		this.checks.silence(id, duration(request.duration()), null, request.note());
		return view(id);
	}

	@PutMapping("/{id}/maintenance")
	@Operation(summary = "Put a check in maintenance for a while: not polled, left out of the aggregate",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
					mediaType = "application/json", schema = @Schema(implementation = SilenceRequest.class))))
	CheckView maintenance(@PathVariable String id, @RequestBody JsonNode body) {
		SilenceRequest request = SilenceRequest.of(body);
		this.checks.silence(id, null, duration(request.duration()), request.note());
		return view(id);
	}

	@DeleteMapping({ "/{id}/mute", "/{id}/maintenance" })
	@Operation(summary = "Lift a mute or a maintenance window")
	CheckView unmute(@PathVariable String id) {
		this.checks.silence(id, null, null, null);
		return view(id);
	}

	@PostMapping("/{id}/poll")
	@Operation(summary = "Poll a check now instead of at its next interval (202; the result follows)")
	ResponseEntity<Void> poll(@PathVariable String id) {
		this.checks.pollNow(id);
		return ResponseEntity.status(HttpStatus.ACCEPTED).build();
	}

	@PostMapping("/import")
	@Operation(summary = "Import a Megaphone cache file (its content as the body)",
			description = "curl --data-binary @/opt/megaphone/cache/cache.json .../checks/import; at most "
					+ "cairn.status.limits.max-import-checks checks per request (400 beyond), and 429 when they "
					+ "would take the aggregator past cairn.status.limits.max-checks (nothing is imported then)")
	MegaphoneImport.Report importCache(HttpServletRequest request) throws PayloadTooLargeException {
		try {
			MegaphoneImport.Report report = this.importer.importCache(request.getInputStream().readAllBytes(),
					this.properties.limits().maxImportChecks());
			if (report.imported().isEmpty()) {
				// Nothing written: a 400 saying why, rather than a success that did
				// nothing.
				throw new InvalidCheckException("body",
						report.skipped().isEmpty() ? "The body holds no checks."
								: "No check could be imported; the first refused is '" + report.skipped().get(0).id()
										+ "': " + report.skipped().get(0).reason());
			}
			return report;
		}
		catch (PayloadTooLargeException ex) {
			throw ex;
		}
		catch (java.io.IOException ex) {
			throw new InvalidCheckException("body", "The request body could not be read.");
		}
	}

	private CheckView view(String id) {
		TrackedCheck check = this.live.get(id);
		var contribution = this.live.contribution(id);
		if (check == null || contribution == null) {
			throw new NoSuchCheckException(id);
		}
		JsonNode document = null;
		if (check.state().document() != null && this.properties.api().showDocuments()) {
			try {
				document = this.mapper.readTree(check.state().document());
			}
			catch (JacksonException ex) {
				document = null;
			}
		}
		return CheckView
			.of(check, contribution, this.live.flap(id), this.live.scheduledMaintenance(check), this.clock.instant(),
					this.properties.poll().interval(), document)
			.withConditionResults(check, this.mapper, this.properties.api().showDocuments());
	}

	private static URI location(String id) {
		return URI.create("/checks/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
	}

	private static int limit(int limit) {
		if (limit < 1 || limit > 1000) {
			throw new InvalidCheckException("limit", "'limit' must be between 1 and 1000.");
		}
		return limit;
	}

	private static CheckSource source(String source) {
		try {
			return CheckSource.valueOf(source.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidCheckException("source", "'source' must be api, config, registry, consul or megaphone.");
		}
	}

	private static @Nullable List<String> tags(@Nullable JsonNode tags) {
		if (tags == null || tags.isNull()) {
			return null;
		}
		if (!tags.isArray()) {
			throw new InvalidCheckException("tags", "'tags' must be an array of strings.");
		}
		List<String> result = new ArrayList<>();
		for (JsonNode tag : tags) {
			if (!tag.isString()) {
				throw new InvalidCheckException("tags", "'tags' must be an array of strings.");
			}
			result.add(tag.stringValue());
		}
		return result;
	}

	private static @Nullable Duration interval(@Nullable JsonNode interval) {
		if (interval == null || interval.isNull()) {
			return null;
		}
		if (interval.isIntegralNumber()) {
			if (!interval.canConvertToLong()) {
				throw new InvalidCheckException("interval", "'interval' is out of range.");
			}
			// Bounds are the service's (min-interval, max-interval); a count of seconds
			// this large is already far past them.
			return Duration.ofSeconds(interval.asLong());
		}
		if (!interval.isString()) {
			throw new InvalidCheckException("interval", "'interval' must be like \"30s\" or a number of seconds.");
		}
		return duration("interval", interval.stringValue());
	}

	private static Duration duration(@Nullable String text) {
		if (text == null) {
			throw new InvalidCheckException("duration", "'duration' is required, e.g. \"30m\".");
		}
		return duration("duration", text);
	}

	private static Duration duration(String field, String text) {
		if (text.length() > 64) {
			throw new InvalidCheckException(field, "'" + field + "' is longer than 64 characters.");
		}
		try {
			return DurationStyle.detectAndParse(text.trim());
		}
		catch (RuntimeException ex) {
			// IllegalArgumentException for a malformed value, ArithmeticException or
			// DateTimeException for one past what a Duration holds
			throw new InvalidCheckException(field, "'" + field + "' must be like \"30s\", \"5m\" or \"PT1H\".");
		}
	}

}
