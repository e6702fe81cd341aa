package io.cairn.bridge.event;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import io.cairn.bridge.marathon.MarathonClient;
import io.cairn.bridge.marathon.MarathonException;
import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.status.Activity;
import io.cairn.bridge.status.BridgeMetrics;
import io.cairn.support.security.Redaction;

/**
 * Follows Marathon's event stream ({@code GET /v2/events}, filtered to the event types
 * the bridge uses) on the instance the locator names, the leader. A dropped, refused or
 * silent stream is reconnected with exponential back-off and jitter, to the leader of the
 * moment; after every connection a full sync is requested, because events may have been
 * missed in between and Marathon does not promise their order anyway.
 */
public final class EventStreamReader implements AutoCloseable {

	/** The event types asked for. */
	public static final List<String> EVENT_TYPES = List.of("status_update_event", "app_terminated_event",
			"api_post_event", "health_status_changed_event", "instance_health_changed_event", "instance_changed_event");

	private static final Log logger = LogFactory.getLog(EventStreamReader.class);

	private final MarathonClient client;

	private final EventIntake intake;

	private final Runnable onConnected;

	private final BridgeProperties.Events settings;

	private final Activity activity;

	private final BridgeMetrics metrics;

	private final Clock clock;

	private final AtomicLong connections = new AtomicLong();

	// The reader runs on a thread of its own; the silence watchdog on the scheduler's.
	private final SimpleAsyncTaskScheduler threads;

	private volatile @Nullable Future<?> reading;

	private volatile @Nullable CountDownLatch finished;

	private volatile MarathonClient.@Nullable EventConnection connection;

	private volatile boolean running;

	private volatile State state;

	/**
	 * Create a reader.
	 * @param client the Marathon client
	 * @param intake takes each event
	 * @param onConnected run after every (re)connection: requests a full sync
	 * @param settings the event settings
	 * @param activity notes errors
	 * @param metrics counts errors
	 * @param clock stamps state changes
	 * @param schedulers Boot's scheduler builder
	 */
	public EventStreamReader(MarathonClient client, EventIntake intake, Runnable onConnected,
			BridgeProperties.Events settings, Activity activity, BridgeMetrics metrics, Clock clock,
			SimpleAsyncTaskSchedulerBuilder schedulers) {
		this.threads = schedulers.threadNamePrefix("bridge-event-stream-").build();
		this.threads.setDaemon(true);
		this.client = client;
		this.intake = intake;
		this.onConnected = onConnected;
		this.settings = settings;
		this.activity = activity;
		this.metrics = metrics;
		this.clock = clock;
		this.state = new State(Status.STOPPED, null, clock.instant(), null, 0, null);
	}

	/**
	 * Start following the stream (once).
	 */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		CountDownLatch done = new CountDownLatch(1);
		this.finished = done;
		this.reading = this.threads.submit(() -> {
			try {
				run();
			}
			finally {
				done.countDown();
			}
		});
	}

	/**
	 * Stop following the stream.
	 */
	public void stop() {
		Future<?> reader;
		CountDownLatch done;
		synchronized (this) {
			if (!this.running) {
				return;
			}
			this.running = false;
			reader = this.reading;
			done = this.finished;
			this.reading = null;
			this.finished = null;
		}
		closeConnection();
		if (reader != null && done != null) {
			reader.cancel(true);
			try {
				done.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.state = new State(Status.STOPPED, null, this.clock.instant(), this.state.lastEventAt(),
				this.connections.get(), this.state.lastError());
	}

	/**
	 * Drop the current connection so that the next one goes to the leader of the moment.
	 */
	public void reconnect() {
		closeConnection();
	}

	@Override
	public void close() {
		stop();
		this.threads.close();
	}

	/**
	 * What the reader is doing.
	 * @return the state
	 */
	public State state() {
		return this.state;
	}

	private void closeConnection() {
		MarathonClient.EventConnection open = this.connection;
		if (open != null) {
			open.close();
		}
	}

	private void run() {
		BackOffExecution backoff = reconnectBackOff().start();
		while (this.running) {
			this.state = new State(Status.CONNECTING, null, this.clock.instant(), this.state.lastEventAt(),
					this.connections.get(), this.state.lastError());
			String failure;
			ScheduledFuture<?> watch = null;
			WatchedStream watched = null;
			try (MarathonClient.EventConnection open = this.client.openEvents(EVENT_TYPES)) {
				this.connection = open;
				if (!this.running) {
					break;
				}
				long count = this.connections.incrementAndGet();
				this.state = new State(Status.CONNECTED, open.base(), this.clock.instant(), this.state.lastEventAt(),
						count, this.state.lastError());
				logger.info("Following Marathon's event stream at " + Redaction.url(open.base().toString()));
				backoff = reconnectBackOff().start();
				watched = new WatchedStream(open.body());
				watch = watchForSilence(watched, open);
				this.onConnected.run();
				new SseParser(watched, (int) Math.min(Integer.MAX_VALUE, this.settings.maxSize().toBytes()),
						new Listener())
					.run();
				failure = watched.silent ? silence() : "the event stream ended";
				this.client.locator().invalidate(open.base());
			}
			catch (MarathonException | IOException ex) {
				failure = (watched != null && watched.silent) ? silence() : ex.getMessage();
				MarathonClient.EventConnection open = this.connection;
				if (open != null) {
					this.client.locator().invalidate(open.base());
				}
			}
			catch (RuntimeException ex) {
				failure = ex.toString();
				logger.warn("Event stream failure", ex);
			}
			finally {
				this.connection = null;
				if (watch != null) {
					watch.cancel(false);
				}
			}
			if (!this.running) {
				break;
			}
			this.metrics.error("stream");
			this.activity.error("stream", failure + "; reconnecting");
			Duration wait = Duration.ofMillis(backoff.nextBackOff());
			this.state = new State(Status.DISCONNECTED, null, this.clock.instant(), this.state.lastEventAt(),
					this.connections.get(), failure);
			logger.warn("Marathon event stream: " + failure + "; reconnecting in " + wait.toMillis() + " ms");
			try {
				Thread.sleep(wait.toMillis());
			}
			catch (InterruptedException ex) {
				break;
			}
		}
	}

	private String silence() {
		return "the event stream was silent for " + this.settings.idleTimeout() + " (events.idle-timeout)";
	}

	/**
	 * Closes a stream that stays silent (no event, no heartbeat) for the idle timeout: a
	 * half-open connection would otherwise wait for ever.
	 */
	private @Nullable ScheduledFuture<?> watchForSilence(WatchedStream watched, MarathonClient.EventConnection open) {
		long idle = this.settings.idleTimeout().toNanos();
		if (idle <= 0) {
			return null;
		}
		long period = Math.max(10, Math.min(1000, this.settings.idleTimeout().toMillis() / 4));
		return this.threads.scheduleWithFixedDelay(() -> {
			if (System.nanoTime() - watched.lastRead > idle) {
				watched.silent = true;
				open.close();
			}
		}, Instant.now().plusMillis(period), Duration.ofMillis(period));
	}

	/**
	 * Waits between reconnections: from {@code events.reconnect-backoff}, doubling, at
	 * most {@code events.max-reconnect-backoff}, with jitter so that replicas and
	 * restarts do not reconnect in step.
	 */
	private BackOff reconnectBackOff() {
		long first = this.settings.reconnectBackoff().toMillis();
		ExponentialBackOff backOff = new ExponentialBackOff(first, 2.0);
		backOff.setMaxInterval(this.settings.maxReconnectBackoff().toMillis());
		backOff.setJitter(first / 5);
		return backOff;
	}

	/**
	 * Remembers when bytes last arrived.
	 */
	private static final class WatchedStream extends FilterInputStream {

		volatile long lastRead = System.nanoTime();

		volatile boolean silent;

		WatchedStream(InputStream in) {
			super(in);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			this.lastRead = System.nanoTime();
			return n;
		}

	}

	private final class Listener implements SseParser.Listener {

		@Override
		public void onEvent(@Nullable String type, String data) {
			State current = EventStreamReader.this.state;
			EventStreamReader.this.state = new State(current.status(), current.source(), current.since(),
					EventStreamReader.this.clock.instant(), current.connections(), current.lastError());
			try {
				EventStreamReader.this.intake.accept(type, data);
			}
			catch (MalformedEventException ex) {
				EventStreamReader.this.metrics.error("event");
				EventStreamReader.this.activity.error("event", "an unreadable event on the stream: " + ex.getMessage());
			}
		}

		@Override
		public void onOversized(@Nullable String type) {
			EventStreamReader.this.intake.oversized(type, EventStreamReader.this.settings.maxSize().toBytes() + 1);
		}

	}

	/**
	 * The reader's state.
	 *
	 * @param status connection status
	 * @param source the instance streamed from, while connected
	 * @param since when the status last changed
	 * @param lastEventAt when the last event arrived
	 * @param connections connections made so far
	 * @param lastError why the last connection ended
	 */
	public record State(Status status, @Nullable URI source, Instant since, @Nullable Instant lastEventAt,
			long connections, @Nullable String lastError) {
	}

	/**
	 * Connection status.
	 */
	public enum Status {

		/** Not started (or stopped: a follower, or idle). */
		STOPPED,

		/** Connecting. */
		CONNECTING,

		/** Connected and reading. */
		CONNECTED,

		/** Waiting to reconnect. */
		DISCONNECTED

	}

}
