package io.cairn.consul;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resolves an agent's host to all its addresses within the time a connect may take. A
 * name lookup ({@link InetAddress#getAllByName}) can block for many seconds (a resolver
 * that does not answer is retried per its own settings) and ignores interrupts and socket
 * timeouts, so names are looked up on a small shared pool of daemon threads while the
 * caller waits on the result at most until its budget runs out. IP literals are parsed on
 * the calling thread: there is nothing to wait for, and a hand-off would cost every new
 * connection to an agent given by address a thread switch.
 * <p>
 * Concurrent lookups of one name share one task: the JDK lets a single thread look up a
 * given name at a time anyway, so without this a name whose lookup hangs would take every
 * thread of the pool and starve the lookups of other names.
 */
final class AddressResolver {

	/**
	 * Lookup threads: enough for a few names hanging at once (each hanging name holds one
	 * thread); they end after a while unused.
	 */
	private static final int THREADS = 4;

	private static final Executor LOOKUPS = lookupThreads();

	/** The JDK's resolver, on the shared lookup threads. */
	static final AddressResolver SYSTEM = new AddressResolver(InetAddress::getAllByName);

	private final Lookup lookup;

	private final Executor executor;

	private final ConcurrentMap<String, CompletableFuture<InetAddress[]>> pending = new ConcurrentHashMap<>();

	/**
	 * Create a resolver running its lookups on the shared lookup threads.
	 * @param lookup the name lookup
	 */
	AddressResolver(Lookup lookup) {
		this(lookup, LOOKUPS);
	}

	/**
	 * Create a resolver.
	 * @param lookup the name lookup
	 * @param executor where names are looked up
	 */
	AddressResolver(Lookup lookup, Executor executor) {
		this.lookup = lookup;
		this.executor = executor;
	}

	private static Executor lookupThreads() {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 10, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (runnable) -> {
					Thread thread = new Thread(runnable, "consul-dns-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/**
	 * The addresses of a host, in the order the lookup gave them.
	 * @param host a name or an IP literal (IPv6 without brackets, with its zone id if
	 * any)
	 * @param budgetMillis how long the caller may wait for a name's lookup
	 * @throws UnknownHostException when the host has no address
	 * @throws ConnectException when the lookup outlasts the budget
	 * @throws InterruptedIOException when the caller is interrupted while waiting
	 * @throws IOException when the lookup fails otherwise
	 */
	InetAddress[] resolve(String host, int budgetMillis) throws IOException {
		if (isLiteral(host)) {
			return checked(host, this.lookup.lookup(host));
		}
		CompletableFuture<InetAddress[]> answer = this.pending.get(host);
		if (answer == null) {
			CompletableFuture<InetAddress[]> mine = new CompletableFuture<>();
			answer = this.pending.putIfAbsent(host, mine);
			if (answer == null) {
				answer = mine;
				start(host, mine);
			}
		}
		try {
			return checked(host, answer.get(budgetMillis, TimeUnit.MILLISECONDS));
		}
		catch (TimeoutException ex) {
			// Left running: its answer fills the JDK's cache for the next call.
			ConnectException timedOut = new ConnectException(
					"lookup of " + host + " timed out after " + budgetMillis + " ms");
			timedOut.initCause(ex);
			throw timedOut;
		}
		catch (InterruptedException ex) {
			// The interrupt is the caller's to see (a closed watch ends on it).
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while looking up " + host);
		}
		catch (ExecutionException ex) {
			// A new exception per caller: the lookup's may be thrown to several callers.
			Throwable cause = ex.getCause();
			IOException failure = (cause instanceof UnknownHostException) ? new UnknownHostException(cause.getMessage())
					: new IOException("lookup of " + host + " failed");
			failure.initCause(cause);
			throw failure;
		}
	}

	private void start(String host, CompletableFuture<InetAddress[]> answer) {
		try {
			this.executor.execute(() -> {
				try {
					answer.complete(this.lookup.lookup(host));
				}
				catch (Throwable ex) {
					answer.completeExceptionally(ex);
				}
				finally {
					// The next connect looks up again: the JDK's cache decides
					// how long an answer holds.
					this.pending.remove(host, answer);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.pending.remove(host, answer);
			answer.completeExceptionally(ex);
		}
	}

	private static InetAddress[] checked(String host, InetAddress[] addresses) throws UnknownHostException {
		if (addresses.length == 0) {
			throw new UnknownHostException(host);
		}
		return addresses;
	}

	/**
	 * Whether a host is an IP literal the lookup only parses: an IPv6 address (a URI's
	 * host has a colon only in one) or a dotted quad. Other all-digit forms go through
	 * the pool: the JDK reads some as IPv4 ({@code 127.1}), but looks the others up as
	 * names ({@code 1.2.3.456}), which can block.
	 */
	static boolean isLiteral(String host) {
		if (host.indexOf(':') >= 0) {
			return true;
		}
		int dots = 0;
		int digits = 0;
		int value = 0;
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			if (c == '.' && digits > 0) {
				dots++;
				digits = 0;
				value = 0;
			}
			else if (c >= '0' && c <= '9' && digits < 3) {
				digits++;
				value = value * 10 + (c - '0');
				if (value > 255) {
					return false;
				}
			}
			else {
				return false;
			}
		}
		return dots == 3 && digits > 0;
	}

	/** Looks up the addresses of a host, as {@link InetAddress#getAllByName}. */
	@FunctionalInterface
	interface Lookup {

		InetAddress[] lookup(String host) throws UnknownHostException;

	}

}
