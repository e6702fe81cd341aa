package io.cairn.consul.watch;

import java.io.Closeable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.springframework.util.backoff.BackOffExecution;

import io.cairn.consul.Consul;
import io.cairn.consul.ConsulResponse;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.ResponseMeta;
import io.cairn.consul.model.event.EventFilter;
import io.cairn.consul.model.event.UserEvent;
import io.cairn.consul.model.catalog.ServiceHealth;
import io.cairn.consul.model.kv.KeyValue;

/**
 * A blocking-query loop that keeps a value fresh and tells listeners when it changes: a
 * watch and a cache in one. It follows Consul's rules for blocking queries:
 * <ul>
 * <li>an index lower than the previous one resets the loop (the next read does not
 * block);</li>
 * <li>an index of 0 is sent as 1, so that the next read blocks instead of spinning;</li>
 * <li>the event list's index is opaque (derived from gossip), so it is compared for
 * change only, never for order;</li>
 * <li>waits are capped at 10 minutes and the HTTP read timeout is {@code wait + wait/16}
 * plus a margin (done by the client);</li>
 * <li>reads are rate-limited by a token bucket (burst 2, then one per 15 s by default)
 * and errors back off exponentially: the loop never spins;</li>
 * <li>while Consul reports no known leader, or fails, the last good value is kept and
 * served.</li>
 * </ul>
 * Each watch runs on its own daemon thread; {@link #close()} stops it.
 *
 * <pre>{@code
 * try (ConsulWatch<List<ServiceHealth>> web = ConsulWatch.serviceHealth(consul, "web", true)
 *         .listener((instances, meta) -> balancer.update(instances))
 *         .start()) {
 *     web.awaitFirst(Duration.ofSeconds(5));
 *     List<ServiceHealth> now = web.current().orElseThrow();
 * }
 * }</pre>
 *
 * @param <T> the value type
 */
public final class ConsulWatch<T> implements Closeable {

	private final String name;

	private final BlockingRead<T> read;

	private final QueryOptions options;

	private final WatchPolicy policy;

	private final boolean opaqueIndex;

	private final List<Listener<T>> listeners;

	private final @Nullable Executor executor;

	private final Object pause = new Object();

	private final CountDownLatch first = new CountDownLatch(1);

	private final AtomicLong reads = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private final AtomicLong resets = new AtomicLong();

	private volatile @Nullable T current;

	private volatile ResponseMeta lastMeta = ResponseMeta.EMPTY;

	private volatile long index;

	private volatile boolean closed;

	private final Thread thread;

	private double tokens;

	private long lastRefill = System.nanoTime();

	private ConsulWatch(Builder<T> builder) {
		this.name = builder.name;
		this.read = builder.read;
		this.options = builder.options;
		this.policy = builder.policy;
		this.opaqueIndex = builder.opaqueIndex;
		this.listeners = new CopyOnWriteArrayList<>(builder.listeners);
		this.executor = builder.executor;
		this.tokens = this.policy.burst();
		this.thread = new Thread(this::run, "consul-watch-" + this.name);
		this.thread.setDaemon(true);
	}

	/**
	 * A watch over any blocking read.
	 * @param <T> the value type
	 * @param name a name for the thread and logs
	 * @param read the read, given the options with the index and wait to use
	 * @return a builder
	 */
	public static <T> Builder<T> of(String name, BlockingRead<T> read) {
		return new Builder<>(name, read);
	}

	/**
	 * Watch every key under a prefix; the value maps keys to entries.
	 * @param consul the client
	 * @param prefix the prefix
	 * @return a builder
	 */
	public static Builder<Map<String, KeyValue>> kvPrefix(Consul consul, String prefix) {
		return of("kv:" + prefix, (options) -> consul.kv().list(prefix, options).map((entries) -> {
			Map<String, KeyValue> byKey = new LinkedHashMap<>();
			entries.forEach((entry) -> byKey.put(entry.key(), entry));
			return Collections.unmodifiableMap(byKey);
		}));
	}

	/**
	 * Watch one key; the value is empty while the key does not exist.
	 * @param consul the client
	 * @param key the key
	 * @return a builder
	 */
	public static Builder<Optional<KeyValue>> key(Consul consul, String key) {
		return of("key:" + key, (options) -> consul.kv().get(key, options));
	}

	/**
	 * Watch the instances of a service with their checks.
	 * @param consul the client
	 * @param service the service name
	 * @param passingOnly only instances whose checks all pass
	 * @return a builder
	 */
	public static Builder<List<ServiceHealth>> serviceHealth(Consul consul, String service, boolean passingOnly) {
		return of("health:" + service, (options) -> consul.health().service(service, passingOnly, List.of(), options));
	}

	/**
	 * Watch the catalog's services and their tags.
	 * @param consul the client
	 * @return a builder
	 */
	public static Builder<Map<String, List<String>>> catalogServices(Consul consul) {
		return of("catalog-services", (options) -> consul.catalog().services(options));
	}

	/**
	 * Watch the user events this agent knows; the index is opaque (compared for change
	 * only).
	 * @param consul the client
	 * @param eventName only events with this name, or {@code null}
	 * @return a builder
	 */
	public static Builder<List<UserEvent>> events(Consul consul, @Nullable String eventName) {
		Builder<List<UserEvent>> builder = of("events:" + eventName,
				(options) -> consul.event().list(eventName, EventFilter.NONE, options));
		builder.opaqueIndex = true;
		return builder;
	}

	/**
	 * The last good value.
	 * @return the value, empty before the first successful read
	 */
	public Optional<T> current() {
		return Optional.ofNullable(this.current);
	}

	/**
	 * The metadata of the last successful read.
	 * @return the metadata
	 */
	public ResponseMeta lastMeta() {
		return this.lastMeta;
	}

	/**
	 * The index the next read will block on (0: the next read does not block).
	 * @return the index
	 */
	public long index() {
		return this.index;
	}

	/**
	 * How many reads succeeded.
	 * @return the count
	 */
	public long reads() {
		return this.reads.get();
	}

	/**
	 * How many reads failed.
	 * @return the count
	 */
	public long errors() {
		return this.errors.get();
	}

	/**
	 * How many times the index went backwards and the loop restarted.
	 * @return the count
	 */
	public long resets() {
		return this.resets.get();
	}

	/**
	 * Wait for the first successful read.
	 * @param timeout how long to wait
	 * @return {@code true} when a value is there
	 * @throws InterruptedException when interrupted
	 */
	public boolean awaitFirst(Duration timeout) throws InterruptedException {
		return this.first.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Add a listener; it is told the current value at once if there is one.
	 * @param listener the listener
	 */
	public void addListener(Listener<T> listener) {
		this.listeners.add(listener);
		T value = this.current;
		if (value != null) {
			dispatch(() -> listener.onChange(value, this.lastMeta));
		}
	}

	/**
	 * Whether the watch is running.
	 * @return {@code true} until closed
	 */
	public boolean isRunning() {
		return !this.closed && this.thread.isAlive();
	}

	private ConsulWatch<T> startThread() {
		this.thread.start();
		return this;
	}

	private void run() {
		BackOffExecution backoff = this.policy.errorBackOff().start();
		while (!this.closed) {
			if (!takeToken()) {
				return;
			}
			long sent = this.index;
			QueryOptions query = this.options.waitFor(this.policy.blockingWait());
			if (sent > 0) {
				query = query.index(sent);
			}
			ConsulResponse<T> response;
			try {
				response = this.read.read(query);
			}
			catch (RuntimeException ex) {
				if (this.closed) {
					return;
				}
				this.errors.incrementAndGet();
				for (Listener<T> listener : this.listeners) {
					dispatch(() -> listener.onError(ex));
				}
				if (!pause(Duration.ofMillis(backoff.nextBackOff()))) {
					return;
				}
				continue;
			}
			backoff = this.policy.errorBackOff().start();
			this.reads.incrementAndGet();
			if (response.meta().leaderUnknown() && this.current != null) {
				// Possibly stale data from a cluster without a leader: keep serving the
				// last good
				// value, and keep the old index so that the fresh answer is read once a
				// leader is
				// back (the rate limiter paces these reads).
				continue;
			}
			this.index = nextIndex(sent, response.meta().index());
			accept(response);
		}
	}

	long nextIndex(long sent, long returned) {
		if (this.opaqueIndex) {
			// Gossip indexes have no order: any value is just "the state I have seen".
			return (returned == 0) ? 1 : returned;
		}
		if (returned < sent) {
			// Raft snapshot restored, or the highest-index item removed: start over.
			this.resets.incrementAndGet();
			return 0;
		}
		return Math.max(returned, 1);
	}

	private void accept(ConsulResponse<T> response) {
		T value = response.value();
		T previous = this.current;
		if (response.meta().leaderUnknown() && previous != null) {
			// Possibly stale data from a cluster without a leader: keep serving the last
			// good value.
			return;
		}
		this.lastMeta = response.meta();
		if (previous == null || !Objects.equals(previous, value)) {
			this.current = value;
			for (Listener<T> listener : this.listeners) {
				dispatch(() -> listener.onChange(value, response.meta()));
			}
		}
		this.first.countDown();
	}

	private void dispatch(Runnable call) {
		Runnable safe = () -> {
			try {
				call.run();
			}
			catch (RuntimeException ex) {
				// A listener's failure must not stop the watch.
			}
		};
		if (this.executor != null) {
			this.executor.execute(safe);
		}
		else {
			safe.run();
		}
	}

	/** Token bucket: a burst of reads, then one per refill interval. */
	private boolean takeToken() {
		long now = System.nanoTime();
		long refillNanos = Math.max(1, this.policy.refill().toNanos());
		this.tokens = Math.min(this.policy.burst(), this.tokens + (double) (now - this.lastRefill) / refillNanos);
		this.lastRefill = now;
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return true;
		}
		long waitNanos = (long) ((1 - this.tokens) * refillNanos);
		if (!pause(Duration.ofNanos(waitNanos))) {
			return false;
		}
		this.lastRefill = System.nanoTime();
		this.tokens = 0;
		return true;
	}

	private boolean pause(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		synchronized (this.pause) {
			while (!this.closed) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return true;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.pause, remaining);
				}
				catch (InterruptedException ex) {
					return false;
				}
			}
		}
		return false;
	}

	/**
	 * Stop the watch; an ongoing blocking read is abandoned.
	 */
	@Override
	public void close() {
		this.closed = true;
		synchronized (this.pause) {
			this.pause.notifyAll();
		}
		this.thread.interrupt();
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A blocking read: the watch passes the options with the index and wait to use.
	 *
	 * @param <T> the value type
	 */
	@FunctionalInterface
	public interface BlockingRead<T> {

		/**
		 * Read.
		 * @param options the options, with index and wait set
		 * @return the answer
		 */
		ConsulResponse<T> read(QueryOptions options);

	}

	/**
	 * Told about changes and errors.
	 *
	 * @param <T> the value type
	 */
	@FunctionalInterface
	public interface Listener<T> {

		/**
		 * The value changed (or was read for the first time).
		 * @param value the new value
		 * @param meta the metadata of the read
		 */
		void onChange(T value, ResponseMeta meta);

		/**
		 * A read failed; the watch backs off and tries again, keeping the last good
		 * value.
		 * @param error the failure
		 */
		default void onError(RuntimeException error) {
		}

	}

	/**
	 * Builds a {@link ConsulWatch}.
	 *
	 * @param <T> the value type
	 */
	public static final class Builder<T> {

		private final String name;

		private final BlockingRead<T> read;

		private QueryOptions options = QueryOptions.NONE;

		private WatchPolicy policy = WatchPolicy.DEFAULT;

		private boolean opaqueIndex;

		private final List<Listener<T>> listeners = new CopyOnWriteArrayList<>();

		private @Nullable Executor executor;

		private Builder(String name, BlockingRead<T> read) {
			this.name = name;
			this.read = read;
		}

		/**
		 * Options for every read (datacenter, token, consistency, filter, ...).
		 * @param options the options
		 * @return this builder
		 */
		public Builder<T> options(QueryOptions options) {
			this.options = options;
			return this;
		}

		/**
		 * The pacing (default {@link WatchPolicy#DEFAULT}).
		 * @param policy the policy
		 * @return this builder
		 */
		public Builder<T> policy(WatchPolicy policy) {
			this.policy = policy;
			return this;
		}

		/**
		 * A listener, called on the watch's thread unless an executor is set.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder<T> listener(Listener<T> listener) {
			this.listeners.add(listener);
			return this;
		}

		/**
		 * Call listeners on this executor instead of the watch's thread.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder<T> executor(Executor executor) {
			this.executor = executor;
			return this;
		}

		/**
		 * Start watching.
		 * @return the running watch
		 */
		public ConsulWatch<T> start() {
			return new ConsulWatch<>(this).startThread();
		}

	}

}
