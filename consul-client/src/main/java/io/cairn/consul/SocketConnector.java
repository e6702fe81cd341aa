package io.cairn.consul;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

/**
 * Opens the socket transport's connections: TCP with TCP_NODELAY, then for {@code https}
 * an {@link SSLSocket} layered on it from the client's {@link SSLContext} (or the JVM's
 * default), with the host name checked ({@code HTTPS} endpoint identification) and SNI.
 * <p>
 * The host is resolved to all its addresses by the {@link AddressResolver}, a name's
 * lookup bounded like a connect, and the addresses are tried in order until one accepts:
 * one that refuses, is unreachable or does not answer in its share of the time moves to
 * the next. The lookup, each connect and the handshake are bounded by the connect timeout
 * and the exchange's deadline. Every failure (refused, unknown host, lookup or connect
 * timeout, handshake) is a {@link java.net.ConnectException}, which {@link Transport}
 * fails over to the next agent address for.
 */
final class SocketConnector {

	/**
	 * The least time an address gets when several remain and the time left is shared
	 * between them, as Go's dialer does: more than Linux's first SYN retransmission
	 * (after one second), so one lost packet does not cut a connect that would have
	 * succeeded.
	 */
	private static final long MIN_SHARE_MILLIS = 2_000;

	private final int connectTimeoutMillis;

	private final @Nullable SSLContext sslContext;

	private final AddressResolver resolver;

	private volatile @Nullable SSLSocketFactory sslSocketFactory;

	/**
	 * Create the connector.
	 * @param connectTimeout the TCP (and TLS handshake) connect timeout, which also
	 * bounds a name's lookup
	 * @param sslContext the TLS context, {@code null} for the JVM's default
	 * @param resolver resolves agent hosts to their addresses
	 */
	SocketConnector(Duration connectTimeout, @Nullable SSLContext sslContext, AddressResolver resolver) {
		this.connectTimeoutMillis = ConsulHttpRequestFactory.millis(connectTimeout);
		this.sslContext = sslContext;
		this.resolver = resolver;
	}

	/**
	 * Open a connection to one of the route's addresses, watched by the {@link Watchdog}
	 * for the exchange from now on.
	 */
	SocketConnection connect(SocketRoute route, Duration timeout, long deadline) throws IOException {
		InetAddress[] addresses = resolve(route, deadline);
		ConnectException failure = null;
		for (int i = 0; i < addresses.length; i++) {
			long remaining = remainingMillis(deadline);
			if (failure != null && (remaining <= 0 || Thread.currentThread().isInterrupted())) {
				// no time left for the next address, or the caller gave up
				break;
			}
			Socket raw = new Socket();
			SocketConnection connection = new SocketConnection(route, raw);
			connection.watchExchange(deadline);
			try {
				raw.setTcpNoDelay(true);
				raw.connect(new InetSocketAddress(addresses[i], route.port),
						attemptMillis(this.connectTimeoutMillis, remaining, addresses.length - i));
			}
			catch (IOException ex) {
				IOException watchdog = abandon(connection, timeout, ex);
				if (watchdog != null) {
					// interrupted, or past the deadline: no other address either
					throw watchdog;
				}
				ConnectException next = ConsulHttpRequestFactory.connectFailure(ex);
				if (failure == null) {
					failure = next;
				}
				else {
					failure.addSuppressed(next);
				}
				continue;
			}
			catch (RuntimeException ex) {
				abandon(connection, timeout, ex);
				throw ex;
			}
			return secure(connection, raw, route, timeout, deadline);
		}
		throw failure;
	}

	/**
	 * The route's addresses. Nothing is watched yet: a lookup is waited for with a
	 * timeout, and the wait ends on an interrupt by itself.
	 */
	private InetAddress[] resolve(SocketRoute route, long deadline) throws IOException {
		try {
			return this.resolver.resolve(route.host,
					connectMillis(this.connectTimeoutMillis, remainingMillis(deadline)));
		}
		catch (InterruptedIOException ex) {
			// The caller was interrupted: not a connect failure, so no other agent
			// address is tried.
			throw ex;
		}
		catch (IOException ex) {
			// Unknown host, or a lookup that outlasted its budget: the resolver reports
			// that as a ConnectException, as a connect that times out is here, since
			// nothing was sent and the next agent address may well answer.
			throw ConsulHttpRequestFactory.connectFailure(ex);
		}
	}

	/**
	 * Finish a connected socket: the TLS handshake for {@code https}, bounded by the
	 * connect timeout and the deadline. A handshake failure does not move to the host's
	 * next address: it would most likely fail there too, after another connect.
	 */
	private SocketConnection secure(SocketConnection connection, Socket raw, SocketRoute route, Duration timeout,
			long deadline) throws IOException {
		try {
			Socket socket = raw;
			if (route.tls) {
				socket = handshake(raw, route, connectMillis(this.connectTimeoutMillis, remainingMillis(deadline)));
			}
			connection.connected(socket);
			return connection;
		}
		catch (IOException ex) {
			IOException watchdog = abandon(connection, timeout, ex);
			throw (watchdog != null) ? watchdog : ConsulHttpRequestFactory.connectFailure(ex);
		}
		catch (RuntimeException ex) {
			abandon(connection, timeout, ex);
			throw ex;
		}
	}

	/**
	 * Close a connection that failed to open. It must leave the watchdog's in-flight set
	 * whatever the failure (a runtime one included: a port out of range, a security
	 * manager's refusal), or it is kept there for good.
	 * @return the exception to throw when the watchdog closed the connection (interrupt
	 * or deadline), {@code null} when the failure is the connect's own
	 */
	private static @Nullable IOException abandon(SocketConnection connection, Duration timeout, Exception ex) {
		IOException watchdog = connection.finishFailed(timeout, ex);
		connection.discard();
		return watchdog;
	}

	private static long remainingMillis(long deadline) {
		return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
	}

	/**
	 * The time the connect (and handshake) may take: the connect timeout, never past the
	 * exchange's deadline, and never below 1 ms (0 would mean no limit to the socket).
	 * @param connectTimeoutMillis the configured connect timeout, 0 for no limit
	 * @param remainingMillis the time left until the exchange's deadline
	 */
	static int connectMillis(int connectTimeoutMillis, long remainingMillis) {
		long limit = (connectTimeoutMillis == 0) ? remainingMillis : Math.min(connectTimeoutMillis, remainingMillis);
		return (int) Math.max(1, Math.min(limit, Integer.MAX_VALUE));
	}

	/**
	 * The time the connect to one of a host's addresses may take when {@code left}
	 * addresses remain to try, this one included: as {@link #connectMillis}, but no more
	 * than an equal share of the time left (and at least {@value #MIN_SHARE_MILLIS} ms of
	 * it), so an address that swallows packets leaves time for the next.
	 * @param connectTimeoutMillis the configured connect timeout, 0 for no limit
	 * @param remainingMillis the time left until the exchange's deadline
	 * @param left the addresses left to try, at least 1
	 */
	static int attemptMillis(int connectTimeoutMillis, long remainingMillis, int left) {
		long share = Math.max(remainingMillis / left, Math.min(MIN_SHARE_MILLIS, remainingMillis));
		return connectMillis(connectTimeoutMillis, share);
	}

	private SSLSocket handshake(Socket raw, SocketRoute route, int connectMillis) throws IOException {
		SSLSocket tls = (SSLSocket) sslSocketFactory().createSocket(raw, route.host, route.port, true);
		SSLParameters parameters = tls.getSSLParameters();
		// The host name is checked against the certificate, as browsers do.
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		if (!isIpLiteral(route.host)) {
			// Set explicitly: the JDK sets SNI only for names with a dot (not localhost).
			try {
				parameters.setServerNames(List.of(new SNIHostName(route.host)));
			}
			catch (IllegalArgumentException ex) {
				// not a name SNI can carry: the handshake goes without
			}
		}
		tls.setSSLParameters(parameters);
		tls.setSoTimeout(connectMillis);
		tls.startHandshake();
		return tls;
	}

	private SSLSocketFactory sslSocketFactory() {
		SSLSocketFactory factory = this.sslSocketFactory;
		if (factory == null) {
			factory = (this.sslContext != null) ? this.sslContext.getSocketFactory()
					: (SSLSocketFactory) SSLSocketFactory.getDefault();
			this.sslSocketFactory = factory;
		}
		return factory;
	}

	private static boolean isIpLiteral(String host) {
		if (host.indexOf(':') >= 0) {
			return true;
		}
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			if (c != '.' && (c < '0' || c > '9')) {
				return false;
			}
		}
		return true;
	}

}
