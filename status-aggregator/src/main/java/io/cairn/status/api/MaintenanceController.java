package io.cairn.status.api;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.maintenance.MaintenanceProperties;
import io.cairn.status.maintenance.MaintenanceSchedule;
import io.cairn.status.maintenance.MaintenanceStore;
import io.cairn.status.maintenance.MaintenanceWindow;
import io.cairn.status.maintenance.WindowRules;
import io.cairn.status.service.CheckService;
import io.cairn.status.service.InvalidCheckException;
import io.cairn.support.web.PayloadTooLargeException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Scheduled maintenance windows: for one check or a group (every check with the group as
 * a tag), once or recurring ({@code cron} in a {@code zone}). While a window is open its
 * checks are not polled and left out of the aggregate, as in a check's own maintenance.
 */
@RestController
@RequestMapping("/maintenance")
@Tag(name = "Maintenance", description = "Scheduled maintenance windows for checks and groups")
class MaintenanceController {

	private static final List<String> FIELDS = List.of("id", "check", "group", "start", "cron", "zone", "duration",
			"reason");

	private final MaintenanceStore store;

	private final MaintenanceSchedule schedule;

	private final MaintenanceProperties maintenance;

	private final StatusProperties properties;

	private final LiveChecks live;

	private final JsonMapper mapper;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	MaintenanceController(MaintenanceStore store, MaintenanceSchedule schedule, MaintenanceProperties maintenance,
			StatusProperties properties, LiveChecks live, JsonMapper mapper, Clock clock) {
		this.store = store;
		this.schedule = schedule;
		this.maintenance = maintenance;
		this.properties = properties;
		this.live = live;
		this.mapper = mapper;
		this.clock = clock;
	}

	@GetMapping
	@Operation(summary = "Every maintenance window, with whether it is open and until when")
	List<WindowView> list() {
		Instant now = this.clock.instant();
		return this.schedule.windows().stream().map((window) -> view(window, now)).toList();
	}

	@GetMapping("/{id}")
	@Operation(summary = "One maintenance window")
	ResponseEntity<?> show(@PathVariable String id) {
		Instant now = this.clock.instant();
		return this.schedule.windows()
			.stream()
			.filter((window) -> window.id().equals(id))
			.findFirst()
			.<ResponseEntity<?>>map((window) -> ResponseEntity.ok(view(window, now)))
			.orElseGet(() -> notFound(id));
	}

	@PostMapping
	@Operation(summary = "Add a maintenance window",
			description = "{\"group\": \"db\" | \"check\": \"orders\", \"cron\": \"0 0 2 * * SUN\", \"zone\": "
					+ "\"Europe/Berlin\", \"duration\": \"2h\", \"reason\": \"weekly vacuum\"} (recurring) or "
					+ "{\"check\": \"orders\", \"start\": \"2026-12-06T02:00:00Z\", \"duration\": \"2h\"} (once; start "
					+ "defaults to now). 201; 400 naming the field; 409 for a taken id; 429 past "
					+ "cairn.status.maintenance.max-windows. Needs the write token.")
	ResponseEntity<?> add(HttpServletRequest request) throws PayloadTooLargeException {
		JsonNode body = RequestBodies.object(request, this.mapper);
		for (String field : body.propertyNames()) {
			if (!FIELDS.contains(field)) {
				String shown = CheckService.echo(field);
				throw new InvalidCheckException(shown, "Unknown field '" + shown
						+ "'; a window has id, check or group, start or cron (with zone), duration and reason.");
			}
		}
		String given = RequestBodies.text(body, "id");
		String id = (given != null) ? given : "mw-" + HexFormat.of().formatHex(randomBytes());
		Instant now = this.clock.instant();
		MaintenanceWindow window = WindowRules.window(id, RequestBodies.text(body, "check"),
				RequestBodies.text(body, "group"), RequestBodies.text(body, "start"), RequestBodies.text(body, "cron"),
				RequestBodies.text(body, "zone"), RequestBodies.text(body, "duration"),
				RequestBodies.text(body, "reason"), this.properties.limits().maxSilence(), now);
		boolean configured = this.schedule.windows().stream().anyMatch((w) -> w.id().equals(id));
		if (configured || this.store.exists(id)) {
			return problem(HttpStatus.CONFLICT, "Window id taken",
					"A window '" + CheckService.echo(id) + "' exists already; delete it first or choose another id.");
		}
		if (!this.store.add(window, this.maintenance.maxWindows())) {
			if (this.store.exists(id)) {
				return problem(HttpStatus.CONFLICT, "Window id taken",
						"A window '" + CheckService.echo(id) + "' exists already.");
			}
			ProblemDetail tooMany = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
					"There are " + this.maintenance.maxWindows() + " maintenance windows already; delete one first.");
			tooMany.setTitle("Too many maintenance windows");
			tooMany.setProperty("limit", this.maintenance.maxWindows());
			tooMany.setProperty("property", "cairn.status.maintenance.max-windows");
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).body(tooMany);
		}
		this.schedule.refresh();
		this.live.reevaluate();
		return ResponseEntity
			.created(URI.create("/maintenance/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")))
			.body(view(window, now));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete a maintenance window (its checks are polled again at their next interval)")
	ResponseEntity<?> delete(@PathVariable String id) {
		if (this.schedule.windows().stream().anyMatch((w) -> w.id().equals(id) && isConfigured(w))) {
			return problem(HttpStatus.CONFLICT, "Window from configuration",
					"'" + CheckService.echo(id) + "' is defined in configuration (cairn.status.maintenance.windows).");
		}
		if (!this.store.delete(id)) {
			return notFound(id);
		}
		this.schedule.refresh();
		this.live.reevaluate();
		return ResponseEntity.noContent().build();
	}

	private boolean isConfigured(MaintenanceWindow window) {
		return this.maintenance.windows().stream().anyMatch((w) -> w.id().equals(window.id()));
	}

	private byte[] randomBytes() {
		byte[] bytes = new byte[6];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private WindowView view(MaintenanceWindow window, Instant now) {
		ZoneId zone = window.zone();
		return new WindowView(window.id(), window.checkId(), window.group(), window.start(), window.cron(),
				(zone != null) ? zone.getId() : null, window.duration().toSeconds(), window.reason(),
				isConfigured(window) ? "config" : "api", window.openUntil(now) != null, window.openUntil(now),
				window.nextStart(now));
	}

	private static ResponseEntity<ProblemDetail> notFound(String id) {
		return problem(HttpStatus.NOT_FOUND, "No such window",
				"No maintenance window '" + CheckService.echo(id) + "'.");
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return ResponseEntity.status(status).body(problem);
	}

	/**
	 * A maintenance window as the API shows it.
	 *
	 * @param id its id
	 * @param check the check it covers
	 * @param group the group (tag) it covers
	 * @param start when a one-off window opens
	 * @param cron a recurring window's schedule
	 * @param zone the zone the schedule is read in
	 * @param durationSeconds how long each occurrence lasts
	 * @param reason why
	 * @param source api or config
	 * @param open whether it is open now
	 * @param openUntil when the open occurrence ends
	 * @param nextStart when it opens next
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record WindowView(String id, @Nullable String check, @Nullable String group, @Nullable Instant start,
			@Nullable String cron, @Nullable String zone, long durationSeconds, @Nullable String reason, String source,
			boolean open, @Nullable Instant openUntil, @Nullable Instant nextStart) {

	}

}
