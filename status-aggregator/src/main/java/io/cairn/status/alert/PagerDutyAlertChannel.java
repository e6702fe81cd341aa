package io.cairn.status.alert;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.check.CheckStatus;

/**
 * PagerDuty's Events API v2: a {@code trigger} when a check alerts (again when its status
 * changes), a {@code resolve} when it recovers, both with the check's {@code dedup_key}
 * ({@code cairn-status/<check>}), so one check is one incident. Reminders and rate-limit
 * summaries are not sent: PagerDuty escalates by itself.
 */
class PagerDutyAlertChannel extends HttpAlertChannel {

	/** PagerDuty's limit on {@code payload.summary}. */
	private static final int SUMMARY_LIMIT = 1024;

	private final Supplier<String> routingKey;

	private final String source;

	PagerDutyAlertChannel(Supplier<URI> url, Duration timeout, JsonMapper mapper, Supplier<String> routingKey,
			String source) {
		super(url, timeout, mapper);
		this.routingKey = routingKey;
		this.source = source;
	}

	@Override
	public boolean takes(Alert.Kind kind) {
		return kind == Alert.Kind.TRIGGERED || kind == Alert.Kind.RESOLVED;
	}

	/**
	 * The key that makes every event of one check one incident.
	 * @param checkId the check
	 * @return the key
	 */
	static String dedupKey(String checkId) {
		return "cairn-status/" + checkId;
	}

	@Override
	Object body(Alert alert) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("routing_key", this.routingKey.get());
		event.put("event_action", (alert.kind() == Alert.Kind.RESOLVED) ? "resolve" : "trigger");
		event.put("dedup_key", dedupKey(String.valueOf(alert.checkId())));
		if (alert.kind() != Alert.Kind.RESOLVED) {
			String summary = alert.headline();
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("summary", (summary.length() > SUMMARY_LIMIT) ? summary.substring(0, SUMMARY_LIMIT) : summary);
			payload.put("source", this.source);
			payload.put("severity", (alert.status() == CheckStatus.CRITICAL) ? "critical"
					: (alert.status() == CheckStatus.WARNING) ? "warning" : "error");
			payload.put("timestamp", alert.at().toString());
			payload.put("component", String.valueOf(alert.checkId()));
			payload.put("custom_details", Map.of("status", alert.status().label(), "previous", alert.previous().label(),
					"message", alert.message(), "since", alert.openedAt().toString()));
			event.put("payload", payload);
		}
		return event;
	}

}
