package io.cairn.testkit.consul;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.cairn.duration.GoDuration;

/**
 * The simulated servers' Raft log, shared by every API area: one index that every write
 * advances, and one lock (this object's monitor) that all state is read and written
 * under, so that a transaction or a session's end changes several areas at once as Raft
 * applies one entry. Blocking queries wait on it and every write wakes them, as Consul's
 * watch sets do.
 */
final class RaftLog {

	private final ConsulSimulator.Settings settings;

	private long index;

	private boolean closed;

	RaftLog(ConsulSimulator.Settings settings) {
		this.settings = settings;
	}

	/** Start again from the index a fresh dev agent has. */
	long reset() {
		this.index = 10;
		return next();
	}

	/** Append an entry: the index of the write. */
	long next() {
		return ++this.index;
	}

	long index() {
		return this.index;
	}

	/** Go back to an earlier index (a rolled-back transaction, a snapshot restore). */
	void restore(long index) {
		this.index = index;
	}

	/** Wake every blocking query: something changed. */
	void changed() {
		notifyAll();
	}

	synchronized void close() {
		this.closed = true;
		notifyAll();
	}

	synchronized void open() {
		this.closed = false;
	}

	synchronized boolean isClosed() {
		return this.closed;
	}

	/**
	 * Answer a read, blocking as Consul does when it carries {@code ?index}: compute it
	 * again on every change until its index moves past the client's (or differs from it,
	 * for an opaque index), the wait runs out or the agent stops.
	 */
	ApiResponse blocking(ApiRequest r, Supplier<ApiResponse> compute) throws InterruptedException {
		ApiResponse response = compute.get();
		long min = r.minIndex();
		if (min > 0 && response.index != null && response.status == 200) {
			long deadline = System.nanoTime() + waitNanos(r);
			while ((response.opaqueIndex ? response.index == min : response.index <= min) && !this.closed) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					break;
				}
				TimeUnit.NANOSECONDS.timedWait(this, remaining);
				response = compute.get();
			}
		}
		return response;
	}

	/**
	 * Wait for a change, at most until the deadline.
	 * @return {@code false} when the deadline passed or the agent stopped
	 */
	boolean awaitChange(long deadlineNanos) throws InterruptedException {
		long remaining = deadlineNanos - System.nanoTime();
		if (remaining <= 0 || this.closed) {
			return false;
		}
		TimeUnit.NANOSECONDS.timedWait(this, remaining);
		return true;
	}

	/**
	 * The wait of a blocking query: its {@code wait} (5 minutes, at most 10) plus jitter.
	 */
	long waitNanos(ApiRequest r) {
		String wait = r.param("wait");
		long nanos = (wait != null) ? GoDuration.parse(wait).toNanos() : Duration.ofMinutes(5).toNanos();
		nanos = Math.min(nanos, Duration.ofMinutes(10).toNanos());
		if (this.settings.jitter() && nanos >= 16) {
			nanos += ThreadLocalRandom.current().nextLong(nanos / 16);
		}
		return nanos;
	}

}
