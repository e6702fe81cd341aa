package io.cairn.testkit.marathon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP callback subscriber: events are posted in order by one thread, and a subscriber
 * that fails or answers non-2xx is backed off exponentially with the events of that
 * window skipped, as Marathon 1.4's {@code HttpEventActor} did.
 */
final class CallbackSubscriber {

	private static final String STOP = "";

	final String url;

	final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

	final List<Integer> responses = new CopyOnWriteArrayList<>();

	final AtomicInteger skipped = new AtomicInteger();

	private final HttpClient client;

	private final Duration backoff;

	private final Thread thread;

	private int failures;

	private long skipUntil;

	CallbackSubscriber(String url, HttpClient client, Duration backoff) {
		this.url = url;
		this.client = client;
		this.backoff = backoff;
		this.thread = new Thread(this::run, "marathon-sim-callback");
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	void stop() {
		this.queue.offer(STOP);
	}

	private void run() {
		while (true) {
			String json;
			try {
				json = this.queue.take();
			}
			catch (InterruptedException ex) {
				return;
			}
			if (json == STOP) {
				return;
			}
			if (System.nanoTime() < this.skipUntil) {
				this.skipped.incrementAndGet();
				continue;
			}
			int status;
			try {
				HttpResponse<Void> response = this.client.send(HttpRequest.newBuilder(URI.create(this.url))
					.timeout(Duration.ofSeconds(10))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
					.build(), HttpResponse.BodyHandlers.discarding());
				status = response.statusCode();
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (Exception ex) {
				status = -1;
			}
			this.responses.add(status);
			if (status >= 200 && status < 300) {
				this.failures = 0;
			}
			else {
				this.failures++;
				long backoff = this.backoff.toNanos() << Math.min(this.failures - 1, 10);
				this.skipUntil = System.nanoTime() + backoff;
			}
		}
	}

}
