package io.cairn.consul;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
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
 * The connect and the handshake are each bounded by the connect timeout and the
 * exchange's deadline. Every failure (refused, unknown host, connect timeout, handshake)
 * is a {@link java.net.ConnectException}, which {@link Transport} fails over to the next
 * address for.
 */
final class SocketConnector {

	private final int connectTimeoutMillis;

	private final @Nullable SSLContext sslContext;

	private volatile @Nullable SSLSocketFactory sslSocketFactory;

	/**
	 * Create the connector.
	 * @param connectTimeout the TCP (and TLS handshake) connect timeout
	 * @param sslContext the TLS context, {@code null} for the JVM's default
	 */
	SocketConnector(Duration connectTimeout, @Nullable SSLContext sslContext) {
		this.connectTimeoutMillis = ConsulHttpRequestFactory.millis(connectTimeout);
		this.sslContext = sslContext;
	}

	/**
	 * Open a connection to the route's address, watched by the {@link Watchdog} for the
	 * exchange from now on.
	 */
	SocketConnection connect(SocketRoute route, Duration timeout, long deadline) throws IOException {
		Socket raw = new Socket();
		SocketConnection connection = new SocketConnection(route, raw);
		connection.watchExchange(deadline);
		try {
			int connectMillis = connectMillis(this.connectTimeoutMillis,
					TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
			raw.setTcpNoDelay(true);
			InetSocketAddress address = new InetSocketAddress(route.host, route.port);
			if (address.isUnresolved()) {
				throw new UnknownHostException(route.host);
			}
			raw.connect(address, connectMillis);
			Socket socket = raw;
			if (route.tls) {
				socket = handshake(raw, route, connectMillis);
			}
			connection.connected(socket);
			return connection;
		}
		catch (IOException ex) {
			IOException watchdog = connection.finishFailed(timeout, ex);
			connection.discard();
			throw (watchdog != null) ? watchdog : ConsulHttpRequestFactory.connectFailure(ex);
		}
		catch (RuntimeException ex) {
			// A port out of range or a security manager's refusal: the connection must
			// still leave the watchdog's in-flight set, or it is kept there for good.
			connection.finishFailed(timeout, ex);
			connection.discard();
			throw ex;
		}
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
