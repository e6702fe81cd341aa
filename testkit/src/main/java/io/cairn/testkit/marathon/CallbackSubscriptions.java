package io.cairn.testkit.marathon;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP callback subscribers of {@code /v2/eventSubscriptions} (Marathon 1.3 and 1.4
 * started with {@code --event_subscriber http_callback}), one per callback URL. Used
 * under the {@link MarathonState}'s lock.
 */
final class CallbackSubscriptions {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final Duration backoff;

	private final Map<String, CallbackSubscriber> subscribers = new LinkedHashMap<>();

	CallbackSubscriptions(Duration backoff) {
		this.backoff = backoff;
	}

	/** Subscribe a URL; subscribing it again changes nothing. */
	void subscribe(String callbackUrl) {
		if (!this.subscribers.containsKey(callbackUrl)) {
			CallbackSubscriber subscriber = new CallbackSubscriber(callbackUrl, this.client, this.backoff);
			this.subscribers.put(callbackUrl, subscriber);
			subscriber.start();
		}
	}

	void unsubscribe(String callbackUrl) {
		CallbackSubscriber subscriber = this.subscribers.remove(callbackUrl);
		if (subscriber != null) {
			subscriber.stop();
		}
	}

	void forget() {
		this.subscribers.values().forEach(CallbackSubscriber::stop);
		this.subscribers.clear();
	}

	/** Queue an event for every subscriber, each posts them in order. */
	void deliver(String json) {
		for (CallbackSubscriber subscriber : this.subscribers.values()) {
			subscriber.queue.offer(json);
		}
	}

	List<String> urls() {
		return List.copyOf(this.subscribers.keySet());
	}

	Map<String, List<Integer>> responses() {
		Map<String, List<Integer>> responses = new LinkedHashMap<>();
		this.subscribers.forEach((url, subscriber) -> responses.put(url, List.copyOf(subscriber.responses)));
		return responses;
	}

	int skipped() {
		return this.subscribers.values().stream().mapToInt((subscriber) -> subscriber.skipped.get()).sum();
	}

}
