package io.cairn.status.alert;

import java.io.Closeable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Sends alerts off the polling threads: each message goes through its provider's rate
 * limit into one bounded queue, from which a few threads (Boot's
 * {@link ThreadPoolTaskExecutorBuilder}) send it, retried by a {@link RetryTemplate} with
 * back-off. A full queue drops the message; a provider that stays down fails it after the
 * last retry. Every outcome is counted by provider
 * ({@code cairn.status.alerts.sent|failed|dropped|rate.limited}), and each provider's
 * last error is kept for the console and {@code GET /alerts/providers}.
 */
public class AlertSender implements Closeable {

	private static final Log logger = LogFactory.getLog(AlertSender.class);

	private final Map<String, Destination> destinations = new LinkedHashMap<>();

	private final ThreadPoolTaskExecutor executor;

	private final RetryTemplate retry;

	private final Clock clock;

	/**
	 * Create the sender and start its threads.
	 * @param channels the providers by name, in configuration order
	 * @param properties settings
	 * @param clock the clock of rate limits and timestamps
	 * @param meters where the counts go
	 * @param executors Boot's executor builder (its {@code spring.task.execution.*}
	 * settings, with this sender's size, queue and thread names)
	 */
	AlertSender(Map<String, Named> channels, AlertProperties properties, Clock clock, MeterRegistry meters,
			ThreadPoolTaskExecutorBuilder executors) {
		this.clock = clock;
		channels.forEach((name, named) -> this.destinations.put(name,
				new Destination(name, named.type(), named.channel(), new RateLimit(named.perMinute()), meters)));
		AlertProperties.Sending sending = properties.sending();
		// Built here, not a bean: an Executor bean would switch off Boot's
		// applicationTaskExecutor.
		this.executor = executors.corePoolSize(sending.threads())
			.maxPoolSize(sending.threads())
			.queueCapacity(sending.queueCapacity())
			.threadNamePrefix("status-alert-")
			.build();
		this.executor.setWaitForTasksToCompleteOnShutdown(false);
		this.executor.initialize();
		this.retry = new RetryTemplate(RetryPolicy.builder()
			.maxRetries(sending.maxRetries())
			.delay(sending.backoff())
			.multiplier(2)
			.maxDelay(sending.maxBackoff())
			.predicate(AlertSender::worthRetrying)
			.build());
		Gauge.builder("cairn.status.alerts.queued", this.executor, ThreadPoolTaskExecutor::getQueueSize)
			.description("Alert messages waiting to be sent")
			.register(meters);
	}

	/**
	 * Hand a message to a provider: sent later on a sending thread, unless the provider
	 * does not take its kind, its rate limit withholds it or the queue is full.
	 * @param provider the provider's name
	 * @param alert the message
	 */
	void offer(String provider, Alert alert) {
		Destination destination = this.destinations.get(provider);
		if (destination == null || !destination.channel.takes(alert.kind())) {
			return;
		}
		if (!destination.limit.tryTake(alert.at())) {
			destination.rateLimited.increment();
			return;
		}
		enqueue(destination, alert);
	}

	/**
	 * Send the summaries of what rate limits withheld, where a new minute has begun.
	 * @param now the current time
	 */
	void summarise(Instant now) {
		for (Destination destination : this.destinations.values()) {
			if (!destination.channel.takes(Alert.Kind.SUMMARY)) {
				continue;
			}
			Alert summary = destination.limit.summaryDue(now);
			if (summary != null) {
				enqueue(destination, summary);
			}
		}
	}

	private void enqueue(Destination destination, Alert alert) {
		try {
			this.executor.execute(() -> deliver(destination, alert));
		}
		catch (TaskRejectedException ex) {
			destination.dropped.increment();
			logger.warn(
					"Alert queue full: a " + alert.kind().word() + " message to " + destination.name + " was dropped");
		}
	}

	private void deliver(Destination destination, Alert alert) {
		try {
			this.retry.execute(() -> {
				destination.channel.send(alert);
				return Boolean.TRUE;
			});
			destination.sent.increment();
			destination.lastSentAt = this.clock.instant();
			destination.up = true;
		}
		catch (RetryException ex) {
			destination.failed.increment();
			String reason = describe(ex.getLastException());
			destination.lastError = reason;
			destination.lastErrorAt = this.clock.instant();
			destination.up = false;
			// Only the provider's name, the channel's safe destination and the
			// failure's kind: a webhook URL's path is its secret.
			logger.warn("Alert to " + destination.name + " (" + destination.channel.destination() + ") failed after "
					+ (ex.getRetryCount() + 1) + " attempt(s): " + reason);
		}
	}

	/**
	 * Retry what may pass later (an I/O failure, a 5xx, a 429), not what will not (a 4xx,
	 * a missing secret).
	 */
	private static boolean worthRetrying(Throwable ex) {
		if (ex instanceof AlertSendException) {
			return false;
		}
		if (ex instanceof HttpClientErrorException client) {
			return client.getStatusCode().value() == 429;
		}
		return true;
	}

	/**
	 * Why a send failed, in words that hold no URL or secret: exception messages of HTTP
	 * and mail clients may quote either.
	 */
	static String describe(Throwable ex) {
		if (ex instanceof AlertSendException) {
			return String.valueOf(ex.getMessage());
		}
		if (ex instanceof HttpStatusCodeException status) {
			return "HTTP " + status.getStatusCode().value();
		}
		if (ex instanceof ResourceAccessException && ex.getCause() != null) {
			return ex.getCause().getClass().getSimpleName();
		}
		return ex.getClass().getSimpleName();
	}

	/**
	 * Every provider's state.
	 * @return the states, in configuration order
	 */
	public List<ProviderStatus> statuses() {
		List<ProviderStatus> all = new ArrayList<>();
		for (Destination d : this.destinations.values()) {
			all.add(new ProviderStatus(d.name, d.type.name().toLowerCase(Locale.ROOT), d.channel.destination(), d.up,
					(long) d.sent.count(), (long) d.failed.count(), (long) d.dropped.count(),
					(long) d.rateLimited.count(), d.lastSentAt, d.lastError, d.lastErrorAt));
		}
		return all;
	}

	@Override
	public void close() {
		this.executor.shutdown();
	}

	/**
	 * A channel with its type.
	 *
	 * @param type the provider's type
	 * @param channel what carries its messages
	 * @param perMinute its rate limit
	 */
	record Named(AlertProperties.ProviderType type, AlertChannel channel, int perMinute) {

	}

	private static final class Destination {

		final String name;

		final AlertProperties.ProviderType type;

		final AlertChannel channel;

		final RateLimit limit;

		final Counter sent;

		final Counter failed;

		final Counter dropped;

		final Counter rateLimited;

		volatile boolean up = true;

		volatile @Nullable Instant lastSentAt;

		volatile @Nullable String lastError;

		volatile @Nullable Instant lastErrorAt;

		Destination(String name, AlertProperties.ProviderType type, AlertChannel channel, RateLimit limit,
				MeterRegistry meters) {
			this.name = name;
			this.type = type;
			this.channel = channel;
			this.limit = limit;
			String typeTag = type.name().toLowerCase(Locale.ROOT);
			// Each builder spelt out, with its literal name and tags: deploy's tests read
			// the
			// meters from these lines to check the alert rules and dashboards against
			// them.
			this.sent = Counter.builder("cairn.status.alerts.sent")
				.description("Alert messages a provider took")
				.tag("provider", name)
				.tag("type", typeTag)
				.register(meters);
			this.failed = Counter.builder("cairn.status.alerts.failed")
				.description("Alert messages that failed after every retry")
				.tag("provider", name)
				.tag("type", typeTag)
				.register(meters);
			this.dropped = Counter.builder("cairn.status.alerts.dropped")
				.description("Alert messages dropped because the send queue was full")
				.tag("provider", name)
				.tag("type", typeTag)
				.register(meters);
			this.rateLimited = Counter.builder("cairn.status.alerts.rate.limited")
				.description("Alert messages a provider's rate limit held back")
				.tag("provider", name)
				.tag("type", typeTag)
				.register(meters);
		}

	}

}
