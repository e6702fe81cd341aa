package io.cairn.consul.recipe;

import java.io.Closeable;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import io.cairn.consul.Consul;
import io.cairn.consul.ConsulException;
import io.cairn.consul.ConsulResponse;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.model.kv.KeyValue;
import io.cairn.consul.model.session.NewSession;
import io.cairn.consul.model.session.Session;
import io.cairn.consul.model.session.SessionBehavior;

/**
 * A distributed lock on a KV key, held through a TTL session (Consul's lock pattern):
 * <ul>
 * <li>{@link #acquire(Duration)} creates a session, tries {@code PUT ?acquire}, and while
 * another session holds the key waits with blocking reads until it is free; when the key
 * is free but Consul still refuses (the lock-delay after the previous holder's session
 * was invalidated) it waits the lock-delay before trying again;</li>
 * <li>while held, the session is renewed every TTL/2 and the key is watched: if the
 * session is invalidated (renewal finds it gone, or the key changes holder) or the agent
 * cannot be reached for longer than the TTL, the lock is lost and the {@code onLost}
 * callback runs once;</li>
 * <li>{@link #release()} releases the key and destroys the session.</li>
 * </ul>
 * A lost lock cannot be relied on at all: the callback should stop the guarded work.
 */
public final class ConsulLock implements Closeable {

	private final Consul consul;

	private final String key;

	private final byte[] value;

	private final Duration ttl;

	private final Duration lockDelay;

	private final SessionBehavior behavior;

	private final String sessionName;

	private final Runnable onLost;

	private final Object monitor = new Object();

	private volatile @Nullable String sessionId;

	private volatile boolean held;

	private volatile boolean closed;

	private volatile long lastRenewal;

	private @Nullable ScheduledExecutorService renewer;

	private @Nullable Thread watcher;

	private final AtomicBoolean lostReported = new AtomicBoolean();

	private ConsulLock(Builder builder) {
		this.consul = builder.consul;
		this.key = builder.key;
		this.value = builder.value;
		this.ttl = builder.ttl;
		this.lockDelay = builder.lockDelay;
		this.behavior = builder.behavior;
		this.sessionName = builder.sessionName;
		this.onLost = builder.onLost;
	}

	/**
	 * Configure a lock.
	 * @param consul the client
	 * @param key the KV key to lock
	 * @return a builder
	 */
	public static Builder builder(Consul consul, String key) {
		return new Builder(consul, key);
	}

	/**
	 * Try once to take the lock.
	 * @return {@code true} when this lock now holds the key
	 * @throws ConsulException when Consul cannot be asked
	 */
	public boolean tryAcquire() {
		synchronized (this.monitor) {
			if (this.closed) {
				throw new IllegalStateException("The lock is closed");
			}
			if (this.held) {
				return true;
			}
			String session = session();
			if (this.consul.kv().acquire(this.key, this.value, session)) {
				this.held = true;
				this.lostReported.set(false);
				this.lastRenewal = System.nanoTime();
				startKeeping(session);
				return true;
			}
			// Refused: the key is held by someone else, the lock-delay is running, or our
			// session
			// was invalidated meanwhile (then the next attempt needs a new one).
			if (this.consul.session().info(session, QueryOptions.NONE).value().isEmpty()) {
				this.sessionId = null;
			}
			return false;
		}
	}

	/**
	 * Take the lock, waiting up to a timeout.
	 * @param timeout how long to wait
	 * @return {@code true} when acquired, {@code false} on timeout
	 * @throws InterruptedException when interrupted
	 * @throws ConsulException when Consul cannot be asked
	 */
	public boolean acquire(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		boolean sawFree = false;
		while (true) {
			if (tryAcquire()) {
				return true;
			}
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return false;
			}
			ConsulResponse<Optional<KeyValue>> current = this.consul.kv().get(this.key);
			boolean free = current.value().map((entry) -> !entry.isLocked()).orElse(true);
			if (free && !sawFree) {
				// Released between our attempt and this read: try again at once.
				sawFree = true;
			}
			else if (free) {
				// Free but refused again: the lock-delay protects the previous holder's
				// work.
				sleep(Math.min(remaining, Math.max(this.lockDelay.toNanos(), TimeUnit.MILLISECONDS.toNanos(10))));
			}
			else {
				sawFree = false;
				Duration wait = Duration.ofNanos(Math.min(remaining, TimeUnit.MINUTES.toNanos(5)));
				if (wait.toMillis() < 1) {
					return false;
				}
				this.consul.kv().get(this.key, QueryOptions.NONE.index(Math.max(current.index(), 1)).waitFor(wait));
			}
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
		}
	}

	private static void sleep(long nanos) throws InterruptedException {
		TimeUnit.NANOSECONDS.sleep(nanos);
	}

	/**
	 * Whether the lock is held (as far as this process knows).
	 * @return {@code true} while held
	 */
	public boolean isHeld() {
		return this.held;
	}

	/**
	 * The session holding (or about to hold) the lock.
	 * @return the session ID, empty when none
	 */
	public Optional<String> sessionId() {
		return Optional.ofNullable(this.sessionId);
	}

	private String session() {
		String id = this.sessionId;
		if (id == null) {
			id = this.consul.session()
				.create(NewSession.named(this.sessionName)
					.withTtl(this.ttl)
					.withLockDelay(this.lockDelay)
					.withBehavior(this.behavior), QueryOptions.NONE);
			this.sessionId = id;
		}
		return id;
	}

	private void startKeeping(String session) {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "consul-lock-renew-" + this.key);
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, this.ttl.toMillis() / 2);
		scheduler.scheduleWithFixedDelay(() -> renew(session), period, period, TimeUnit.MILLISECONDS);
		this.renewer = scheduler;
		Thread thread = new Thread(() -> watch(session), "consul-lock-watch-" + this.key);
		thread.setDaemon(true);
		thread.start();
		this.watcher = thread;
	}

	private void renew(String session) {
		try {
			Optional<Session> renewed = this.consul.session().renew(session);
			if (renewed.isEmpty()) {
				lost();
				return;
			}
			this.lastRenewal = System.nanoTime();
		}
		catch (ConsulException ex) {
			if (System.nanoTime() - this.lastRenewal > this.ttl.toNanos()) {
				// The servers may have invalidated the session by now: do not assume the
				// lock.
				lost();
			}
		}
	}

	private void watch(String session) {
		long index = 0;
		while (this.held && !this.closed) {
			try {
				QueryOptions options = (index > 0) ? QueryOptions.NONE.index(index).waitFor(this.ttl)
						: QueryOptions.NONE;
				ConsulResponse<Optional<KeyValue>> answer = this.consul.kv().get(this.key, options);
				long returned = answer.index();
				index = (returned < index) ? 0 : Math.max(returned, 1);
				Optional<KeyValue> entry = answer.value();
				if (entry.isEmpty() || !session.equals(entry.get().session())) {
					lost();
					return;
				}
			}
			catch (ConsulException ex) {
				if (!this.held || this.closed) {
					return;
				}
				if (System.nanoTime() - this.lastRenewal > this.ttl.toNanos()) {
					lost();
					return;
				}
				try {
					Thread.sleep(Math.min(1000, Math.max(10, this.ttl.toMillis() / 10)));
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	private void lost() {
		synchronized (this.monitor) {
			if (!this.held) {
				return;
			}
			this.held = false;
			stopKeeping();
			String session = this.sessionId;
			this.sessionId = null;
			if (session != null) {
				try {
					this.consul.session().destroy(session);
				}
				catch (ConsulException ex) {
					// The agent may be gone; the session expires on its own.
				}
			}
		}
		if (this.lostReported.compareAndSet(false, true)) {
			try {
				this.onLost.run();
			}
			catch (RuntimeException ex) {
				// The callback's failure must not break the lock.
			}
		}
	}

	private void stopKeeping() {
		if (this.renewer != null) {
			this.renewer.shutdownNow();
			this.renewer = null;
		}
		Thread thread = this.watcher;
		if (thread != null && thread != Thread.currentThread()) {
			thread.interrupt();
		}
		this.watcher = null;
	}

	/**
	 * Release the lock (if held) and destroy the session.
	 */
	public void release() {
		synchronized (this.monitor) {
			boolean wasHeld = this.held;
			this.held = false;
			stopKeeping();
			String session = this.sessionId;
			this.sessionId = null;
			if (session != null) {
				try {
					if (wasHeld) {
						this.consul.kv().release(this.key, this.value, session);
					}
					this.consul.session().destroy(session);
				}
				catch (ConsulException ex) {
					// The agent may be gone; the session expires on its own and releases
					// the key.
				}
			}
		}
	}

	/**
	 * Release and stop.
	 */
	@Override
	public void close() {
		release();
		this.closed = true;
	}

	/**
	 * Builds a {@link ConsulLock}.
	 */
	public static final class Builder {

		private final Consul consul;

		private final String key;

		private byte[] value = new byte[0];

		private Duration ttl = Duration.ofSeconds(15);

		private Duration lockDelay = Duration.ofSeconds(15);

		private SessionBehavior behavior = SessionBehavior.RELEASE;

		private String sessionName;

		private Runnable onLost = () -> {
		};

		private Builder(Consul consul, String key) {
			this.consul = consul;
			this.key = key;
			this.sessionName = "lock:" + key;
		}

		/**
		 * The value to store in the key while holding it (for example the holder's name).
		 * @param value the bytes
		 * @return this builder
		 */
		public Builder value(byte[] value) {
			this.value = value.clone();
			return this;
		}

		/**
		 * The session TTL (default 15 s; Consul accepts 10 s to 24 h); renewed every
		 * TTL/2.
		 * @param ttl the TTL
		 * @return this builder
		 */
		public Builder sessionTtl(Duration ttl) {
			this.ttl = ttl;
			return this;
		}

		/**
		 * The lock-delay after the session is invalidated (default 15 s, Consul caps at
		 * 60 s).
		 * @param lockDelay the delay
		 * @return this builder
		 */
		public Builder lockDelay(Duration lockDelay) {
			this.lockDelay = lockDelay;
			return this;
		}

		/**
		 * What happens to the key when the session is invalidated (default: released).
		 * @param behavior release or delete
		 * @return this builder
		 */
		public Builder behavior(SessionBehavior behavior) {
			this.behavior = behavior;
			return this;
		}

		/**
		 * The session's name.
		 * @param name the name
		 * @return this builder
		 */
		public Builder sessionName(String name) {
			this.sessionName = name;
			return this;
		}

		/**
		 * Called once when a held lock is lost (session invalidated, key taken, agent
		 * away for longer than the TTL). Runs on one of the lock's threads.
		 * @param onLost the callback
		 * @return this builder
		 */
		public Builder onLost(Runnable onLost) {
			this.onLost = onLost;
			return this;
		}

		/**
		 * Build the lock (nothing is acquired yet).
		 * @return the lock
		 */
		public ConsulLock build() {
			return new ConsulLock(this);
		}

	}

}
