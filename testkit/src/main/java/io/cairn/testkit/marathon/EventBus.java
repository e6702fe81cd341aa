package io.cairn.testkit.marathon;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Marathon's event bus: every published event goes into the history, to each
 * {@code /v2/events} connection whose filter takes it (as a Server-Sent Events frame) and
 * to each callback subscriber. Published under the {@link MarathonState}'s lock, so every
 * stream and subscriber sees one order.
 */
final class EventBus {

	private static final int MAX_HISTORY = 20_000;

	private final MarathonFaults faults;

	private final CallbackSubscriptions subscriptions;

	private final List<EventStream> streams = new CopyOnWriteArrayList<>();

	// A deque: dropping the oldest of 20,000 events from a list moved the other 19,999,
	// at every event once full (a benchmark's 100,000 tasks publish 300,000 events).
	private final ArrayDeque<PublishedEvent> history = new ArrayDeque<>();

	private final AtomicLong published = new AtomicLong();

	EventBus(MarathonFaults faults, CallbackSubscriptions subscriptions) {
		this.faults = faults;
		this.subscriptions = subscriptions;
	}

	void publish(String type, String json) {
		this.published.incrementAndGet();
		synchronized (this.history) {
			if (this.history.size() >= MAX_HISTORY) {
				this.history.removeFirst();
			}
			this.history.add(new PublishedEvent(type, json));
		}
		if (this.faults.loseEvents) {
			return;
		}
		// One data line per line of the JSON, as Server-Sent Events encode a multi-line
		// payload (Marathon's own JSON has none; a test's recorded example may).
		StringBuilder frame = new StringBuilder("event: ").append(type).append('\n');
		for (String line : json.split("\r\n|\r|\n", -1)) {
			frame.append("data: ").append(line).append('\n');
		}
		frame.append('\n');
		for (EventStream stream : this.streams) {
			if (stream.filter.isEmpty() || stream.filter.contains(type)) {
				stream.frames.offer(frame.toString());
			}
		}
		this.subscriptions.deliver(json);
	}

	void attach(EventStream stream) {
		this.streams.add(stream);
	}

	/**
	 * Take a stream off the bus.
	 * @return whether it was on it
	 */
	boolean detach(EventStream stream) {
		return this.streams.remove(stream);
	}

	int streamCount() {
		return this.streams.size();
	}

	/** Close the streams of one instance ({@code host:port}), or all of them. */
	void dropStreams(@Nullable String owner) {
		for (EventStream stream : this.streams) {
			if (owner == null || owner.equals(stream.owner)) {
				stream.close();
			}
		}
	}

	long publishedCount() {
		return this.published.get();
	}

	List<PublishedEvent> history() {
		synchronized (this.history) {
			return List.copyOf(this.history);
		}
	}

}
