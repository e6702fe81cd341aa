package io.cairn.status.alert;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.check.CheckStatus;

/**
 * Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request
 * is received"), which Microsoft documents in place of the retired Office 365 connectors:
 * a {@code message} whose one attachment is an Adaptive Card (version 1.4), with the
 * headline, the check's status and message as a fact set. Workflows answer 202.
 */
class TeamsAlertChannel extends HttpAlertChannel {

	TeamsAlertChannel(Supplier<URI> url, Duration timeout, JsonMapper mapper) {
		super(url, timeout, mapper);
	}

	@Override
	Object body(Alert alert) {
		List<Object> facts = new ArrayList<>();
		if (alert.checkId() != null) {
			facts.add(fact("Check", alert.checkId()));
			facts.add(fact("Status", alert.status().label()));
			facts.add(fact("Previous", alert.previous().label()));
			facts.add(fact("Since", alert.openedAt().toString()));
		}
		facts.add(fact("Message", alert.message()));
		Map<String, Object> title = new LinkedHashMap<>();
		title.put("type", "TextBlock");
		title.put("text", alert.headline());
		title.put("weight", "Bolder");
		title.put("size", "Medium");
		title.put("wrap", true);
		title.put("color", color(alert));
		Map<String, Object> card = new LinkedHashMap<>();
		card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
		card.put("type", "AdaptiveCard");
		card.put("version", "1.4");
		card.put("body", List.of(title, Map.of("type", "FactSet", "facts", facts)));
		Map<String, Object> attachment = new LinkedHashMap<>();
		attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
		attachment.put("content", card);
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", "message");
		message.put("attachments", List.of(attachment));
		return message;
	}

	private static Map<String, String> fact(String title, String value) {
		return Map.of("title", title, "value", value);
	}

	private static String color(Alert alert) {
		if (alert.kind() == Alert.Kind.RESOLVED) {
			return "Good";
		}
		if (alert.kind() == Alert.Kind.SUMMARY) {
			return "Default";
		}
		return (alert.status() == CheckStatus.CRITICAL) ? "Attention" : "Warning";
	}

}
