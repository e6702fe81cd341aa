package io.cairn.status.probe;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

import io.cairn.status.security.BoundedResolver;
import io.cairn.status.security.TargetPolicy;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * TCP connects and TLS handshakes to {@code host:port}: the host resolved through the
 * target policy (only its checked addresses are dialled), the lookup and the connect
 * bounded by the poll's deadline, and a timer that closes the socket at the deadline so a
 * server that trickles its handshake cannot hold a poller. TLS checks the certificate
 * chain against the trusted CAs and the host name (as HTTPS does) and reports the leaf
 * certificate's expiry.
 */
final class SocketProbes implements Closeable {

	private final TargetPolicy policy;

	private final Duration connectTimeout;

	private final SSLContext tls;

	private final ThreadPoolTaskScheduler deadlineTimer;

	private final ScheduledExecutorService deadlines;

	SocketProbes(TargetPolicy policy, Duration connectTimeout, SSLContext tls,
			ThreadPoolTaskSchedulerBuilder schedulers) {
		this.policy = policy;
		this.connectTimeout = connectTimeout;
		this.tls = tls;
		this.deadlineTimer = schedulers.poolSize(1).threadNamePrefix("status-probe-deadlines-").build();
		this.deadlineTimer.setDaemon(true);
		// A probe that ends in time cancels its deadline: it leaves the queue at once.
		this.deadlineTimer.setRemoveOnCancelPolicy(true);
		this.deadlineTimer.setWaitForTasksToCompleteOnShutdown(false);
		this.deadlineTimer.initialize();
		this.deadlines = this.deadlineTimer.getScheduledExecutor();
	}

	/**
	 * Connect (and shake hands) once.
	 * @param target {@code tcp://host:port} or {@code tls://host:port}
	 * @param handshake whether to do a TLS handshake
	 * @param deadlineNanos when to give up, in {@link System#nanoTime()} terms
	 * @return what was found
	 * @throws IOException when the target cannot be reached, is refused by the policy
	 * ({@link io.cairn.status.security.ForbiddenTargetException}), or the handshake fails
	 * @throws DeadlineException when the deadline passed
	 */
	Connected connect(URI target, boolean handshake, long deadlineNanos) throws IOException {
		long started = System.nanoTime();
		String host = target.getHost();
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		InetAddress[] addresses = BoundedResolver.withDeadline(deadlineNanos, () -> this.policy.resolve(bare));
		long remaining = remaining(deadlineNanos);
		AtomicBoolean expired = new AtomicBoolean();
		Socket socket = new Socket();
		ScheduledFuture<?> timer = this.deadlines.schedule(() -> {
			expired.set(true);
			closeQuietly(socket);
		}, remaining, TimeUnit.NANOSECONDS);
		try {
			int connectMillis = (int) Math.max(1,
					Math.min(this.connectTimeout.toMillis(), TimeUnit.NANOSECONDS.toMillis(remaining)));
			socket.connect(new InetSocketAddress(addresses[0], target.getPort()), connectMillis);
			X509Certificate leaf = null;
			if (handshake) {
				socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadlineNanos))));
				SSLSocket ssl = (SSLSocket) this.tls.getSocketFactory()
					.createSocket(socket, bare, target.getPort(), true);
				SSLParameters parameters = ssl.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				if (!isIpLiteral(bare)) {
					parameters.setServerNames(java.util.List.of(new SNIHostName(bare)));
				}
				ssl.setSSLParameters(parameters);
				ssl.startHandshake();
				Certificate[] chain = ssl.getSession().getPeerCertificates();
				if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
					leaf = x509;
				}
				closeQuietly(ssl);
			}
			return new Connected(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), leaf);
		}
		catch (IOException ex) {
			if (expired.get() || System.nanoTime() - deadlineNanos >= 0) {
				throw new DeadlineException();
			}
			throw ex;
		}
		finally {
			timer.cancel(false);
			closeQuietly(socket);
		}
	}

	private static boolean isIpLiteral(String host) {
		return host.contains(":") || host.chars().allMatch((c) -> Character.isDigit(c) || c == '.');
	}

	private static long remaining(long deadlineNanos) throws DeadlineException {
		long remaining = deadlineNanos - System.nanoTime();
		if (remaining <= 0) {
			throw new DeadlineException();
		}
		return remaining;
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing at the deadline or after use
		}
	}

	/**
	 * Whole days until a certificate expires, negative once it has.
	 * @param certificate the certificate
	 * @param now the time
	 * @return the days left
	 */
	static long daysLeft(X509Certificate certificate, Instant now) {
		return Math.floorDiv(Duration.between(now, certificate.getNotAfter().toInstant()).toSeconds(), 86_400L);
	}

	@Override
	public void close() {
		this.deadlineTimer.shutdown();
	}

	/**
	 * A connection made.
	 *
	 * @param latencyMillis how long the lookup, connect and handshake took
	 * @param certificate the server's certificate after a handshake, else null
	 */
	record Connected(long latencyMillis, @Nullable X509Certificate certificate) {

	}

	/** The poll's deadline passed. */
	static final class DeadlineException extends SocketTimeoutException {

		DeadlineException() {
			super("no answer within the deadline");
		}

	}

}
