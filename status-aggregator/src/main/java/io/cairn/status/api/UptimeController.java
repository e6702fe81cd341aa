package io.cairn.status.api;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.service.InvalidCheckException;
import io.cairn.status.store.CheckStore;
import io.cairn.status.store.HistoryEntry;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Uptime over 24 hours, 7 days and 30 days, response-time percentiles and the last state
 * changes with their messages, per check ({@code /checks/{id}/uptime}) and per group
 * ({@code /groups/{group}/uptime}: the checks carrying that tag).
 */
@RestController
@Tag(name = "Uptime", description = "Uptime, response times and state changes from the result history")
class UptimeController {

	/** The most state changes one answer lists. */
	static final int MAX_CHANGES = 100;

	private final UptimeReports reports;

	private final CheckStore store;

	UptimeController(UptimeReports reports, CheckStore store) {
		this.reports = reports;
		this.store = store;
	}

	@GetMapping("/checks/{id}/uptime")
	@Operation(summary = "A check's uptime, response times and last state changes",
			description = "Windows 24h, 7d and 30d. Uptime is the share of poll results that were OK or Warning; "
					+ "percentiles are estimated from hourly response-time buckets. 404 for an unknown check.")
	CheckUptimeView check(@PathVariable String id, @Parameter(
			description = "how many state changes to list, 0 to 100") @RequestParam(defaultValue = "10") int changes) {
		LiveChecks.View view = this.reports.check(id);
		String checkId = view.check().id();
		return new CheckUptimeView(checkId, view.contribution().status().label(), view.contribution().counted(),
				view.contribution().stale(), this.reports.windows(List.of(checkId)), changes(checkId, null, changes));
	}

	@GetMapping("/groups/{group}/uptime")
	@Operation(summary = "A group's uptime, response times and last state changes",
			description = "A group is every check carrying the tag (discovered checks carry their service's name). "
					+ "Its status is the worst of its counted checks; its windows pool their results. "
					+ "404 when no check carries the tag.")
	GroupUptimeView group(@PathVariable String group, @Parameter(
			description = "how many state changes to list, 0 to 100") @RequestParam(defaultValue = "10") int changes) {
		List<LiveChecks.View> members = this.reports.group(group);
		List<String> ids = members.stream().map((view) -> view.check().id()).toList();
		return new GroupUptimeView(group, UptimeReports.worst(members).label(), ids, this.reports.windows(ids),
				changes(null, group, changes));
	}

	private List<HistoryEntry> changes(@Nullable String checkId, @Nullable String group, int changes) {
		if (changes < 0 || changes > MAX_CHANGES) {
			throw new InvalidCheckException("changes", "'changes' must be between 0 and " + MAX_CHANGES + ".");
		}
		return (changes == 0) ? List.of() : this.store.history(checkId, group, changes, null);
	}

	/**
	 * A check's uptime.
	 *
	 * @param id the check
	 * @param status what it counts as now
	 * @param counted false while muted or in maintenance
	 * @param stale whether no result arrived within its stale window
	 * @param windows {@code 24h}, {@code 7d}, {@code 30d}
	 * @param changes its last state changes, newest first
	 */
	record CheckUptimeView(String id, String status, boolean counted, boolean stale,
			Map<String, UptimeReports.WindowView> windows, List<HistoryEntry> changes) {

	}

	/**
	 * A group's uptime.
	 *
	 * @param group the tag
	 * @param status the worst status of its counted checks
	 * @param checks its checks
	 * @param windows {@code 24h}, {@code 7d}, {@code 30d}, its checks' results pooled
	 * @param changes its checks' last state changes, newest first
	 */
	record GroupUptimeView(String group, String status, List<String> checks,
			Map<String, UptimeReports.WindowView> windows, List<HistoryEntry> changes) {

	}

}
