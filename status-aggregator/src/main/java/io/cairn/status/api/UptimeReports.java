package io.cairn.status.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.cairn.status.aggregate.Contribution;
import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.check.TrackedCheck;
import io.cairn.status.history.HistoryStore;
import io.cairn.status.history.ResultTally;
import io.cairn.status.history.UptimeWindow;
import io.cairn.status.service.CheckService;
import io.cairn.status.service.InvalidCheckException;
import io.cairn.status.store.NoSuchCheckException;

import org.springframework.stereotype.Component;

/**
 * Uptime and response times of a check or a group (the checks carrying a tag, as
 * discovery tags checks with their service's name), for the uptime API, the badges and
 * the status page. The current state comes from the live view; the windows from the
 * result history.
 */
@Component
class UptimeReports {

	private final LiveChecks live;

	private final HistoryStore history;

	private final Clock clock;

	UptimeReports(LiveChecks live, HistoryStore history, Clock clock) {
		this.live = live;
		this.history = history;
		this.clock = clock;
	}

	/**
	 * One check's current state.
	 * @param id the check (validated)
	 * @return it and its contribution
	 * @throws NoSuchCheckException for an unknown check
	 */
	LiveChecks.View check(String id) {
		String valid = CheckService.id(id);
		TrackedCheck check = this.live.get(valid);
		Contribution contribution = this.live.contribution(valid);
		if (check == null || contribution == null) {
			throw new NoSuchCheckException(valid);
		}
		return new LiveChecks.View(check, contribution);
	}

	/**
	 * A group's members now.
	 * @param group the tag (validated)
	 * @return its checks, in the order they were added
	 * @throws NoSuchGroupException when no check carries the tag
	 */
	List<LiveChecks.View> group(String group) {
		String tag = CheckService.tagFilter("group", group);
		List<LiveChecks.View> members = new ArrayList<>();
		for (LiveChecks.View view : this.live.list()) {
			if (view.check().definition().tags().contains(tag)) {
				members.add(view);
			}
		}
		if (members.isEmpty()) {
			throw new NoSuchGroupException(tag);
		}
		return members;
	}

	/**
	 * The worst status among checks that count (muted and in-maintenance ones do not).
	 * @param members the checks
	 * @return the worst, or OK when none counts
	 */
	static CheckStatus worst(Collection<LiveChecks.View> members) {
		CheckStatus worst = CheckStatus.OK;
		for (LiveChecks.View view : members) {
			if (view.contribution().counted()) {
				worst = CheckStatus.worst(worst, view.contribution().status());
			}
		}
		return worst;
	}

	/**
	 * Results of some checks over one window.
	 * @param ids the checks
	 * @param window the window
	 * @return the tally
	 */
	ResultTally tally(Collection<String> ids, UptimeWindow window) {
		Instant now = this.clock.instant();
		return this.history.tally(ids, now.minus(window.length()), now);
	}

	/**
	 * Results of some checks over every window.
	 * @param ids the checks
	 * @return the windows by label, shortest first
	 */
	Map<String, WindowView> windows(Collection<String> ids) {
		Map<UptimeWindow, WindowView> windows = new EnumMap<>(UptimeWindow.class);
		for (UptimeWindow window : UptimeWindow.values()) {
			windows.put(window, WindowView.of(tally(ids, window)));
		}
		Map<String, WindowView> byLabel = new java.util.LinkedHashMap<>();
		windows.forEach((window, view) -> byLabel.put(window.label(), view));
		return byLabel;
	}

	/**
	 * Uptime of every check over every window, counts only (the status page).
	 * @return by window, then by check id: OK, Warning, Critical, Unknown
	 */
	Map<UptimeWindow, Map<String, long[]>> countsByCheck() {
		Instant now = this.clock.instant();
		Map<UptimeWindow, Map<String, long[]>> counts = new EnumMap<>(UptimeWindow.class);
		for (UptimeWindow window : UptimeWindow.values()) {
			counts.put(window, this.history.countsByCheck(now.minus(window.length()), now));
		}
		return counts;
	}

	/**
	 * The window a path names.
	 * @param label {@code 24h}, {@code 7d} or {@code 30d}
	 * @return the window
	 * @throws InvalidCheckException for anything else
	 */
	static UptimeWindow window(String label) {
		return UptimeWindow.of(label)
			.orElseThrow(() -> new InvalidCheckException("window", "'window' must be 24h, 7d or 30d."));
	}

	/**
	 * Uptime as a percentage of counts.
	 * @param counts OK, Warning, Critical, Unknown
	 * @return the percentage, or null without results
	 */
	static @Nullable Double uptime(long @Nullable [] counts) {
		if (counts == null) {
			return null;
		}
		long total = counts[0] + counts[1] + counts[2] + counts[3];
		return (total == 0) ? null : 100.0 * (counts[0] + counts[1]) / total;
	}

	/**
	 * One window's figures.
	 *
	 * @param uptimePercent the share of results that were OK or Warning, or null without
	 * results
	 * @param results how many results were counted
	 * @param ok OK results
	 * @param warning Warning results
	 * @param critical Critical results
	 * @param unknown Unknown results
	 * @param responseTime response times in milliseconds (percentiles estimated from
	 * hourly buckets), or null without results
	 */
	record WindowView(@Nullable Double uptimePercent, long results, long ok, long warning, long critical, long unknown,
			@Nullable ResponseTimes responseTime) {

		static WindowView of(ResultTally tally) {
			Long mean = tally.meanResponseMillis();
			Long p50 = tally.percentile(0.5);
			Long p95 = tally.percentile(0.95);
			Long p99 = tally.percentile(0.99);
			ResponseTimes times = (mean != null && p50 != null && p95 != null && p99 != null)
					? new ResponseTimes(mean, tally.responseMin(), tally.responseMax(), p50, p95, p99) : null;
			return new WindowView(tally.uptimePercent(), tally.total(), tally.ok(), tally.warning(), tally.critical(),
					tally.unknown(), times);
		}

	}

	/**
	 * Response times over a window, in milliseconds.
	 *
	 * @param mean the mean
	 * @param min the fastest
	 * @param max the slowest
	 * @param p50 the median
	 * @param p95 the 95th percentile
	 * @param p99 the 99th percentile
	 */
	record ResponseTimes(long mean, long min, long max, long p50, long p95, long p99) {

	}

}
