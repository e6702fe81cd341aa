package io.cairn.bridge.event;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.cairn.bridge.marathon.MarathonClient;
import io.cairn.bridge.schedule.PeriodicTask;
import io.cairn.bridge.status.Activity;
import io.cairn.support.security.Redaction;

import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;

/**
 * Keeps the bridge subscribed to Marathon's HTTP callbacks while it leads: registers the
 * advertised URL ({@code POST /v2/eventSubscriptions}) unless it is already there, checks
 * again every interval (Marathon may have dropped it, or another leader been elected),
 * and removes it when the bridge steps down or stops. Consular subscribed once, with
 * {@code 0.0.0.0} in the URL when bound to all interfaces, and never unsubscribed. The
 * URL carries the bridge's token ({@code token=}, since Marathon cannot send headers);
 * only Marathon is given it whole: wherever the bridge shows or logs the URL, the token
 * is {@code ***}.
 */
public final class CallbackSubscriber implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(CallbackSubscriber.class);

	private final MarathonClient client;

	private final String callbackUrl;

	private final String shownUrl;

	private final List<String> secrets;

	private final Activity activity;

	private final PeriodicTask periodic;

	private volatile boolean subscribed;

	private volatile @Nullable String lastError;

	/**
	 * Create a subscriber.
	 * @param client the Marathon client
	 * @param advertisedUrl the URL Marathon should post to
	 * @param token the bridge's token, added as {@code token=}, or {@code null}
	 * @param interval how often to check the subscription
	 * @param activity notes failures
	 * @param schedulers Boot's scheduler builder
	 */
	public CallbackSubscriber(MarathonClient client, URI advertisedUrl, @Nullable String token, Duration interval,
			Activity activity, SimpleAsyncTaskSchedulerBuilder schedulers) {
		this.client = client;
		this.callbackUrl = withToken(advertisedUrl.toString(), token);
		this.secrets = (token != null && !token.isBlank()) ? List.of(token) : Collections.emptyList();
		this.shownUrl = redact(this.callbackUrl);
		this.activity = activity;
		this.periodic = new PeriodicTask(schedulers, "bridge-callback-subscription", this::check, Duration.ZERO,
				interval);
	}

	private static String withToken(String url, @Nullable String token) {
		if (token == null || token.isBlank()) {
			return url;
		}
		return url + (url.contains("?") ? "&" : "?") + "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
	}

	/**
	 * The URL registered with Marathon, as it may be shown: the token masked.
	 * @return the callback URL with {@code token=***}
	 */
	public String callbackUrl() {
		return this.shownUrl;
	}

	private String redact(@Nullable String text) {
		String redacted = Redaction.secrets(text, this.secrets);
		return (redacted != null) ? redacted : "";
	}

	/**
	 * Whether the last check found the subscription in place.
	 * @return true when subscribed
	 */
	public boolean subscribed() {
		return this.subscribed;
	}

	/**
	 * Why the last check failed.
	 * @return the error, or {@code null}
	 */
	public @Nullable String lastError() {
		return this.lastError;
	}

	/**
	 * Subscribe now and check every interval.
	 */
	public void start() {
		this.periodic.start();
	}

	/**
	 * Stop checking and remove the subscription.
	 */
	public synchronized void stop() {
		if (!this.periodic.stop()) {
			return;
		}
		try {
			this.client.unsubscribe(this.callbackUrl);
			logger.info("Removed the callback subscription " + this.shownUrl);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not remove the callback subscription " + this.shownUrl + ": " + redact(ex.getMessage()));
		}
		this.subscribed = false;
	}

	@Override
	public void close() {
		this.periodic.close();
	}

	/**
	 * Make sure the subscription is in place.
	 */
	public void check() {
		try {
			if (!this.client.callbackUrls().contains(this.callbackUrl)) {
				this.client.subscribe(this.callbackUrl);
				logger.info("Subscribed to Marathon's callbacks with " + this.shownUrl);
			}
			this.subscribed = true;
			this.lastError = null;
		}
		catch (RuntimeException ex) {
			this.subscribed = false;
			this.lastError = redact(ex.getMessage());
			this.activity.error("callback", "subscribing " + this.shownUrl + " failed: " + this.lastError);
		}
	}

}
