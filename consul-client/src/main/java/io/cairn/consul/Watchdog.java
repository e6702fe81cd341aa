package io.cairn.consul;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Closes the connection of an exchange whose caller was interrupted or whose deadline
 * passed. Socket reads ignore interrupts on JDK 17, yet {@code ConsulWatch.close()}, the
 * lock and leader election interrupt their threads to end a blocking query: closing the
 * socket is the only way to end such a read at once.
 * <p>
 * One daemon thread per JVM scans the calls in flight every 50 ms. Registering a call is
 * a set insertion: no timer task and no thread wake-up per call (a scheduled task per
 * call woke the timer thread every time and cost a context switch on small machines).
 * Both transports use it: {@link UrlConnectionExchanges} until the status line is in,
 * {@link SocketExchanges} for the whole exchange.
 */
abstract class Watchdog {

	private static final Set<Watchdog> IN_FLIGHT = ConcurrentHashMap.newKeySet();

	private static final Set<Runnable> CHORES = ConcurrentHashMap.newKeySet();

	private static final int ACTIVE = 0;

	private static final int DONE = 1;

	private static final int TIMED_OUT = 2;

	private static final int INTERRUPTED = 3;

	static {
		Thread thread = new Thread(Watchdog::watch, "consul-http-watchdog");
		thread.setDaemon(true);
		thread.start();
	}

	private Thread caller = Thread.currentThread();

	private long deadline;

	private int state = DONE;

	/**
	 * Close the connection; called by the watchdog thread, so it must end the caller's
	 * blocked connect, write or read.
	 */
	protected abstract void abort();

	/**
	 * Run a chore about once a second on the watchdog thread (idle connection eviction),
	 * until {@link #stopChore(Runnable)}.
	 */
	static void startChore(Runnable chore) {
		CHORES.add(chore);
	}

	static void stopChore(Runnable chore) {
		CHORES.remove(chore);
	}

	/** The calls watched now; for tests that check none is left behind. */
	static Set<Watchdog> inFlight() {
		return Set.copyOf(IN_FLIGHT);
	}

	/**
	 * Watch the calling thread's exchange until {@link #finish()}.
	 * @param deadline the {@link System#nanoTime()} after which the connection is closed
	 */
	final void watch(long deadline) {
		synchronized (this) {
			this.caller = Thread.currentThread();
			this.deadline = deadline;
			this.state = ACTIVE;
		}
		IN_FLIGHT.add(this);
	}

	private static void watch() {
		long ticks = 0;
		while (true) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				return;
			}
			long now = System.nanoTime();
			for (Watchdog call : IN_FLIGHT) {
				call.check(now);
			}
			if (++ticks % 20 == 0) {
				for (Runnable chore : CHORES) {
					try {
						chore.run();
					}
					catch (RuntimeException ex) {
						// a chore must not stop the watchdog
					}
				}
			}
		}
	}

	private synchronized void check(long now) {
		if (this.state != ACTIVE) {
			return;
		}
		if (now - this.deadline > 0) {
			this.state = TIMED_OUT;
		}
		else if (this.caller.isInterrupted()) {
			this.state = INTERRUPTED;
		}
		else {
			return;
		}
		try {
			abort();
		}
		catch (RuntimeException ex) {
			// closing is all that matters
		}
	}

	/**
	 * Stop watching.
	 * @return whether the exchange ended on its own, {@code false} when the watchdog
	 * closed its connection
	 */
	final boolean finish() {
		return finishState() == DONE;
	}

	private int finishState() {
		int outcome;
		synchronized (this) {
			outcome = this.state;
			this.state = DONE;
		}
		IN_FLIGHT.remove(this);
		return (outcome == ACTIVE) ? DONE : outcome;
	}

	/**
	 * Stop watching a failed exchange and return the exception to throw: the watchdog's
	 * reason when it closed the connection, otherwise the failure itself.
	 */
	final IOException failed(Exception ex, Duration timeout) {
		IOException watchdog = finishFailed(timeout, ex);
		if (watchdog != null) {
			return watchdog;
		}
		if (ex instanceof IOException io) {
			return (io instanceof SocketTimeoutException) ? ConsulHttpRequestFactory.timedOut(timeout, io) : io;
		}
		// HttpURLConnection wraps some I/O failures in runtime exceptions
		return new IOException(ex.getMessage(), ex);
	}

	/**
	 * Stop watching a failed exchange.
	 * @return the exception to throw when the watchdog closed the connection (interrupt
	 * or deadline), {@code null} when the failure is the exchange's own
	 */
	final @Nullable IOException finishFailed(Duration timeout, @Nullable Exception cause) {
		int outcome = finishState();
		if (outcome == INTERRUPTED) {
			InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for Consul");
			if (cause != null) {
				interrupted.initCause(cause);
			}
			return interrupted;
		}
		if (outcome == TIMED_OUT) {
			return ConsulHttpRequestFactory.timedOut(timeout, (cause instanceof IOException io) ? io : null);
		}
		return null;
	}

	/**
	 * Stop watching an exchange the watchdog may have closed, and throw if it did.
	 */
	final void finishOrThrow(Duration timeout) throws IOException {
		IOException watchdog = finishFailed(timeout, null);
		if (watchdog != null) {
			throw watchdog;
		}
	}

}
