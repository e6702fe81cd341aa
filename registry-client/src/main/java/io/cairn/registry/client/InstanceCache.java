package io.cairn.registry.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The client's memory of the lookups it has made, kept fresh by one blocking watch on the
 * registry's event feed ({@code GET /v1/events?index=&wait=}): whatever the number of
 * names a client looks up, it holds one watch. When the watch answers, the lookups whose
 * names the events touch are read again, so a change on the registry reaches the cache
 * within milliseconds. While no replica answers, lookups keep answering what was last
 * known and the state is {@link ConnectionState#SUSPENDED}; when one answers again every
 * lookup is read again (a resync) before watching resumes.
 * <p>
 * Index bookkeeping: the watch publishes the index it has seen before it refreshes
 * lookups, and a new lookup reads that index after it is cached. When the watch was
 * already past the lookup's read, the lookup is read again off the caller's thread (on
 * the event thread), so no change falls between a first read and the watch while a miss
 * costs its caller one round trip. Every cached answer keeps the index it was read at,
 * and an older read never replaces a newer one.
 */
final class InstanceCache {

	private static final Log logger = LogFactory.getLog(InstanceCache.class);

	private final RegistryApi api;

	private final Duration watchWait;

	private final int maxLookups;

	private final RegistryObserver observer;

	private final Executor notifier;

	private final Runnable onRegistryReset;

	private final ExponentialBackOff backOff;

	private final Clock clock;

	private final Map<RegistryApi.Query, Entry> entries = new ConcurrentHashMap<>();

	private final Object wakeup = new Object();

	private volatile @Nullable ServiceNames services;

	private volatile long index;

	private volatile boolean running;

	private volatile ConnectionState connection = ConnectionState.CONNECTING;

	private volatile Instant connectionSince;

	private volatile @Nullable String problem;

	private volatile @Nullable Instant lastSync;

	private @Nullable Thread watcher;

	InstanceCache(RegistryApi api, RegistryClient.Builder settings, Executor notifier, Runnable onRegistryReset) {
		this.api = api;
		this.watchWait = settings.watchWait;
		this.maxLookups = settings.maxCachedLookups;
		this.observer = settings.observer;
		this.notifier = notifier;
		this.onRegistryReset = onRegistryReset;
		this.clock = settings.clock;
		this.connectionSince = this.clock.instant();
		this.backOff = new ExponentialBackOff(settings.retryDelay.toMillis(), 2.0);
		this.backOff.setMaxInterval(settings.maxRetryDelay.toMillis());
		this.backOff.setJitter(settings.retryDelay.toMillis() / 2);
	}

	void start() {
		this.running = true;
		Thread thread = new Thread(this::watch, "cairn-registry-watch");
		thread.setDaemon(true);
		this.watcher = thread;
		thread.start();
	}

	void stop() {
		this.running = false;
		Thread thread = this.watcher;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * The live instances of a lookup: from memory when it was made before, else read from
	 * the registry and watched from then on.
	 */
	List<RegistryInstance> instances(RegistryApi.Query query) {
		Entry entry = this.entries.get(query);
		if (entry != null && entry.synced) {
			return entry.instances;
		}
		RegistryApi.Instances read = this.api.instances(query, "lookup");
		if (entry == null && this.entries.size() >= this.maxLookups) {
			logger.debug("Not caching " + query + ": " + this.maxLookups + " lookups are cached already");
			return read.instances();
		}
		Entry created = this.entries.computeIfAbsent(query, Entry::new);
		created.update(read, this, false);
		wake();
		if (read.index() < this.index) {
			// The watch may have applied the changes after this read before the lookup
			// was cached: read it again, but not on the caller's time.
			catchUp(created);
		}
		return created.instances;
	}

	/** Read a lookup again on the event thread, for a read the watch had overtaken. */
	private void catchUp(Entry entry) {
		try {
			this.notifier.execute(() -> {
				try {
					entry.update(this.api.instances(entry.query, "refresh"), this, false);
				}
				catch (RegistryException ex) {
					// The next lookup reads it on its caller's thread instead.
					logger.debug("Cannot read " + entry.query + " again (" + ex.getMessage() + ")");
					entry.synced = false;
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// The client is closing.
		}
	}

	/**
	 * The instances of a lookup if it is cached, without asking the registry.
	 */
	@Nullable List<RegistryInstance> cached(RegistryApi.Query query) {
		Entry entry = this.entries.get(query);
		return (entry != null && entry.synced) ? entry.instances : null;
	}

	/**
	 * Follow a lookup: the listener hears its current instances, then every change.
	 * Registered even while the registry is unreachable (it hears the instances once a
	 * resync reads them).
	 */
	Runnable listen(RegistryApi.Query query, InstancesListener listener) {
		Entry entry = this.entries.computeIfAbsent(query, Entry::new);
		entry.listeners.add(listener);
		if (!entry.synced) {
			try {
				entry.update(this.api.instances(query, "lookup"), this, false);
			}
			catch (RegistryException ex) {
				logger.debug("Cannot read " + query + " yet (" + ex.getMessage() + "); the watch will");
				this.problem = ex.getMessage();
			}
		}
		else {
			List<RegistryInstance> current = entry.instances;
			this.notifier.execute(() -> listener.changed(query.text(), current));
		}
		wake();
		return () -> entry.listeners.remove(listener);
	}

	List<String> services() {
		ServiceNames known = this.services;
		if (known != null) {
			return known.names();
		}
		RegistryApi.Services read = this.api.services();
		updateServices(read, false);
		wake();
		if (read.index() < this.index) {
			// As for a lookup: read again off the caller's thread.
			try {
				this.notifier.execute(() -> {
					try {
						updateServices(this.api.services(), false);
					}
					catch (RegistryException ex) {
						logger.debug("Cannot read the service names again (" + ex.getMessage() + ")");
						this.services = null;
					}
				});
			}
			catch (RejectedExecutionException ex) {
				// The client is closing.
			}
		}
		return read.names();
	}

	/** Keep the names read, unless a later read is kept already. */
	private synchronized void updateServices(RegistryApi.Services read, boolean force) {
		ServiceNames known = this.services;
		if (force || known == null || read.index() >= known.index()) {
			this.services = new ServiceNames(read.names(), read.index());
		}
	}

	ConnectionState connection() {
		return this.connection;
	}

	Instant connectionSince() {
		return this.connectionSince;
	}

	@Nullable String problem() {
		return this.problem;
	}

	@Nullable Instant lastSync() {
		return this.lastSync;
	}

	int lookups() {
		return this.entries.size();
	}

	int instanceCount() {
		return this.entries.values().stream().mapToInt((entry) -> entry.instances.size()).sum();
	}

	long index() {
		return this.index;
	}

	private boolean idle() {
		return this.entries.isEmpty() && this.services == null;
	}

	private void wake() {
		synchronized (this.wakeup) {
			this.wakeup.notifyAll();
		}
	}

	private void watch() {
		boolean synced = false;
		BackOffExecution retry = null;
		while (this.running) {
			try {
				if (idle()) {
					synchronized (this.wakeup) {
						if (idle() && this.running) {
							this.wakeup.wait(1000);
						}
					}
					continue;
				}
				if (!synced) {
					resync();
					synced = true;
					retry = null;
					connected();
				}
				long seen = this.index;
				if (seen == 0) {
					// A registry that has never changed answers a watch at once (index 0
					// is
					// "not seen"); look again shortly until its first change.
					pause(100);
				}
				RegistryApi.Events events = this.api.events(seen, this.watchWait, RegistryApi.EVENT_LIMIT);
				retry = null;
				if (events.index() < seen) {
					logger.info("The registry's change index went back from " + seen + " to " + events.index()
							+ " (a new database?): reading every cached lookup again");
					synced = false;
					this.onRegistryReset.run();
					continue;
				}
				if (events.count() >= RegistryApi.EVENT_LIMIT) {
					// Some events may not have fit in the answer.
					synced = false;
					continue;
				}
				this.index = events.index();
				logger.debug("Watch answered index " + events.index() + " with " + events.count() + " events");
				if (!events.names().isEmpty()) {
					apply(events.names());
				}
				connected();
			}
			catch (RegistryRateLimitedException ex) {
				if (!this.running) {
					return;
				}
				synced = false;
				suspended(ex);
				pause(ex.retryAfter().toMillis());
			}
			catch (RegistryException ex) {
				if (!this.running) {
					return;
				}
				synced = false;
				suspended(ex);
				if (retry == null) {
					retry = this.backOff.start();
				}
				pause(retry.nextBackOff());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				synced = false;
				logger.warn("The registry watch failed unexpectedly; retrying", ex);
				if (retry == null) {
					retry = this.backOff.start();
				}
				pause(retry.nextBackOff());
			}
		}
	}

	private void pause(long millis) {
		if (!this.running) {
			return;
		}
		try {
			Thread.sleep(Math.max(1, millis));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	/** Read the current index first, then every cached lookup. */
	private void resync() {
		long previous = this.index;
		RegistryApi.Events head = this.api.events(0, null, 1);
		this.index = head.index();
		if (previous > 0 && head.index() < previous) {
			logger.info("The registry's change index went back from " + previous + " to " + head.index()
					+ " (a new database?)");
			this.onRegistryReset.run();
		}
		for (Entry entry : this.entries.values()) {
			// Forced: after a reset of the registry's index, older indexes are the new
			// ones.
			entry.update(this.api.instances(entry.query, "refresh"), this, true);
		}
		if (this.services != null) {
			updateServices(this.api.services(), true);
		}
		this.lastSync = this.clock.instant();
	}

	private void apply(List<String> names) {
		for (Entry entry : this.entries.values()) {
			if (names.stream().anyMatch(entry::mayMatch)) {
				entry.update(this.api.instances(entry.query, "refresh"), this, false);
			}
		}
		if (this.services != null) {
			updateServices(this.api.services(), false);
		}
		this.lastSync = this.clock.instant();
	}

	private void connected() {
		this.lastSync = this.clock.instant();
		if (this.connection != ConnectionState.CONNECTED) {
			ConnectionState before = this.connection;
			this.connection = ConnectionState.CONNECTED;
			this.connectionSince = this.clock.instant();
			this.problem = null;
			if (before == ConnectionState.SUSPENDED) {
				logger.info("The registry answers again; the cache is resynchronised and watched");
			}
			this.observer.connectionChanged(ConnectionState.CONNECTED);
		}
	}

	private void suspended(RegistryException ex) {
		this.problem = ex.getMessage();
		if (this.connection != ConnectionState.SUSPENDED) {
			this.connection = ConnectionState.SUSPENDED;
			this.connectionSince = this.clock.instant();
			logger.warn("Cannot watch the registry (" + ex.getMessage() + "); lookups answer the last known "
					+ instanceCount() + " instances until it answers again");
			this.observer.connectionChanged(ConnectionState.SUSPENDED);
		}
	}

	private void changed(Entry entry, List<RegistryInstance> instances) {
		this.observer.cacheUpdated(entry.query.text(), instances.size());
		for (InstancesListener listener : entry.listeners) {
			this.notifier.execute(() -> {
				try {
					listener.changed(entry.query.text(), instances);
				}
				catch (RuntimeException ex) {
					logger.warn("A listener of " + entry.query + " failed", ex);
				}
			});
		}
	}

	/** One cached lookup. */
	private static final class Entry {

		final RegistryApi.Query query;

		final @Nullable GlobFilter filter;

		final List<InstancesListener> listeners = new CopyOnWriteArrayList<>();

		volatile List<RegistryInstance> instances = List.of();

		volatile boolean synced;

		/** The registry's index when {@link #instances} was read. */
		private long readIndex = -1;

		Entry(RegistryApi.Query query) {
			this.query = query;
			this.filter = query.glob() ? GlobFilter.of(query.text()) : null;
		}

		boolean mayMatch(String name) {
			return (this.filter != null) ? this.filter.mayMatch(name) : this.query.text().equals(name);
		}

		/**
		 * Keep a read of this lookup, unless a later read is kept already (or
		 * {@code force}, after the registry's index was reset).
		 */
		synchronized void update(RegistryApi.Instances read, InstanceCache cache, boolean force) {
			logger.debug("Lookup " + this.query + " at index " + read.index() + ": " + read.instances().size()
					+ " instances");
			if (!force && this.synced && read.index() < this.readIndex) {
				return;
			}
			this.readIndex = read.index();
			boolean first = !this.synced;
			this.synced = true;
			if (!first && read.instances().equals(this.instances)) {
				return;
			}
			this.instances = read.instances();
			if (!first || !this.listeners.isEmpty()) {
				cache.changed(this, this.instances);
			}
		}

	}

	private record ServiceNames(List<String> names, long index) {
	}

}
