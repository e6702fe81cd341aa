package io.cairn.status.alert;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.check.CheckStatus;

/**
 * A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat, Discord's
 * {@code /slack} path): {@code {"text": ":red_circle: [Cairn] db is Critical: ..."}}. The
 * text is escaped as Slack asks ({@code &}, {@code <}, {@code >}), so a check's message
 * cannot mention {@code <!channel>} or make links.
 */
class SlackAlertChannel extends HttpAlertChannel {

	SlackAlertChannel(Supplier<URI> url, Duration timeout, JsonMapper mapper) {
		super(url, timeout, mapper);
	}

	@Override
	Object body(Alert alert) {
		return Map.of("text", emoji(alert) + " " + escape(alert.headline()));
	}

	private static String emoji(Alert alert) {
		if (alert.kind() == Alert.Kind.RESOLVED) {
			return ":large_green_circle:";
		}
		if (alert.kind() == Alert.Kind.SUMMARY) {
			return ":information_source:";
		}
		return (alert.status() == CheckStatus.CRITICAL) ? ":red_circle:"
				: (alert.status() == CheckStatus.WARNING) ? ":large_orange_circle:" : ":white_circle:";
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
