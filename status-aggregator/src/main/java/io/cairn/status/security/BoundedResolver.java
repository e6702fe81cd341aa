package io.cairn.status.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Host name lookups that end by a deadline. The JDK resolver cannot be interrupted: a
 * name in a zone whose servers never answer holds the calling thread for the resolver's
 * whole retry budget, far beyond a poll's deadline. Here each lookup runs on a thread of
 * its own and the caller waits only until its deadline (the poll's, set with
 * {@link #withDeadline}, or a default); lookups of the same name share one call, and at
 * most {@code maxLookups} may wait for DNS at once, beyond which a lookup fails at once
 * instead of queueing behind the stuck ones. IP literals never go through a thread.
 * <p>
 * It wraps an {@link AddressResolver} without being one, so that the application context
 * never offers it as the resolver it wraps (with no test resolver present, Spring would
 * otherwise inject this bean into itself and refuse to start).
 */
public final class BoundedResolver implements AutoCloseable {

	private static final ThreadLocal<@Nullable Long> deadline = new ThreadLocal<>();

	private final AddressResolver delegate;

	private final Duration defaultTimeout;

	private final ThreadPoolTaskExecutor lookups;

	private final Map<String, CompletableFuture<InetAddress[]>> inFlight = new ConcurrentHashMap<>();

	/**
	 * Create the resolver.
	 * @param delegate the resolver that does the lookups
	 * @param maxLookups how many lookups may wait for DNS at once
	 * @param defaultTimeout how long a lookup may take when no deadline is set
	 * @param executors Boot's executor builder (the lookups' threads)
	 */
	public BoundedResolver(AddressResolver delegate, int maxLookups, Duration defaultTimeout,
			ThreadPoolTaskExecutorBuilder executors) {
		this.delegate = delegate;
		this.defaultTimeout = defaultTimeout;
		// No queue: a lookup gets a thread (status-dns-N) at once or fails at once.
		this.lookups = executors.corePoolSize(0)
			.maxPoolSize(maxLookups)
			.queueCapacity(0)
			.keepAlive(Duration.ofSeconds(30))
			.allowCoreThreadTimeOut(false)
			.threadNamePrefix("status-dns-")
			.build();
		this.lookups.setDaemon(true);
		this.lookups.setWaitForTasksToCompleteOnShutdown(false);
		this.lookups.initialize();
	}

	/**
	 * Run a call whose lookups (on this thread) end at a deadline.
	 * @param <T> the call's result
	 * @param <E> what the call throws
	 * @param deadlineNanos the deadline, in {@link System#nanoTime()} terms
	 * @param call the call
	 * @return its result
	 * @throws E what the call throws
	 */
	public static <T, E extends Exception> T withDeadline(long deadlineNanos, Call<T, E> call) throws E {
		Long previous = deadline.get();
		deadline.set(deadlineNanos);
		try {
			return call.call();
		}
		finally {
			deadline.set(previous);
		}
	}

	/**
	 * Resolve a host by this thread's deadline.
	 * @param host a name or an IP literal
	 * @return its addresses
	 * @throws UnknownHostException when it does not resolve in time
	 */
	public InetAddress[] resolve(String host) throws UnknownHostException {
		if (Cidr.isIpLiteral(host)) {
			return this.delegate.resolve(host);
		}
		Long until = deadline.get();
		long remaining = (until != null) ? until - System.nanoTime() : this.defaultTimeout.toNanos();
		if (remaining <= 0) {
			throw new UnknownHostException(host + ": no time left for a DNS lookup");
		}
		CompletableFuture<InetAddress[]> lookup = lookup(host);
		try {
			return lookup.get(remaining, TimeUnit.NANOSECONDS).clone();
		}
		catch (TimeoutException ex) {
			throw new UnknownHostException(host + ": no DNS answer in time");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownHostException unknown) {
				throw unknown;
			}
			UnknownHostException failure = new UnknownHostException(host + ": the lookup failed");
			failure.initCause(ex.getCause());
			throw failure;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnknownHostException(host + ": interrupted");
		}
	}

	private CompletableFuture<InetAddress[]> lookup(String host) {
		CompletableFuture<InetAddress[]> created = new CompletableFuture<>();
		CompletableFuture<InetAddress[]> existing = this.inFlight.putIfAbsent(host, created);
		if (existing != null) {
			return existing;
		}
		try {
			this.lookups.execute(() -> {
				try {
					created.complete(this.delegate.resolve(host));
				}
				catch (Throwable ex) {
					created.completeExceptionally(ex);
				}
				finally {
					this.inFlight.remove(host, created);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.inFlight.remove(host, created);
			created.completeExceptionally(new UnknownHostException(host + ": too many DNS lookups are waiting"));
		}
		return created;
	}

	/**
	 * How many lookups wait for DNS now.
	 * @return the count
	 */
	public int waiting() {
		return this.lookups.getActiveCount();
	}

	@Override
	public void close() {
		this.lookups.shutdown();
	}

	/**
	 * A call that may throw.
	 *
	 * @param <T> its result
	 * @param <E> what it throws
	 */
	@FunctionalInterface
	public interface Call<T, E extends Exception> {

		/**
		 * Make the call.
		 * @return its result
		 * @throws E its failure
		 */
		T call() throws E;

	}

}
