package io.cairn.consul;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpResponse;

/**
 * The default transport: HTTP/1.1 exchanges on plain {@link java.net.Socket}s and
 * {@link javax.net.ssl.SSLSocket}s, written and read by the calling thread, over a
 * per-client pool of kept-alive connections. It speaks the part of HTTP/1.1 a Consul
 * agent uses and checks the rest. This class runs an exchange on a route; the parts are:
 * <ul>
 * <li>{@link SocketRoute}: one agent address, whether a proxy applies to it, and its
 * {@link IdleConnectionPool} (closed after {@value #IDLE_SECONDS} s idle, also by the
 * {@link IdleConnectionEvictor});</li>
 * <li>{@link SocketConnector}: TCP and TLS connects to the addresses the
 * {@link AddressResolver} gives; {@link SocketConnection}: a connection, its buffer and
 * its deadline-bounded reads;</li>
 * <li>{@link RequestHeadWriter}: the request head; {@link AnswerHeadParser}: the answer's
 * head and framing, giving a {@link SocketAnswer} whose body is a
 * {@link FixedLengthAnswer}, {@link ChunkedAnswer}, {@link ReadToCloseAnswer} or
 * {@link BodilessAnswer}.</li>
 * </ul>
 * A read (GET), or a write marked resendable (one whose second application changes
 * nothing), that fails on a reused connection before any byte of the answer came is sent
 * once more on a new connection: the agent closed the idle connection as we sent, or
 * restarted since. Other writes are never sent twice, timeouts and interrupts never
 * retried.
 * <p>
 * Proxies are not spoken: {@link ConsulHttpRequestFactory} sends exchanges to an address
 * a proxy applies to through {@link UrlConnectionExchanges}.
 */
final class SocketExchanges {

	private static final int IDLE_SECONDS = 5;

	static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(IDLE_SECONDS);

	private final SocketConnector connector;

	private final long idleNanos;

	private volatile SocketRoute[] routes = new SocketRoute[0];

	private final Runnable evictor;

	/**
	 * Create the transport.
	 * @param connectTimeout the TCP (and TLS handshake) connect timeout
	 * @param sslContext the TLS context, {@code null} for the JVM's default
	 * @param idleNanos how long an idle connection is kept
	 * @param resolver resolves agent hosts to their addresses
	 */
	SocketExchanges(Duration connectTimeout, @Nullable SSLContext sslContext, long idleNanos,
			AddressResolver resolver) {
		this.connector = new SocketConnector(connectTimeout, sslContext, resolver);
		this.idleNanos = idleNanos;
		this.evictor = new IdleConnectionEvictor(this);
		Watchdog.startChore(this.evictor);
	}

	/**
	 * The route to an address: its pool, and whether a proxy applies to it (asked of the
	 * JVM's {@code ProxySelector} once per address).
	 */
	SocketRoute route(URI uri) {
		String scheme = uri.getScheme();
		String authority = uri.getRawAuthority();
		for (SocketRoute route : this.routes) {
			if (route.serves(scheme, authority)) {
				return route;
			}
		}
		synchronized (this) {
			SocketRoute[] known = this.routes;
			for (SocketRoute route : known) {
				if (route.serves(scheme, authority)) {
					return route;
				}
			}
			SocketRoute route = new SocketRoute(uri, this.idleNanos);
			SocketRoute[] more = Arrays.copyOf(known, known.length + 1);
			more[known.length] = route;
			this.routes = more;
			return route;
		}
	}

	/**
	 * Close the idle connections. The client keeps working: a later call opens a new
	 * connection (a {@code Consul} closed before its watches or keepers stop is still
	 * used by them).
	 */
	void close() {
		for (SocketRoute route : this.routes) {
			route.pool.evict(Long.MAX_VALUE);
		}
	}

	void evictIdle() {
		long now = System.nanoTime();
		for (SocketRoute route : this.routes) {
			route.pool.evict(now);
		}
	}

	/**
	 * Run one exchange.
	 */
	ClientHttpResponse execute(SocketRoute route, URI uri, HttpMethod method, HttpHeaders headers,
			StreamingHttpOutputMessage.@Nullable Body body, Duration timeout, long deadline, boolean resendable)
			throws IOException {
		byte[] content = ConsulHttpRequestFactory.bodyBytes(body);
		SocketConnection connection = route.pool.acquire();
		boolean reused = connection != null;
		while (true) {
			if (connection == null) {
				connection = this.connector.connect(route, timeout, deadline);
			}
			else {
				connection.watchExchange(deadline);
			}
			try {
				connection.send(uri, method, headers, content);
				return connection.receive(method, timeout, deadline);
			}
			catch (IOException | RuntimeException ex) {
				IOException failure = connection.failed(ex, timeout);
				connection.discard();
				if (ex instanceof RuntimeException runtime) {
					// an invalid header: nothing useful was sent
					throw runtime;
				}
				if (reused && failure == ex && !(ex instanceof SocketTimeoutException) && resendable
						&& connection.received == 0 && !Thread.currentThread().isInterrupted()) {
					// The agent closed the idle connection as we sent, or restarted
					// since: a read or a repeatable write goes once more, on a new
					// connection.
					reused = false;
					connection = null;
					continue;
				}
				throw failure;
			}
		}
	}

}
