package io.cairn.status.api;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.cairn.status.aggregate.LiveChecks;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public status page at {@code /status-page}: read-only, server-rendered, no
 * JavaScript; separate from the operator console at {@code /}, and switched off with
 * {@code cairn.status.pages.status-page=false}.
 */
@RestController
@Tag(name = "Status page", description = "The public, read-only status page")
class StatusPageController {

	private final LiveChecks live;

	private final UptimeReports reports;

	private final PublicPagesProperties properties;

	private final Clock clock;

	private final StatusPageRenderer renderer = new StatusPageRenderer();

	StatusPageController(LiveChecks live, UptimeReports reports, PublicPagesProperties properties, Clock clock) {
		this.live = live;
		this.reports = reports;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping("/status-page")
	@Operation(summary = "The public status page (HTML), grouped by tag")
	ResponseEntity<String> page() {
		if (!this.properties.statusPage()) {
			throw new PageDisabledException("The status page is switched off (cairn.status.pages.status-page).");
		}
		Instant now = this.clock.instant();
		List<LiveChecks.View> checks = this.live.list();
		// A check's own maintenance or a scheduled window over it (or its group), as its
		// view in the API shows it.
		Map<String, CheckView.MaintenanceView> maintenance = new HashMap<>();
		for (LiveChecks.View view : checks) {
			CheckView.MaintenanceView one = CheckView.MaintenanceView.of(view.check().definition(),
					this.live.scheduledMaintenance(view.check()), now);
			if (one != null) {
				maintenance.put(view.check().id(), one);
			}
		}
		String html = this.renderer.render(this.properties.title(), this.live.snapshot().status(), checks,
				this.reports.countsByCheck(), maintenance, now);
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
			.cacheControl(CacheControl.maxAge(this.properties.cacheMaxAge()).cachePublic())
			// nothing runs here, nothing is loaded from elsewhere, no form posts anywhere
			.header("Content-Security-Policy",
					"default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'; frame-ancestors 'self'")
			.header("X-Content-Type-Options", "nosniff")
			.header("Referrer-Policy", "no-referrer")
			.body(html);
	}

}
