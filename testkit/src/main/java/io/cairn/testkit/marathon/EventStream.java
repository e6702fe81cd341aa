package io.cairn.testkit.marathon;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One {@code /v2/events} connection: frames wait here until the connection's thread
 * writes them.
 */
final class EventStream {

	static final String CLOSE = "";

	final Set<String> filter;

	final String owner;

	final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

	volatile boolean closed;

	EventStream(Set<String> filter, String owner) {
		this.filter = Set.copyOf(filter);
		this.owner = owner;
	}

	void close() {
		this.closed = true;
		this.frames.offer(CLOSE);
	}

}
