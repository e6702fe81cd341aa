package io.cairn.consul;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Settings;
import io.cairn.consul.internal.Transport;

import org.springframework.util.unit.DataSize;

/**
 * The entry point: one client per application, handing out one small client per Consul
 * API area. Thread-safe; close it to release its async threads.
 *
 * <pre>{@code
 * try (Consul consul = Consul.builder().address("127.0.0.1:8500").token(secret).build()) {
 *     consul.kv().put("config/app/mode", "blue");
 *     Optional<String> mode = consul.kv().getString("config/app/mode");
 *     List<ServiceHealth> web = consul.health().service("web", true, List.of(), QueryOptions.NONE).value();
 *     CompletableFuture<String> leader = consul.async((c) -> c.status().leader());
 * }
 * }</pre>
 *
 * Reads return {@link ConsulResponse} (value plus metadata); a 404 on a read is an empty
 * value. Failures are {@link ConsulException}s.
 * {@code Consul.builder().fromEnvironment()} reads {@code CONSUL_HTTP_ADDR},
 * {@code CONSUL_HTTP_TOKEN}, {@code CONSUL_HTTP_TOKEN_FILE}, {@code CONSUL_HTTP_SSL} and
 * {@code CONSUL_CACERT} as the Consul CLI does.
 */
public final class Consul implements AutoCloseable {

	/** The longest answer body read into memory unless the builder sets another. */
	public static final DataSize DEFAULT_MAX_ANSWER_SIZE = DataSize.ofMegabytes(64);

	private static final DataSize MIN_ANSWER_SIZE = DataSize.ofKilobytes(1);

	private static final DataSize MAX_ANSWER_SIZE = DataSize.ofGigabytes(1);

	private final Transport transport;

	private final AclClient acl;

	private final AgentClient agent;

	private final CatalogClient catalog;

	private final ConfigClient config;

	private final ConnectClient connect;

	private final EventClient event;

	private final HealthClient health;

	private final KvClient kv;

	private final TxnClient txn;

	private final CoordinateClient coordinate;

	private final OperatorClient operator;

	private final SnapshotClient snapshot;

	private final QueryClient query;

	private final SessionClient session;

	private final StatusClient status;

	private final @Nullable ExecutorService ownedExecutor;

	private final Executor asyncExecutor;

	private Consul(Settings settings, Duration snapshotTimeout, @Nullable Executor executor) {
		this.transport = new Transport(settings);
		this.acl = new AclClient(this.transport);
		this.agent = new AgentClient(this.transport);
		this.catalog = new CatalogClient(this.transport);
		this.config = new ConfigClient(this.transport);
		this.connect = new ConnectClient(this.transport);
		this.event = new EventClient(this.transport);
		this.health = new HealthClient(this.transport);
		this.kv = new KvClient(this.transport);
		this.txn = new TxnClient(this.transport);
		this.coordinate = new CoordinateClient(this.transport);
		this.operator = new OperatorClient(this.transport);
		this.snapshot = new SnapshotClient(this.transport, snapshotTimeout);
		this.query = new QueryClient(this.transport);
		this.session = new SessionClient(this.transport);
		this.status = new StatusClient(this.transport);
		this.ownedExecutor = (executor != null) ? null : asyncThreads();
		this.asyncExecutor = (executor != null) ? executor : Objects.requireNonNull(this.ownedExecutor);
	}

	/**
	 * Start building a client.
	 * @return a builder with the defaults: {@code http://127.0.0.1:8500}, no token
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * @return the ACL client ({@code /v1/acl})
	 */
	public AclClient acl() {
		return this.acl;
	}

	/**
	 * @return the local agent client ({@code /v1/agent})
	 */
	public AgentClient agent() {
		return this.agent;
	}

	/**
	 * @return the catalog client ({@code /v1/catalog})
	 */
	public CatalogClient catalog() {
		return this.catalog;
	}

	/**
	 * @return the configuration entry client ({@code /v1/config})
	 */
	public ConfigClient config() {
		return this.config;
	}

	/**
	 * @return the service mesh client: CA and intentions ({@code /v1/connect})
	 */
	public ConnectClient connect() {
		return this.connect;
	}

	/**
	 * @return the user event client ({@code /v1/event})
	 */
	public EventClient event() {
		return this.event;
	}

	/**
	 * @return the health client ({@code /v1/health})
	 */
	public HealthClient health() {
		return this.health;
	}

	/**
	 * @return the key/value client ({@code /v1/kv})
	 */
	public KvClient kv() {
		return this.kv;
	}

	/**
	 * @return the transaction client ({@code /v1/txn})
	 */
	public TxnClient txn() {
		return this.txn;
	}

	/**
	 * @return the network coordinate client ({@code /v1/coordinate})
	 */
	public CoordinateClient coordinate() {
		return this.coordinate;
	}

	/**
	 * @return the operator client: Raft, autopilot, keyring, usage ({@code /v1/operator})
	 */
	public OperatorClient operator() {
		return this.operator;
	}

	/**
	 * @return the snapshot client ({@code /v1/snapshot})
	 */
	public SnapshotClient snapshot() {
		return this.snapshot;
	}

	/**
	 * @return the prepared query client ({@code /v1/query})
	 */
	public QueryClient query() {
		return this.query;
	}

	/**
	 * @return the session client ({@code /v1/session})
	 */
	public SessionClient session() {
		return this.session;
	}

	/**
	 * @return the status client ({@code /v1/status})
	 */
	public StatusClient status() {
		return this.status;
	}

	/**
	 * Run any call of this client asynchronously: the same implementation as the
	 * synchronous API, on the client's async executor (virtual threads on Java 21+, else
	 * a pool of daemon threads, unless {@link Builder#asyncExecutor} was given).
	 * @param <T> the result type
	 * @param call the call, for example {@code c -> c.kv().get("key")}
	 * @return the future result; it fails with the call's {@link ConsulException}
	 */
	public <T> CompletableFuture<T> async(Function<? super Consul, ? extends T> call) {
		return CompletableFuture.supplyAsync(() -> call.apply(this), this.asyncExecutor);
	}

	/**
	 * Call an endpoint this client does not model yet. Statuses other than 2xx throw the
	 * same typed exceptions as the modelled calls.
	 * @param method the HTTP method
	 * @param path the path after {@code /v1/}, already encoded (for example
	 * {@code config/service-defaults})
	 * @param query query parameters (values are encoded here; a {@code null} value sends
	 * a bare flag)
	 * @param body the body, or {@code null}
	 * @param options per-request options (datacenter, token, consistency, blocking)
	 * @return the body bytes with the response metadata
	 */
	public ConsulResponse<byte[]> raw(String method, String path, Map<String, @Nullable String> query,
			byte @Nullable [] body, QueryOptions options) {
		String normalized = path.startsWith("/") ? path.substring(1) : path;
		if (normalized.startsWith("v1/")) {
			normalized = normalized.substring(3);
		}
		String verb = method.toUpperCase(Locale.ROOT);
		Request request = switch (verb) {
			case "GET" -> Request.get("/v1/" + normalized, normalized).notFoundIsEmpty(false);
			case "PUT" -> Request.put("/v1/" + normalized, normalized);
			case "POST" -> Request.post("/v1/" + normalized, normalized);
			case "DELETE" -> Request.delete("/v1/" + normalized, normalized);
			default -> throw new IllegalArgumentException("Consul's API uses GET, PUT, POST and DELETE, not " + method);
		};
		query.forEach((name, value) -> {
			if (value == null) {
				request.flag(name, true);
			}
			else {
				request.param(name, value);
			}
		});
		if (body != null) {
			request.body(body, "application/octet-stream");
		}
		return this.transport.execute(request.options(options), Decoders.bytes());
	}

	/**
	 * Keep services and checks registered on the agent: they are registered again when
	 * the agent comes back without them (after a restart).
	 * @param checkInterval how often to compare the agent's services and checks with the
	 * kept ones
	 * @return a started keeper; close it to stop
	 */
	public RegistrationKeeper registrationKeeper(Duration checkInterval) {
		return new RegistrationKeeper(this, checkInterval);
	}

	/**
	 * The agent address calls currently go to; it moves to the next configured address
	 * when one cannot be reached.
	 * @return the base URL, for example {@code http://127.0.0.1:8500}
	 */
	public String currentAddress() {
		return this.transport.currentAddress();
	}

	/**
	 * Release the async threads this client created, and its HTTP client's connections
	 * and thread on JDK 21 and later (before, they go when the client is garbage
	 * collected); a shared HTTP client ({@link Builder#httpClient}) is left to its owner.
	 * Watches, locks and keepers have their own {@code close()}.
	 */
	@Override
	public void close() {
		this.transport.close();
		if (this.ownedExecutor != null) {
			this.ownedExecutor.shutdownNow();
		}
	}

	private static ExecutorService asyncThreads() {
		try {
			Method virtual = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
			return (ExecutorService) virtual.invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			AtomicInteger count = new AtomicInteger();
			ThreadFactory factory = (runnable) -> {
				Thread thread = new Thread(runnable, "consul-async-" + count.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			};
			return Executors.newCachedThreadPool(factory);
		}
	}

	/**
	 * Builds a {@link Consul}.
	 */
	public static final class Builder {

		private final List<String> addresses = new ArrayList<>();

		private @Nullable String token;

		private boolean tokenInQuery;

		private boolean https;

		private @Nullable String datacenter;

		private Consistency consistency = Consistency.DEFAULT;

		private Duration connectTimeout = Duration.ofSeconds(5);

		private Duration readTimeout = Duration.ofSeconds(30);

		private Duration defaultWait = Duration.ofMinutes(5);

		private Duration blockingMargin = Duration.ofSeconds(5);

		private Duration snapshotTimeout = Duration.ofHours(1);

		private DataSize maxAnswerSize = DEFAULT_MAX_ANSWER_SIZE;

		private @Nullable SSLContext sslContext;

		private @Nullable KeyStore trustStore;

		private @Nullable KeyStore keyStore;

		private char @Nullable [] keyPassword;

		private ConsulObserver observer = ConsulObserver.NONE;

		private @Nullable Executor asyncExecutor;

		private @Nullable HttpClient httpClient;

		private Builder() {
		}

		/**
		 * Add an agent address: {@code host:port}, {@code http://host:port} or
		 * {@code https://host:port}. Several addresses give failover: calls go to the
		 * first reachable one. A name is resolved to all its addresses, tried in order.
		 * An IPv6 address goes in brackets ({@code http://[::1]:8500}), with a zone id as
		 * in RFC 6874 ({@code [fe80::1%25eth0]}) or after a bare {@code %}; the zone must
		 * be an interface name of letters, digits, {@code _} and {@code .} (what
		 * {@code java.net.URI} accepts), or an interface index.
		 * @param address the address
		 * @return this builder
		 */
		public Builder address(String address) {
			this.addresses.add(address.strip());
			return this;
		}

		/**
		 * Replace the agent addresses.
		 * @param addresses the addresses, in order of preference
		 * @return this builder
		 */
		public Builder addresses(List<String> addresses) {
			this.addresses.clear();
			addresses.forEach(this::address);
			return this;
		}

		/**
		 * Read the Consul CLI's environment variables.
		 * @return this builder
		 */
		public Builder fromEnvironment() {
			return fromEnvironment(System.getenv());
		}

		/**
		 * Read the Consul CLI's variables from a map: {@code CONSUL_HTTP_ADDR},
		 * {@code CONSUL_HTTP_TOKEN} (or {@code CONSUL_HTTP_TOKEN_FILE}),
		 * {@code CONSUL_HTTP_SSL} and {@code CONSUL_CACERT} (a PEM file of CA
		 * certificates).
		 * @param environment the variables
		 * @return this builder
		 */
		public Builder fromEnvironment(Map<String, String> environment) {
			String address = environment.get("CONSUL_HTTP_ADDR");
			if (address != null && !address.isBlank()) {
				this.addresses.clear();
				address(address);
			}
			String ssl = environment.get("CONSUL_HTTP_SSL");
			if (ssl != null && (ssl.equalsIgnoreCase("true") || ssl.equals("1"))) {
				this.https = true;
			}
			String tokenValue = environment.get("CONSUL_HTTP_TOKEN");
			String tokenFile = environment.get("CONSUL_HTTP_TOKEN_FILE");
			if (tokenValue != null && !tokenValue.isBlank()) {
				this.token = tokenValue.strip();
			}
			else if (tokenFile != null && !tokenFile.isBlank()) {
				try {
					this.token = Files.readString(Path.of(tokenFile)).strip();
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Could not read CONSUL_HTTP_TOKEN_FILE " + tokenFile, ex);
				}
			}
			String caCert = environment.get("CONSUL_CACERT");
			if (caCert != null && !caCert.isBlank()) {
				trustedCertificates(Path.of(caCert));
			}
			return this;
		}

		/**
		 * The ACL token sent with every request (as {@code X-Consul-Token}).
		 * @param token the secret ID
		 * @return this builder
		 */
		public Builder token(@Nullable String token) {
			this.token = token;
			return this;
		}

		/**
		 * Send the token as {@code ?token=} instead of the header, for agents older than
		 * 0.6. Tokens in URLs end up in access logs: use only when needed.
		 * @param tokenInQuery {@code true} to use the query parameter
		 * @return this builder
		 */
		public Builder tokenInQuery(boolean tokenInQuery) {
			this.tokenInQuery = tokenInQuery;
			return this;
		}

		/**
		 * The datacenter of every request that does not name one.
		 * @param datacenter the datacenter, {@code null} for the agent's
		 * @return this builder
		 */
		public Builder datacenter(@Nullable String datacenter) {
			this.datacenter = datacenter;
			return this;
		}

		/**
		 * The consistency mode of reads that do not choose one.
		 * @param consistency the default mode
		 * @return this builder
		 */
		public Builder consistency(Consistency consistency) {
			this.consistency = consistency;
			return this;
		}

		/**
		 * How long to wait for a connection (default 5 s).
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration timeout) {
			this.connectTimeout = positive(timeout, "connect timeout");
			return this;
		}

		/**
		 * How long a non-blocking call may take (default 30 s).
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder readTimeout(Duration timeout) {
			this.readTimeout = positive(timeout, "read timeout");
			return this;
		}

		/**
		 * The wait of blocking queries that do not set one (default 5 minutes, Consul's
		 * own).
		 * @param wait the wait, at most 10 minutes
		 * @return this builder
		 */
		public Builder defaultWait(Duration wait) {
			Duration checked = positive(wait, "default wait");
			this.defaultWait = (checked.compareTo(QueryOptions.MAX_WAIT) > 0) ? QueryOptions.MAX_WAIT : checked;
			return this;
		}

		/**
		 * The margin added to {@code wait + wait/16} for the read timeout of blocking
		 * queries (default 5 s).
		 * @param margin the margin
		 * @return this builder
		 */
		public Builder blockingTimeoutMargin(Duration margin) {
			this.blockingMargin = positive(margin, "blocking timeout margin");
			return this;
		}

		/**
		 * How long a snapshot save or restore may take (default 1 hour).
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder snapshotTimeout(Duration timeout) {
			this.snapshotTimeout = positive(timeout, "snapshot timeout");
			return this;
		}

		/**
		 * Use this TLS context (overrides trust and key stores).
		 * @param sslContext the context
		 * @return this builder
		 */
		public Builder sslContext(SSLContext sslContext) {
			this.sslContext = sslContext;
			return this;
		}

		/**
		 * Trust the certificates of this key store (PKCS12 or JKS).
		 * @param path the store
		 * @param password its password, or {@code null}
		 * @return this builder
		 */
		public Builder trustStore(Path path, @Nullable String password) {
			this.trustStore = load(path, password);
			return this;
		}

		/**
		 * Trust the CA certificates of a PEM file (what {@code CONSUL_CACERT} names).
		 * @param pemFile the PEM file
		 * @return this builder
		 */
		public Builder trustedCertificates(Path pemFile) {
			try (InputStream in = Files.newInputStream(pemFile)) {
				KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
				store.load(null, null);
				int count = 0;
				for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
					store.setCertificateEntry("ca-" + count++, (X509Certificate) certificate);
				}
				this.trustStore = store;
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new IllegalArgumentException("Could not read CA certificates from " + pemFile, ex);
			}
			return this;
		}

		/**
		 * Present the client certificate of this key store (PKCS12 or JKS), for agents
		 * with {@code verify_incoming}.
		 * @param path the store
		 * @param password its password (also the key's)
		 * @return this builder
		 */
		public Builder keyStore(Path path, String password) {
			this.keyStore = load(path, password);
			this.keyPassword = password.toCharArray();
			return this;
		}

		/**
		 * Told about every exchange (the Spring Boot auto-configuration plugs in
		 * Micrometer).
		 * @param observer the observer
		 * @return this builder
		 */
		public Builder observer(ConsulObserver observer) {
			this.observer = observer;
			return this;
		}

		/**
		 * The executor of {@link Consul#async}; the default uses virtual threads on Java
		 * 21+, else daemon threads.
		 * @param executor the executor (not shut down by {@link Consul#close()})
		 * @return this builder
		 */
		public Builder asyncExecutor(Executor executor) {
			this.asyncExecutor = executor;
			return this;
		}

		/**
		 * The longest answer body read into memory (default 64 MiB). A longer one,
		 * announced or sent, ends the call with a {@link ConsulAnswerTooLargeException}
		 * and its connection is closed, so that a broken or hostile agent cannot exhaust
		 * memory. Streamed answers (snapshot saves, the agent's log monitor) are not
		 * bounded: the caller reads them.
		 * @param size the maximum, from 1 KiB to 1 GiB
		 * @return this builder
		 */
		public Builder maxAnswerSize(DataSize size) {
			if (size.toBytes() < MIN_ANSWER_SIZE.toBytes() || size.toBytes() > MAX_ANSWER_SIZE.toBytes()) {
				throw new IllegalArgumentException(
						"The maximum answer size must be from 1KB to 1GB, not " + size.toBytes() + " bytes");
			}
			this.maxAnswerSize = size;
			return this;
		}

		/**
		 * Send through a JDK {@code HttpClient} shared with other {@code Consul} clients,
		 * instead of one of this client's own: one selector thread and one connection
		 * pool for all of them (an application with a client per agent host, for
		 * example). {@link Consul#close()} leaves it open: its owner closes it (JDK 21+)
		 * after the last client that uses it. Its connect timeout, TLS context and proxy
		 * are the ones that apply, not this builder's: make it with
		 * {@link #buildHttpClient()} so that they are.
		 * @param client an HTTP/1.1 client that does not follow redirects
		 * @return this builder
		 */
		public Builder httpClient(HttpClient client) {
			if (client.version() != HttpClient.Version.HTTP_1_1
					|| client.followRedirects() != HttpClient.Redirect.NEVER) {
				throw new IllegalArgumentException("A Consul client needs an HTTP/1.1 client that does not follow"
						+ " redirects (buildHttpClient() makes one), not " + client.version() + " with redirects "
						+ client.followRedirects());
			}
			this.httpClient = client;
			return this;
		}

		/**
		 * A JDK {@code HttpClient} with this builder's connect timeout and TLS settings,
		 * to share between clients with {@link #httpClient}. The caller owns it and
		 * closes it (JDK 21+) when the last client that uses it is closed.
		 * @return a new HTTP client
		 */
		public HttpClient buildHttpClient() {
			return Transport.newHttpClient(this.connectTimeout, sslContext());
		}

		/**
		 * Build the client.
		 * @return the client
		 */
		public Consul build() {
			List<String> raw = this.addresses.isEmpty() ? List.of("127.0.0.1:8500") : this.addresses;
			List<URI> uris = raw.stream().map(this::toUri).toList();
			Settings settings = new Settings(uris, this.token, this.tokenInQuery, this.datacenter, this.consistency,
					this.connectTimeout, this.readTimeout, this.defaultWait, this.blockingMargin, sslContext(),
					this.observer, this.maxAnswerSize.toBytes(), this.httpClient);
			return new Consul(settings, this.snapshotTimeout, this.asyncExecutor);
		}

		private @Nullable SSLContext sslContext() {
			if (this.sslContext == null && (this.trustStore != null || this.keyStore != null)) {
				return tls();
			}
			return this.sslContext;
		}

		private URI toUri(String address) {
			String value = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
			if (value.startsWith("unix://")) {
				throw new IllegalArgumentException("Unix socket addresses are not supported (" + address
						+ "): this client speaks HTTP over TCP only; give the agent an HTTP address");
			}
			if (!value.contains("://")) {
				value = (this.https ? "https://" : "http://") + value;
			}
			URI uri;
			try {
				uri = URI.create(value);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Not a Consul address: " + address + " (" + ex.getMessage() + ")"
						+ (value.contains("[") && value.contains("%")
								? "; an IPv6 zone id may also be given as the interface's index" : ""),
						ex);
			}
			if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
				throw new IllegalArgumentException("Not a Consul address: " + address);
			}
			String host = bareZone(uri.getHost());
			if (uri.getPort() == -1) {
				int port = uri.getScheme().equals("https") ? 8501 : 8500;
				uri = URI.create(uri.getScheme() + "://" + host + ":" + port);
			}
			else if (!host.equals(uri.getHost())) {
				String text = uri.toString();
				int at = text.indexOf(uri.getHost());
				uri = URI.create(text.substring(0, at) + host + text.substring(at + uri.getHost().length()));
			}
			return uri;
		}

		/**
		 * A bracketed IPv6 host with its zone id after a bare {@code %}, the form the
		 * JDK's {@code InetAddress} and {@code HttpClient} read; {@code java.net.URI}
		 * does not decode RFC 6874's {@code %25}, which they would take for part of the
		 * zone. As in curl, {@code %25} is the delimiter only when more follows it.
		 */
		private static String bareZone(String host) {
			int percent = host.indexOf('%');
			if (percent < 0 || !host.startsWith("25", percent + 1) || host.length() - percent <= 4) {
				return host;
			}
			return host.substring(0, percent + 1) + host.substring(percent + 3);
		}

		private SSLContext tls() {
			try {
				TrustManagerFactory trust = null;
				if (this.trustStore != null) {
					trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
					trust.init(this.trustStore);
				}
				KeyManagerFactory keys = null;
				if (this.keyStore != null) {
					keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
					keys.init(this.keyStore, this.keyPassword);
				}
				SSLContext context = SSLContext.getInstance("TLS");
				context.init((keys != null) ? keys.getKeyManagers() : null,
						(trust != null) ? trust.getTrustManagers() : null, null);
				return context;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalArgumentException("Could not set up TLS for Consul", ex);
			}
		}

		private static KeyStore load(Path path, @Nullable String password) {
			try {
				return KeyStore.getInstance(path.toFile(), (password != null) ? password.toCharArray() : null);
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new IllegalArgumentException("Could not read the key store " + path, ex);
			}
		}

		private static Duration positive(Duration value, String what) {
			if (value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException("The " + what + " must be positive, not " + value);
			}
			return value;
		}

	}

}
