package io.cairn.status.alert;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

/**
 * A generic webhook: the message's fields as one JSON object. <pre>
 * {"event": "triggered", "check": "db", "status": "Critical", "previous": "OK",
 *  "message": "connection refused", "openedAt": "...", "at": "...", "text": "[Cairn] db is Critical: ..."}
 * </pre>
 */
class WebhookAlertChannel extends HttpAlertChannel {

	WebhookAlertChannel(Supplier<URI> url, Duration timeout, JsonMapper mapper) {
		super(url, timeout, mapper);
	}

	@Override
	Object body(Alert alert) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("event", alert.kind().word());
		if (alert.checkId() != null) {
			body.put("check", alert.checkId());
			body.put("status", alert.status().label());
			body.put("previous", alert.previous().label());
		}
		else {
			body.put("withheld", alert.withheld());
		}
		body.put("message", alert.message());
		body.put("openedAt", alert.openedAt().toString());
		body.put("at", alert.at().toString());
		body.put("text", alert.headline());
		return body;
	}

}
