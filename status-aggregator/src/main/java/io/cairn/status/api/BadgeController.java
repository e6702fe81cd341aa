package io.cairn.status.api;

import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.history.ResultTally;
import io.cairn.status.history.UptimeWindow;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * SVG badges at stable URLs, for READMEs and wikis: a check's or a group's state, uptime
 * over 24h, 7d or 30d, and mean response time over the same windows. Unknown checks and
 * groups are 404 Problem Details, as everywhere in the API.
 */
@RestController
@Tag(name = "Badges", description = "SVG badges: state, uptime and response time of a check or a group")
class BadgeController {

	private static final MediaType SVG = MediaType.valueOf("image/svg+xml");

	private final UptimeReports reports;

	private final BadgeRenderer renderer;

	private final PublicPagesProperties properties;

	BadgeController(UptimeReports reports, BadgeRenderer renderer, PublicPagesProperties properties) {
		this.reports = reports;
		this.renderer = renderer;
		this.properties = properties;
	}

	@GetMapping("/badges/checks/{id}/state.svg")
	@Operation(summary = "A check's state as an SVG badge")
	ResponseEntity<String> checkState(@PathVariable String id) {
		enabled();
		LiveChecks.View view = this.reports.check(id);
		return svg(stateBadge(view.check().id(), view.contribution().status(), view.contribution().counted()));
	}

	@GetMapping("/badges/checks/{id}/uptime/{window}.svg")
	@Operation(summary = "A check's uptime over 24h, 7d or 30d as an SVG badge")
	ResponseEntity<String> checkUptime(@PathVariable String id, @PathVariable String window) {
		enabled();
		UptimeWindow span = UptimeReports.window(window);
		String checkId = this.reports.check(id).check().id();
		return svg(uptimeBadge(checkId, span, this.reports.tally(List.of(checkId), span)));
	}

	@GetMapping("/badges/checks/{id}/response-time/{window}.svg")
	@Operation(summary = "A check's mean response time over 24h, 7d or 30d as an SVG badge")
	ResponseEntity<String> checkResponseTime(@PathVariable String id, @PathVariable String window) {
		enabled();
		UptimeWindow span = UptimeReports.window(window);
		String checkId = this.reports.check(id).check().id();
		return svg(responseTimeBadge(checkId, span, this.reports.tally(List.of(checkId), span)));
	}

	@GetMapping("/badges/groups/{group}/state.svg")
	@Operation(summary = "A group's state (the worst of its counted checks) as an SVG badge")
	ResponseEntity<String> groupState(@PathVariable String group) {
		enabled();
		List<LiveChecks.View> members = this.reports.group(group);
		return svg(stateBadge(group, UptimeReports.worst(members), true));
	}

	@GetMapping("/badges/groups/{group}/uptime/{window}.svg")
	@Operation(summary = "A group's uptime over 24h, 7d or 30d as an SVG badge")
	ResponseEntity<String> groupUptime(@PathVariable String group, @PathVariable String window) {
		enabled();
		UptimeWindow span = UptimeReports.window(window);
		return svg(uptimeBadge(group, span, this.reports.tally(ids(this.reports.group(group)), span)));
	}

	@GetMapping("/badges/groups/{group}/response-time/{window}.svg")
	@Operation(summary = "A group's mean response time over 24h, 7d or 30d as an SVG badge")
	ResponseEntity<String> groupResponseTime(@PathVariable String group, @PathVariable String window) {
		enabled();
		UptimeWindow span = UptimeReports.window(window);
		return svg(responseTimeBadge(group, span, this.reports.tally(ids(this.reports.group(group)), span)));
	}

	private void enabled() {
		if (!this.properties.badges()) {
			throw new PageDisabledException("Badges are switched off (cairn.status.pages.badges).");
		}
	}

	private String stateBadge(String name, CheckStatus status, boolean counted) {
		if (!counted) {
			return this.renderer.render(name, "muted", BadgeRenderer.BadgeColor.GREY);
		}
		BadgeRenderer.BadgeColor color = switch (status) {
			case OK -> BadgeRenderer.BadgeColor.GREEN;
			case WARNING -> BadgeRenderer.BadgeColor.YELLOW;
			case CRITICAL -> BadgeRenderer.BadgeColor.RED;
			case UNKNOWN -> BadgeRenderer.BadgeColor.GREY;
		};
		return this.renderer.render(name, status.label(), color);
	}

	private String uptimeBadge(String name, UptimeWindow window, ResultTally tally) {
		Double uptime = tally.uptimePercent();
		String label = name + " uptime " + window.label();
		if (uptime == null) {
			return this.renderer.render(label, "no data", BadgeRenderer.BadgeColor.GREY);
		}
		BadgeRenderer.BadgeColor color = (uptime >= 99.9) ? BadgeRenderer.BadgeColor.GREEN
				: (uptime >= 99) ? BadgeRenderer.BadgeColor.YELLOWGREEN
						: (uptime >= 95) ? BadgeRenderer.BadgeColor.YELLOW
								: (uptime >= 90) ? BadgeRenderer.BadgeColor.ORANGE : BadgeRenderer.BadgeColor.RED;
		return this.renderer.render(label, percent(uptime), color);
	}

	private String responseTimeBadge(String name, UptimeWindow window, ResultTally tally) {
		Long mean = tally.meanResponseMillis();
		String label = name + " response time " + window.label();
		if (mean == null) {
			return this.renderer.render(label, "no data", BadgeRenderer.BadgeColor.GREY);
		}
		BadgeRenderer.BadgeColor color = (mean < 100) ? BadgeRenderer.BadgeColor.GREEN
				: (mean < 300) ? BadgeRenderer.BadgeColor.YELLOWGREEN : (mean < 1000) ? BadgeRenderer.BadgeColor.YELLOW
						: (mean < 3000) ? BadgeRenderer.BadgeColor.ORANGE : BadgeRenderer.BadgeColor.RED;
		return this.renderer.render(label, mean + " ms", color);
	}

	/**
	 * An uptime as badges and the status page print it: two decimals, never rounded up to
	 * 100% (99.996% is not 100%).
	 * @param uptime the percentage
	 * @return e.g. {@code 99.95%}
	 */
	static String percent(double uptime) {
		double floored = Math.floor(uptime * 100) / 100;
		return String.format(Locale.ROOT, "%.2f%%", floored);
	}

	private static List<String> ids(List<LiveChecks.View> members) {
		return members.stream().map((view) -> view.check().id()).toList();
	}

	private ResponseEntity<String> svg(String body) {
		return ResponseEntity.ok()
			.contentType(SVG)
			.cacheControl(CacheControl.maxAge(this.properties.cacheMaxAge()).cachePublic())
			// opened on its own, an SVG is a document: no scripts, no outside resources
			.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
			.header("X-Content-Type-Options", "nosniff")
			.body(body);
	}

}
