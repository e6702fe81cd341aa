package io.cairn.mesos.http;

import java.io.Closeable;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.curator.utils.ThreadUtils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription to a Mesos event stream ({@code SUBSCRIBE} on the operator or scheduler
 * API) kept alive across failures:
 * <ul>
 * <li>RecordIO records are decoded whatever the chunking and handed over in order;</li>
 * <li>a heartbeat watchdog ends a stream that has been silent for five heartbeat
 * intervals (the interval the master announced, or a default until it has);</li>
 * <li>a stream that ends, breaks, is refused or goes silent is replaced by a new
 * subscription, to the leader of the moment, with exponential back-off ({@link Backoff},
 * reset once a subscription is confirmed);</li>
 * <li>when the resolver reports a new leader the current stream is dropped at once rather
 * than waiting for the old master to close it.</li>
 * </ul>
 */
public final class EventStream implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(EventStream.class);

	private static final int SILENT_HEARTBEATS = 5;

	private static final Duration FIRST_RETRY = Duration.ofMillis(100);

	private final MesosHttp http;

	private final String path;

	private final Supplier<byte[]> body;

	private final Handler handler;

	private final Duration defaultHeartbeat;

	private final Duration maxBackoff;

	private final ExecutorService subscriber;

	private final ScheduledExecutorService watchdog;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicLong lastRecord = new AtomicLong();

	private final AtomicLong heartbeatNanos;

	private final AtomicReference<@Nullable Connection> current = new AtomicReference<>();

	/**
	 * Creates a stream; {@link #start()} subscribes.
	 * @param http the plumbing to send with
	 * @param path the API path
	 * @param body supplies the SUBSCRIBE body for each new subscription
	 * @param handler receives the stream's life and records
	 * @param defaultHeartbeat the heartbeat interval assumed until the master gives one
	 * @param maxBackoff the longest wait between subscription attempts
	 * @param name a name for the stream's threads (subscriber and heartbeat watchdog)
	 */
	public EventStream(MesosHttp http, String path, Supplier<byte[]> body, Handler handler, Duration defaultHeartbeat,
			Duration maxBackoff, String name) {
		this.http = http;
		this.path = path;
		this.body = body;
		this.handler = handler;
		this.defaultHeartbeat = defaultHeartbeat;
		this.heartbeatNanos = new AtomicLong(defaultHeartbeat.toNanos());
		this.maxBackoff = maxBackoff;
		this.subscriber = Executors.newSingleThreadExecutor(ThreadUtils.newGenericThreadFactory(name));
		this.watchdog = Executors
			.newSingleThreadScheduledExecutor(ThreadUtils.newGenericThreadFactory(name + "-watchdog"));
	}

	/**
	 * Subscribes, and keeps subscribing until closed.
	 */
	public void start() {
		this.http.resolver().onLeaderChange(() -> {
			Connection connection = this.current.get();
			if (connection != null) {
				connection.end(new LeaderChangedException());
			}
		});
		this.watchdog.scheduleWithFixedDelay(this::checkHeartbeat, 50, 50, TimeUnit.MILLISECONDS);
		this.subscriber.execute(this::run);
	}

	/**
	 * Sets the heartbeat interval the master announced.
	 * @param interval the interval
	 */
	public void heartbeatInterval(Duration interval) {
		if (!interval.isNegative() && !interval.isZero()) {
			this.heartbeatNanos.set(interval.toNanos());
		}
	}

	/**
	 * Ends the stream, stops subscribing and stops both threads.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		Connection connection = this.current.get();
		if (connection != null) {
			connection.end(new java.util.concurrent.CancellationException("closed"));
		}
		this.subscriber.shutdownNow();
		this.watchdog.shutdownNow();
		try {
			if (!this.subscriber.awaitTermination(5, TimeUnit.SECONDS)) {
				logger.warn("Event stream {} did not stop within 5 s", this.path);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run() {
		Backoff backoff = Backoff.unbounded(FIRST_RETRY, this.maxBackoff);
		while (!this.closed.get()) {
			boolean subscribed = false;
			Throwable cause;
			try {
				MesosHttp.Exchange exchange = this.http.openStream(this.path, this.body.get(), Map.of());
				if (exchange.status() != 200 || exchange.body().stream() == null) {
					throw new MesosApiException(
							"SUBSCRIBE answered " + exchange.status() + " " + exchange.text().trim(), exchange.status(),
							exchange.master());
				}
				this.heartbeatNanos.set(this.defaultHeartbeat.toNanos());
				Connection connection = new Connection(exchange.master());
				this.current.set(connection);
				this.lastRecord.set(System.nanoTime());
				this.handler.connected(exchange.master(), exchange.headers());
				exchange.body().stream().subscribe(connection);
				subscribed = true;
				cause = connection.ended.get();
			}
			catch (InterruptedException ex) {
				break;
			}
			catch (ExecutionException ex) {
				cause = (ex.getCause() != null) ? ex.getCause() : ex;
			}
			catch (RuntimeException ex) {
				cause = ex;
			}
			finally {
				this.current.set(null);
			}
			if (this.closed.get()) {
				break;
			}
			boolean confirmed = subscribed && this.handler.confirmed();
			this.handler.disconnected(cause);
			if (confirmed) {
				backoff.reset();
			}
			if (!(cause instanceof LeaderChangedException)) {
				logger.debug("Event stream {} ended ({}); subscribing again after a back-off", this.path,
						String.valueOf(cause));
				try {
					backoff.pause();
				}
				catch (InterruptedException ex) {
					break;
				}
			}
		}
	}

	private void checkHeartbeat() {
		Connection connection = this.current.get();
		if (connection == null) {
			return;
		}
		long silent = System.nanoTime() - this.lastRecord.get();
		if (silent > SILENT_HEARTBEATS * this.heartbeatNanos.get()) {
			connection.end(new TimeoutException("no event for " + Duration.ofNanos(silent).toMillis() + " ms ("
					+ SILENT_HEARTBEATS + " heartbeat intervals)"));
		}
	}

	/**
	 * Receives a stream's life, one call at a time, in order.
	 */
	public interface Handler {

		/**
		 * A subscription was answered with 200.
		 * @param master the master streaming
		 * @param headers its response headers
		 */
		void connected(URI master, HttpHeaders headers);

		/**
		 * A record arrived.
		 * @param record the record's bytes
		 * @throws RuntimeException to end the stream as broken
		 */
		void record(byte[] record);

		/**
		 * Whether the subscription that just ended was confirmed by its first event (so
		 * the backoff starts again from the shortest wait).
		 * @return whether it was confirmed
		 */
		boolean confirmed();

		/**
		 * The stream ended or a subscription failed; another attempt follows unless
		 * closed.
		 * @param cause why
		 */
		void disconnected(Throwable cause);

	}

	/** The stream was dropped because another master leads now. */
	static final class LeaderChangedException extends Exception {

		private static final long serialVersionUID = 1L;

		LeaderChangedException() {
			super("the leading master changed");
		}

	}

	private final class Connection implements Flow.Subscriber<List<ByteBuffer>> {

		private final URI master;

		private final CompletableFuture<Throwable> ended = new CompletableFuture<>();

		private final RecordIoDecoder decoder;

		private volatile Flow.@Nullable Subscription subscription;

		Connection(URI master) {
			this.master = master;
			this.decoder = new RecordIoDecoder((record) -> {
				EventStream.this.lastRecord.set(System.nanoTime());
				EventStream.this.handler.record(record);
			});
		}

		void end(Throwable cause) {
			if (this.ended.complete(cause)) {
				Flow.Subscription current = this.subscription;
				if (current != null) {
					current.cancel();
				}
			}
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			if (this.ended.isDone()) {
				subscription.cancel();
			}
			else {
				subscription.request(Long.MAX_VALUE);
			}
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			if (this.ended.isDone()) {
				return;
			}
			try {
				for (ByteBuffer buffer : buffers) {
					this.decoder.feed(buffer);
				}
			}
			catch (RuntimeException ex) {
				end(ex);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			end(throwable);
		}

		@Override
		public void onComplete() {
			end(new java.io.EOFException("stream from " + this.master + " ended"));
		}

	}

}
