package io.cairn.registry.client;

import java.io.Closeable;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A client of registry-service, in the shape of a Curator recipe: build it,
 * {@link #start()} it, {@link #close()} it; {@link #state()} says where it is.
 *
 * <pre>{@code
 * try (RegistryClient registry = RegistryClient.builder()
 *         .urls(URI.create("http://registry-a:5000"), URI.create("http://registry-b:5000"))
 *         .token(System.getenv("CAIRN_REGISTRY_TOKEN"))
 *         .build()) {
 *     registry.start();
 *     Registration me = registry.register(NewInstance.of("orders", "10.0.0.7", 8080).withVersion("1.4.2"));
 *     List<RegistryInstance> billing = registry.instances("billing");   // from memory after the first call
 * }   // deregisters "orders", stops the watch
 * }</pre>
 *
 * <ul>
 * <li><b>Registrations</b> renew on a schedule derived from the registry's TTL (read from
 * {@code GET /v1/info}: {@code ttl / renewalsPerTtl}), re-register on the renewal that
 * finds the registry had forgotten them, and deregister on {@link Registration#close()}
 * or when the client closes.</li>
 * <li><b>Lookups</b> ({@link #instances(String)}, {@link #locate(String)},
 * {@link #services()}) read the registry the first time and memory afterwards: one
 * blocking watch per client keeps every cached lookup fresh within milliseconds of a
 * change. While no registry replica answers, they answer the last known instances
 * ({@link #connectionState()} is {@link ConnectionState#SUSPENDED}), and everything is
 * read again when one answers.</li>
 * <li><b>Replicas</b>: calls go to one URL and move to the next when it fails (outage,
 * 5xx, bad answer), with Spring's {@code RetryTemplate} and an exponential back-off.</li>
 * </ul>
 * Thread-safe. Threads: one renewal thread, one watch thread, one thread that calls
 * listeners, all daemons.
 */
public final class RegistryClient implements Closeable {

	private static final Log logger = LogFactory.getLog(RegistryClient.class);

	/** The renewal interval while the registry's TTL is not known yet. */
	private static final Duration UNKNOWN_TTL_INTERVAL = Duration.ofSeconds(10);

	private static final Duration MIN_RENEWAL_INTERVAL = Duration.ofMillis(500);

	private final Builder settings;

	private final RegistryHttp http;

	private final RegistryApi api;

	private final InstanceCache cache;

	private final ScheduledExecutorService renewals;

	private final ExecutorService notifier;

	private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

	private final Set<Registration> registrations = ConcurrentHashMap.newKeySet();

	private volatile @Nullable Duration ttl;

	private RegistryClient(Builder settings) {
		this.settings = settings;
		JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.http = new RegistryHttp(settings, json);
		this.api = new RegistryApi(this.http, json, settings.maxInstances, settings.observer);
		this.renewals = Executors.newSingleThreadScheduledExecutor(daemon("cairn-registry-renewals"));
		this.notifier = Executors.newSingleThreadExecutor(daemon("cairn-registry-events"));
		this.cache = new InstanceCache(this.api, settings, this.notifier, this::renewAllNow);
	}

	/**
	 * Start building a client.
	 * @return a builder with the defaults: {@code http://localhost:5000}, no token
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Start the client: read the registry's TTL (if it answers; otherwise later) and
	 * start the watch thread, which idles until the first lookup. Returns at once.
	 * @throws IllegalStateException if already started or closed
	 */
	public void start() {
		if (!this.state.compareAndSet(State.LATENT, State.STARTED)) {
			throw new IllegalStateException("A registry client can be started once, and this one is " + state());
		}
		this.cache.start();
		try {
			refreshTtl();
		}
		catch (RegistryException ex) {
			logger.warn("Cannot read the registry's TTL yet (" + ex.getMessage() + "); renewing every "
					+ UNKNOWN_TTL_INTERVAL.toSeconds() + " s until it answers");
		}
	}

	/**
	 * Deregister every registration of this client, stop the watch and the renewals.
	 * Lookups and registrations are refused afterwards. Does nothing the second time.
	 */
	@Override
	public void close() {
		State before = this.state.getAndSet(State.CLOSED);
		if (before == State.CLOSED) {
			return;
		}
		for (Registration registration : new ArrayList<>(this.registrations)) {
			registration.close();
		}
		this.cache.stop();
		this.renewals.shutdownNow();
		this.notifier.shutdown();
		try {
			this.renewals.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Where the client is in its life.
	 * @return the state
	 */
	public State state() {
		return Objects.requireNonNull(this.state.get());
	}

	/**
	 * Register an instance and renew it until the returned registration or this client is
	 * closed. The first registration is sent on the calling thread: when the registry
	 * refuses it the call throws; when no replica answers the registration is returned
	 * {@link RegistrationState#PENDING} and keeps being tried in the background.
	 * @param instance the instance
	 * @return the registration
	 * @throws RegistryAuthorizationException when the registry refuses the token (401) or
	 * its scope (403)
	 * @throws RegistryRejectedException when it refuses the instance (400, quota)
	 * @throws IllegalArgumentException when this client already registers that endpoint
	 */
	public Registration register(NewInstance instance) {
		requireStarted();
		for (Registration existing : this.registrations) {
			NewInstance other = existing.instance();
			if (other.host().equals(instance.host()) && other.port() == instance.port()) {
				throw new IllegalArgumentException(RegistryInstance.hostPort(instance.host(), instance.port())
						+ " is already registered by this client (as " + other.name() + "); close that first");
			}
		}
		ExponentialBackOff backOff = new ExponentialBackOff(this.settings.retryDelay.toMillis(), 2.0);
		backOff.setMaxInterval(this.settings.maxRetryDelay.toMillis());
		Registration registration = new Registration(this, instance, this.api.registrationBody(instance), this.renewals,
				backOff);
		this.registrations.add(registration);
		try {
			registration.registerFirst();
		}
		catch (RegistryException ex) {
			this.registrations.remove(registration);
			registration.close();
			throw ex;
		}
		return registration;
	}

	/**
	 * The live instances of one service: from memory after the first call, kept fresh by
	 * the watch.
	 * @param service the service name (exactly; see {@link #locate(String)} for globs)
	 * @return the instances in registration order (empty when there are none)
	 * @throws RegistryUnavailableException on the first call for a name while no registry
	 * replica answers (later calls answer what was last known)
	 */
	public List<RegistryInstance> instances(String service) {
		requireStarted();
		return this.cache.instances(new RegistryApi.Query(service, false));
	}

	/**
	 * The instances of one service if they are in memory, without asking the registry
	 * (for callers that must not block, such as reactive ones).
	 * @param service the service name
	 * @return the cached instances, or empty when the name was not looked up yet
	 */
	public Optional<List<RegistryInstance>> cachedInstances(String service) {
		requireStarted();
		return Optional.ofNullable(this.cache.cached(new RegistryApi.Query(service, false)));
	}

	/**
	 * The live instances of the services whose names match a glob ({@code *}, {@code ?},
	 * {@code [abc]}, {@code \} escapes, as the registry and servreg's
	 * {@code locate_service} read them), cached and watched like
	 * {@link #instances(String)}.
	 * @param glob the pattern
	 * @return the instances
	 */
	public List<RegistryInstance> locate(String glob) {
		requireStarted();
		return this.cache.instances(new RegistryApi.Query(glob, true));
	}

	/**
	 * The names of the services that have live instances, cached and watched.
	 * @return the names
	 */
	public List<String> services() {
		requireStarted();
		return this.cache.services();
	}

	/**
	 * Follow one service: the listener hears its instances now (on the client's event
	 * thread), then after every change.
	 * @param service the service name
	 * @param listener the listener
	 * @return closing it stops the listener (the lookup stays cached)
	 */
	public Closeable watch(String service, InstancesListener listener) {
		requireStarted();
		Runnable remove = this.cache.listen(new RegistryApi.Query(service, false), listener);
		return remove::run;
	}

	/**
	 * How fresh the cache is.
	 * @return the connection state
	 */
	public ConnectionState connectionState() {
		return this.cache.connection();
	}

	/**
	 * Everything the client knows about itself, for health indicators.
	 * @return a snapshot
	 */
	public ClientStatus status() {
		return new ClientStatus(state(), this.cache.connection(), this.cache.connectionSince(), this.cache.problem(),
				this.http.currentUrl(), this.cache.lastSync(), this.cache.lookups(), this.cache.instanceCount(),
				this.registrations.stream().map(Registration::status).toList());
	}

	/**
	 * This client's registrations that are not closed.
	 * @return the registrations
	 */
	public List<Registration> registrations() {
		return List.copyOf(this.registrations);
	}

	/**
	 * The registry's TTL, once read.
	 * @return the TTL
	 */
	public Optional<Duration> ttl() {
		return Optional.ofNullable(this.ttl);
	}

	/**
	 * The registry URL calls go to now.
	 * @return the URL
	 */
	public URI currentUrl() {
		return this.http.currentUrl();
	}

	/**
	 * How often registrations renew: the registry's TTL divided by
	 * {@code renewalsPerTtl}, or every 10 s while the TTL is not known.
	 * @return the interval
	 */
	public Duration renewalInterval() {
		Duration known = this.ttl;
		if (known == null) {
			return UNKNOWN_TTL_INTERVAL;
		}
		Duration interval = known.dividedBy(this.settings.renewalsPerTtl);
		return (interval.compareTo(MIN_RENEWAL_INTERVAL) < 0) ? MIN_RENEWAL_INTERVAL : interval;
	}

	RegistryApi.Outcome sendRegistration(byte[] body, boolean first) {
		if (this.ttl == null) {
			try {
				refreshTtl();
			}
			catch (RegistryException ex) {
				// The registration itself says whether the registry answers.
			}
		}
		return this.api.register(body, first ? "register" : "renew");
	}

	void deregister(NewInstance instance) {
		try {
			boolean removed = this.api.deregister(instance);
			logger.info((removed ? "Deregistered " : "The registry no longer had ") + instance.describe());
		}
		catch (RegistryException ex) {
			logger.warn("Could not deregister " + instance.describe() + " (" + ex.getMessage()
					+ "); it expires after the registry's TTL");
		}
	}

	void forget(Registration registration) {
		this.registrations.remove(registration);
	}

	void reregistered(NewInstance instance) {
		this.settings.observer.reregistered(instance);
		try {
			// A registry that forgot its instances may have restarted with other
			// settings.
			refreshTtl();
		}
		catch (RegistryException ex) {
			logger.debug("Cannot read the registry's TTL", ex);
		}
	}

	private void renewAllNow() {
		this.registrations.forEach(Registration::renewNow);
	}

	private void refreshTtl() {
		Duration read = Duration.ofSeconds(this.api.info().ttlSeconds());
		Duration before = this.ttl;
		if (!read.equals(before)) {
			this.ttl = read;
			String message = "The registry's TTL is " + read.toSeconds() + " s: renewing every "
					+ renewalInterval().toMillis() + " ms";
			if (before != null) {
				logger.info(message);
			}
			else {
				logger.debug(message);
			}
		}
	}

	private void requireStarted() {
		State current = state();
		if (current != State.STARTED) {
			throw new IllegalStateException("The registry client is " + current + ", not STARTED");
		}
	}

	private static ThreadFactory daemon(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Settings of a {@link RegistryClient}. The defaults are those of the Spring Boot
	 * properties {@code cairn.registry.client.*}.
	 */
	public static final class Builder {

		List<URI> urls = List.of(URI.create("http://localhost:5000"));

		@Nullable String token;

		Duration connectTimeout = Duration.ofSeconds(2);

		Duration requestTimeout = Duration.ofSeconds(10);

		Duration watchWait = Duration.ofMinutes(5);

		int renewalsPerTtl = 3;

		long maxResponseBytes = 16L * 1024 * 1024;

		int maxInstances = 100_000;

		int maxCachedLookups = 1000;

		Duration retryDelay = Duration.ofMillis(100);

		Duration maxRetryDelay = Duration.ofSeconds(30);

		RegistryObserver observer = RegistryObserver.NONE;

		Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * The registry replicas, in order of preference.
		 * @param urls {@code http(s)://host:port} of each (a path prefix is kept)
		 * @return this builder
		 */
		public Builder urls(URI... urls) {
			return urls(List.of(urls));
		}

		/**
		 * The registry replicas, in order of preference.
		 * @param urls {@code http(s)://host:port} of each
		 * @return this builder
		 */
		public Builder urls(List<URI> urls) {
			if (urls.isEmpty()) {
				throw new IllegalArgumentException("At least one registry URL is needed");
			}
			for (URI url : urls) {
				String scheme = url.getScheme();
				if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || url.getHost() == null) {
					throw new IllegalArgumentException("A registry URL is http(s)://host:port, not " + url);
				}
				if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
					throw new IllegalArgumentException("A registry URL carries no user, query or fragment (use "
							+ "token() for the write token): " + url.getScheme() + "://" + url.getHost());
				}
			}
			this.urls = List.copyOf(urls);
			return this;
		}

		/**
		 * The write token ({@code cairn.security.token} of the registry, or a token
		 * scoped to this application's service names); sent as a bearer token on writes.
		 * @param token the token, or null for none
		 * @return this builder
		 */
		public Builder token(@Nullable String token) {
			this.token = token;
			return this;
		}

		/**
		 * How long to wait for a connection.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration timeout) {
			this.connectTimeout = positive("connectTimeout", timeout);
			return this;
		}

		/**
		 * How long a call other than a watch may take, per attempt.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder requestTimeout(Duration timeout) {
			this.requestTimeout = positive("requestTimeout", timeout);
			return this;
		}

		/**
		 * How long the registry may hold a watch before answering "no change" (it caps it
		 * at its own {@code max-watch-wait}).
		 * @param wait the wait
		 * @return this builder
		 */
		public Builder watchWait(Duration wait) {
			this.watchWait = positive("watchWait", wait);
			return this;
		}

		/**
		 * How many renewals fit in the registry's TTL (the TTL divided by this is the
		 * renewal interval; 3 gives Eureka's 30 s renewals for a 90 s lease).
		 * @param renewals 2 to 60
		 * @return this builder
		 */
		public Builder renewalsPerTtl(int renewals) {
			if (renewals < 2 || renewals > 60) {
				throw new IllegalArgumentException("renewalsPerTtl must be between 2 and 60, not " + renewals);
			}
			this.renewalsPerTtl = renewals;
			return this;
		}

		/**
		 * The largest answer the client reads; a larger one is refused.
		 * @param bytes 1 KiB to 1 GiB
		 * @return this builder
		 */
		public Builder maxResponseBytes(long bytes) {
			if (bytes < 1024 || bytes > 1024L * 1024 * 1024) {
				throw new IllegalArgumentException("maxResponseBytes must be between 1 KiB and 1 GiB, not " + bytes);
			}
			this.maxResponseBytes = bytes;
			return this;
		}

		/**
		 * The most instances one lookup may answer (over all its pages).
		 * @param instances at least 1
		 * @return this builder
		 */
		public Builder maxInstances(int instances) {
			if (instances < 1) {
				throw new IllegalArgumentException("maxInstances must be at least 1, not " + instances);
			}
			this.maxInstances = instances;
			return this;
		}

		/**
		 * The most lookups kept in memory and watched; further ones are read from the
		 * registry each time.
		 * @param lookups at least 1
		 * @return this builder
		 */
		public Builder maxCachedLookups(int lookups) {
			if (lookups < 1) {
				throw new IllegalArgumentException("maxCachedLookups must be at least 1, not " + lookups);
			}
			this.maxCachedLookups = lookups;
			return this;
		}

		/**
		 * The first delay before a failed call is tried again (on the next URL); it
		 * doubles on each further failure.
		 * @param delay the delay
		 * @return this builder
		 */
		public Builder retryDelay(Duration delay) {
			this.retryDelay = positive("retryDelay", delay);
			return this;
		}

		/**
		 * The longest delay between attempts while the registry stays unreachable.
		 * @param delay the delay
		 * @return this builder
		 */
		public Builder maxRetryDelay(Duration delay) {
			this.maxRetryDelay = positive("maxRetryDelay", delay);
			return this;
		}

		/**
		 * Who to tell what the client does (metrics).
		 * @param observer the observer
		 * @return this builder
		 */
		public Builder observer(RegistryObserver observer) {
			this.observer = Objects.requireNonNull(observer, "observer");
			return this;
		}

		/**
		 * Build the client (not started).
		 * @return the client
		 */
		public RegistryClient build() {
			if (this.maxRetryDelay.compareTo(this.retryDelay) < 0) {
				throw new IllegalArgumentException("maxRetryDelay (" + this.maxRetryDelay
						+ ") must not be shorter than retryDelay (" + this.retryDelay + ")");
			}
			return new RegistryClient(this);
		}

		private static Duration positive(String name, Duration value) {
			if (value.isZero() || value.isNegative()) {
				throw new IllegalArgumentException(name + " must be positive, not " + value);
			}
			return value;
		}

	}

}
