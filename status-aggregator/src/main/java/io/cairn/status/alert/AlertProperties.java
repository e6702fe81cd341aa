package io.cairn.status.alert;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.probe.CheckSecrets;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-check alerts, under {@code cairn.status.alerts}. Nothing is sent until a provider
 * is configured. The defaults here are the ones the docs quote.
 *
 * @param alertOn the least severe status that opens an alert: {@code CRITICAL} (the
 * default), {@code WARNING} (Warning and Critical) or {@code UNKNOWN} (Unknown, Warning
 * and Critical, in Megaphone's order of precedence)
 * @param remindEvery how often an alert that is still open is sent again; {@code 0} sends
 * no reminders (at least 1m otherwise, at most 30d)
 * @param evaluateEvery how often the checks' states are compared with the open alerts
 * (100ms to 1m): the most an alert lags behind the change that caused it
 * @param providers where alerts can go, by a name of the operator's choosing (1 to 64
 * lower-case letters, digits and inner hyphens); at most 50
 * @param routes which providers a check's alerts go to
 * @param sending the queue, threads and retries that carry alerts off the polling threads
 */
@ConfigurationProperties("cairn.status.alerts")
public record AlertProperties(@DefaultValue("CRITICAL") CheckStatus alertOn, @DefaultValue("1h") Duration remindEvery,
		@DefaultValue("1s") Duration evaluateEvery, @DefaultValue Map<String, Provider> providers,
		@DefaultValue Routes routes, @DefaultValue Sending sending) {

	/** PagerDuty's Events API v2 endpoint. */
	public static final URI PAGERDUTY_EVENTS = URI.create("https://events.pagerduty.com/v2/enqueue");

	public AlertProperties {
		if (alertOn == CheckStatus.OK) {
			throw new IllegalArgumentException(
					"cairn.status.alerts.alert-on must be UNKNOWN, WARNING or CRITICAL, not OK");
		}
		if (!remindEvery.isZero()) {
			between("remind-every", remindEvery, Duration.ofMinutes(1), Duration.ofDays(30));
		}
		between("evaluate-every", evaluateEvery, Duration.ofMillis(100), Duration.ofMinutes(1));
		if (providers.size() > 50) {
			throw new IllegalArgumentException(
					"cairn.status.alerts.providers may name at most 50 providers, not " + providers.size());
		}
		for (Map.Entry<String, Provider> provider : providers.entrySet()) {
			if (!CheckSecrets.validName(provider.getKey())) {
				throw new IllegalArgumentException("cairn.status.alerts.providers." + provider.getKey()
						+ ": a provider's name is 1 to 64 lower-case letters, digits and inner hyphens");
			}
			provider.getValue().validate("cairn.status.alerts.providers." + provider.getKey());
		}
		routes.validate(providers.keySet());
	}

	/**
	 * Whether any provider is configured.
	 * @return false when alerts are off
	 */
	public boolean enabled() {
		return !this.providers.isEmpty();
	}

	static void between(String name, Duration value, Duration min, Duration max) {
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw new IllegalArgumentException(
					"cairn.status.alerts." + name + " must lie between " + min + " and " + max + ", not " + value);
		}
	}

	static void between(String name, long value, long min, long max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(
					"cairn.status.alerts." + name + " must lie between " + min + " and " + max + ", not " + value);
		}
	}

	/**
	 * What carries an alert.
	 */
	public enum ProviderType {

		/** A JSON POST of the alert's fields (Cairn's own format). */
		WEBHOOK,

		/** A Slack-compatible incoming webhook ({@code {"text": ...}}). */
		SLACK,

		/** A Microsoft Teams workflow webhook, with an Adaptive Card. */
		TEAMS,

		/** PagerDuty's Events API v2: trigger and resolve, one incident per check. */
		PAGERDUTY,

		/** E-mail over SMTP ({@code spring.mail.*}). */
		EMAIL

	}

	/**
	 * One provider.
	 *
	 * @param type what carries its alerts
	 * @param url the webhook URL (WEBHOOK, SLACK, TEAMS), or PagerDuty's events endpoint
	 * (PAGERDUTY; by default {@code https://events.pagerduty.com/v2/enqueue}); Slack's
	 * and Teams' URLs are secrets themselves: prefer {@code url-secret}
	 * @param urlSecret the name of a secret ({@code cairn.status.secrets.<name>}) holding
	 * the webhook URL, instead of {@code url}; read at each send, so a rotated URL is
	 * used at once
	 * @param routingKeySecret PAGERDUTY: the name of the secret holding the integration's
	 * routing key
	 * @param to EMAIL: the recipients (1 to 50)
	 * @param from EMAIL: the sender address
	 * @param perMinute the most messages sent to this provider in one minute (1 to
	 * 10000); the rest are counted and summed up in one message when the minute is over
	 * @param timeout how long one call may take (WEBHOOK, SLACK, TEAMS, PAGERDUTY), at
	 * most 1m
	 */
	public record Provider(ProviderType type, @Nullable URI url, @Nullable String urlSecret,
			@Nullable String routingKeySecret, @DefaultValue List<String> to, @Nullable String from,
			@DefaultValue("20") int perMinute, @DefaultValue("10s") Duration timeout) {

		public Provider {
			to = List.copyOf(to);
		}

		void validate(String prefix) {
			between(prefix.substring("cairn.status.alerts.".length()) + ".per-minute", this.perMinute, 1, 10_000);
			between(prefix.substring("cairn.status.alerts.".length()) + ".timeout", this.timeout, Duration.ofMillis(1),
					Duration.ofMinutes(1));
			if (this.url != null && !"https".equals(this.url.getScheme()) && !"http".equals(this.url.getScheme())) {
				throw new IllegalArgumentException(prefix + ".url must be an http or https URL");
			}
			if (this.urlSecret != null && !CheckSecrets.validName(this.urlSecret)) {
				throw new IllegalArgumentException(prefix + ".url-secret is not a secret's name");
			}
			switch (this.type) {
				case WEBHOOK, SLACK, TEAMS -> {
					if ((this.url == null) == (this.urlSecret == null)) {
						throw new IllegalArgumentException(prefix + " needs exactly one of url and url-secret");
					}
				}
				case PAGERDUTY -> {
					if (this.routingKeySecret == null || !CheckSecrets.validName(this.routingKeySecret)) {
						throw new IllegalArgumentException(prefix
								+ ".routing-key-secret must name the secret (cairn.status.secrets.<name>) holding the routing key");
					}
				}
				case EMAIL -> {
					if (this.to.isEmpty() || this.to.size() > 50) {
						throw new IllegalArgumentException(prefix + ".to must list 1 to 50 recipients");
					}
					if (this.from == null || this.from.isBlank()) {
						throw new IllegalArgumentException(prefix + ".from must be set");
					}
				}
			}
		}

		/**
		 * The URL calls go to when it is a property.
		 * @return the URL, PagerDuty's endpoint for PAGERDUTY without one, or null
		 */
		public @Nullable URI fixedUrl() {
			if (this.url == null && this.type == ProviderType.PAGERDUTY) {
				return PAGERDUTY_EVENTS;
			}
			return this.url;
		}

	}

	/**
	 * Where a check's alerts go: the providers its id names, else those its tags name
	 * (all of them), else the default ones.
	 *
	 * @param defaults the providers of checks no other route names
	 * @param checks providers by check id ({@code "[my.check]"} for ids with dots)
	 * @param tags providers by tag; a check with several routed tags goes to each
	 */
	public record Routes(@DefaultValue List<String> defaults, @DefaultValue Map<String, List<String>> checks,
			@DefaultValue Map<String, List<String>> tags) {

		public Routes {
			defaults = List.copyOf(defaults);
			checks = Map.copyOf(checks);
			tags = Map.copyOf(tags);
		}

		void validate(Set<String> providers) {
			known("routes.defaults", this.defaults, providers);
			this.checks.forEach((id, names) -> known("routes.checks." + id, names, providers));
			this.tags.forEach((tag, names) -> known("routes.tags." + tag, names, providers));
		}

		private static void known(String name, List<String> names, Set<String> providers) {
			for (String provider : names) {
				if (!providers.contains(provider)) {
					throw new IllegalArgumentException("cairn.status.alerts." + name + " names the provider '"
							+ provider + "', which is not configured under cairn.status.alerts.providers (configured: "
							+ new LinkedHashSet<>(providers) + ")");
				}
			}
		}

	}

	/**
	 * How alerts are sent: never on a polling thread.
	 *
	 * @param queueCapacity how many messages may wait to be sent (1 to 100000); beyond
	 * that a message is dropped and counted
	 * @param threads how many messages are sent at once (1 to 16)
	 * @param maxRetries how often a failed send is tried again (0 to 10)
	 * @param backoff the wait before the first retry, doubled each time
	 * @param maxBackoff the longest wait between retries
	 */
	public record Sending(@DefaultValue("1000") int queueCapacity, @DefaultValue("2") int threads,
			@DefaultValue("3") int maxRetries, @DefaultValue("1s") Duration backoff,
			@DefaultValue("30s") Duration maxBackoff) {

		public Sending {
			between("sending.queue-capacity", queueCapacity, 1, 100_000);
			between("sending.threads", threads, 1, 16);
			between("sending.max-retries", maxRetries, 0, 10);
			between("sending.backoff", backoff, Duration.ofMillis(1), Duration.ofMinutes(10));
			between("sending.max-backoff", maxBackoff, backoff, Duration.ofMinutes(10));
		}

	}

}
