package io.cairn.status.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.cairn.status.aggregate.LiveChecks;
import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckStatus;
import io.cairn.status.history.UptimeWindow;

import org.springframework.web.util.HtmlUtils;

/**
 * Renders the public status page from the {@code status-page.html} template: one section
 * per group (tag) with its state and uptime bars, and its checks. Every text from outside
 * (ids, tags, notes, the title) is HTML-escaped; check messages, documents and URLs are
 * not shown at all (the H3 rule: a public page is no window on targets).
 */
final class StatusPageRenderer {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)\\}\\}");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	/** The section of checks that carry no tag. */
	static final String UNGROUPED = "Other checks";

	private final String template;

	StatusPageRenderer() {
		try (InputStream in = StatusPageRenderer.class.getResourceAsStream("status-page.html")) {
			if (in == null) {
				throw new IllegalStateException("status-page.html is missing from the class path");
			}
			this.template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Render the page.
	 * @param title the heading
	 * @param overall the aggregate status
	 * @param checks every check now
	 * @param counts results per window and check (OK, Warning, Critical, Unknown)
	 * @param maintenance the maintenance each check is in now, by id: its own or a
	 * scheduled window's (checks in none are absent)
	 * @param now the time
	 * @return the HTML document
	 */
	String render(String title, CheckStatus overall, List<LiveChecks.View> checks,
			Map<UptimeWindow, Map<String, long[]>> counts, Map<String, CheckView.MaintenanceView> maintenance,
			Instant now) {
		Map<String, List<LiveChecks.View>> groups = new TreeMap<>();
		List<LiveChecks.View> ungrouped = new ArrayList<>();
		for (LiveChecks.View view : checks) {
			if (view.check().definition().kind() == io.cairn.status.check.CheckKind.GLOBAL) {
				continue;
			}
			List<String> tags = view.check().definition().tags();
			if (tags.isEmpty()) {
				ungrouped.add(view);
			}
			for (String tag : Set.copyOf(tags)) {
				groups.computeIfAbsent(tag, (key) -> new ArrayList<>()).add(view);
			}
		}
		StringBuilder sections = new StringBuilder();
		groups.forEach((group, members) -> section(sections, group, members, counts, maintenance, now));
		if (!ungrouped.isEmpty()) {
			section(sections, UNGROUPED, ungrouped, counts, maintenance, now);
		}
		if (sections.isEmpty()) {
			sections.append("<p>No checks yet.</p>\n");
		}
		Map<String, String> values = Map.of("title", escape(title), "overall", escape(overall.label()), "groups",
				sections.toString(), "updated", escape(TIME.format(now)));
		Matcher matcher = PLACEHOLDER.matcher(this.template);
		StringBuilder html = new StringBuilder(this.template.length() + sections.length());
		while (matcher.find()) {
			String value = values.get(matcher.group(1));
			if (value == null) {
				throw new IllegalStateException("status-page.html names an unknown placeholder " + matcher.group(1));
			}
			matcher.appendReplacement(html, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(html);
		return html.toString();
	}

	private static void section(StringBuilder html, String group, List<LiveChecks.View> members,
			Map<UptimeWindow, Map<String, long[]>> counts, Map<String, CheckView.MaintenanceView> maintenance,
			Instant now) {
		String state = UptimeReports.worst(members).label();
		html.append("<section class=\"group\" data-group=\"")
			.append(escape(group))
			.append("\">\n<h2>")
			.append(escape(group))
			.append(" <span class=\"state ")
			.append(state)
			.append("\">")
			.append(state)
			.append("</span></h2>\n<p class=\"uptime\">");
		for (UptimeWindow window : UptimeWindow.values()) {
			long[] pooled = new long[4];
			Map<String, long[]> byCheck = counts.getOrDefault(window, Map.of());
			for (LiveChecks.View view : members) {
				long[] one = byCheck.get(view.check().id());
				if (one != null) {
					for (int i = 0; i < 4; i++) {
						pooled[i] += one[i];
					}
				}
			}
			html.append(window.label()).append(' ');
			bar(html, UptimeReports.uptime(pooled));
			html.append(' ');
		}
		html.append("</p>\n<table>\n<thead><tr><th>Check</th><th>State</th>");
		for (UptimeWindow window : UptimeWindow.values()) {
			html.append("<th>").append(window.label()).append("</th>");
		}
		html.append("</tr></thead>\n<tbody>\n");
		for (LiveChecks.View view : members) {
			CheckDefinition definition = view.check().definition();
			CheckView.MaintenanceView inMaintenance = maintenance.get(definition.id());
			String shown = shownState(view, inMaintenance != null, now);
			html.append("<tr data-id=\"")
				.append(escape(definition.id()))
				.append("\"><td>")
				.append(escape(definition.id()))
				.append("</td><td><span class=\"state ")
				.append(shown)
				.append("\">")
				.append(shown)
				.append("</span>");
			if (inMaintenance != null) {
				html.append(" <span class=\"note maintenance\">until ")
					.append(escape(TIME.format(inMaintenance.until())));
				String reason = inMaintenance.reason();
				if (reason != null && !reason.isBlank()) {
					html.append(": ").append(escape(reason));
				}
				html.append("</span>");
			}
			html.append("</td>");
			for (UptimeWindow window : UptimeWindow.values()) {
				html.append("<td class=\"uptime\">");
				bar(html, UptimeReports.uptime(counts.getOrDefault(window, Map.of()).get(definition.id())));
				html.append("</td>");
			}
			html.append("</tr>\n");
		}
		html.append("</tbody>\n</table>\n</section>\n");
	}

	/**
	 * The state a reader sees: maintenance (the check's own or a window's, decided once
	 * by the caller) and mutes say so instead of a colour.
	 */
	private static String shownState(LiveChecks.View view, boolean inMaintenance, Instant now) {
		if (inMaintenance) {
			return "Maintenance";
		}
		if (view.check().definition().mutedAt(now)) {
			return "Muted";
		}
		return view.contribution().status().label();
	}

	private static void bar(StringBuilder html, @Nullable Double uptime) {
		if (uptime == null) {
			html.append("<meter min=\"0\" max=\"100\" value=\"0\" title=\"no data\"></meter> no data");
			return;
		}
		String text = BadgeController.percent(uptime);
		html.append("<meter min=\"0\" max=\"100\" low=\"95\" high=\"99.9\" optimum=\"100\" value=\"")
			.append(String.format(java.util.Locale.ROOT, "%.2f", uptime))
			.append("\" title=\"")
			.append(text)
			.append("\">")
			.append(text)
			.append("</meter> ")
			.append(text);
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text, "UTF-8");
	}

}
