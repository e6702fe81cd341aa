package io.cairn.consul;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The idle kept-alive connections to one agent address, most recently used first. There
 * is no limit on connections in use; at most {@value #MAX_IDLE} idle ones are kept, each
 * for the idle timeout (agents close idle keep-alive connections after their own
 * timeout). Expired connections are closed when the next call takes one and by
 * {@link IdleConnectionEvictor}.
 */
final class IdleConnectionPool {

	/** Idle connections kept at most; more are closed when released. */
	private static final int MAX_IDLE = 32;

	private final ArrayDeque<SocketConnection> idle = new ArrayDeque<>();

	private final long idleNanos;

	IdleConnectionPool(long idleNanos) {
		this.idleNanos = idleNanos;
	}

	/** The most recently used connection still within the idle timeout, if any. */
	@Nullable SocketConnection acquire() {
		long now = System.nanoTime();
		List<SocketConnection> expired = null;
		SocketConnection found = null;
		synchronized (this) {
			SocketConnection connection;
			while ((connection = this.idle.pollFirst()) != null) {
				if (now - connection.idleSince < this.idleNanos) {
					found = connection;
					break;
				}
				// the most recent one expired: so did every older one
				expired = new ArrayList<>(this.idle);
				expired.add(connection);
				this.idle.clear();
			}
		}
		if (expired != null) {
			expired.forEach(SocketConnection::discard);
		}
		return found;
	}

	/** Keep a connection whose answer was read to the end, or close it when full. */
	void release(SocketConnection connection) {
		connection.idleSince = System.nanoTime();
		synchronized (this) {
			if (this.idle.size() < MAX_IDLE) {
				this.idle.addFirst(connection);
				return;
			}
		}
		connection.discard();
	}

	/**
	 * Close the connections idle since before {@code now - idle timeout}, all of them for
	 * {@code Long.MAX_VALUE}.
	 */
	void evict(long now) {
		List<SocketConnection> expired = null;
		synchronized (this) {
			SocketConnection oldest;
			while ((oldest = this.idle.peekLast()) != null
					&& (now == Long.MAX_VALUE || now - oldest.idleSince >= this.idleNanos)) {
				this.idle.pollLast();
				if (expired == null) {
					expired = new ArrayList<>();
				}
				expired.add(oldest);
			}
		}
		if (expired != null) {
			expired.forEach(SocketConnection::discard);
		}
	}

}
