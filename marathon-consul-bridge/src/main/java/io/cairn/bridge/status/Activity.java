package io.cairn.bridge.status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The bridge's recent activity, for the console and the status endpoint: the last events
 * and what was done with them, and the last errors.
 */
public final class Activity {

	private static final int KEEP = 100;

	private final Clock clock;

	private final ArrayDeque<EventEntry> events = new ArrayDeque<>();

	private final ArrayDeque<ErrorEntry> errors = new ArrayDeque<>();

	/**
	 * Create the log.
	 * @param clock the clock stamping entries
	 */
	public Activity(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Note an event.
	 * @param type the event type
	 * @param appId the app, if any
	 * @param subject the task or instance, if any
	 * @param outcome what was done
	 */
	public void event(String type, @Nullable String appId, @Nullable String subject, String outcome) {
		EventEntry entry = new EventEntry(this.clock.instant(), type, appId, subject, outcome);
		synchronized (this.events) {
			if (this.events.size() == KEEP) {
				this.events.removeLast();
			}
			this.events.addFirst(entry);
		}
	}

	/**
	 * Note an error.
	 * @param kind what failed: {@code marathon}, {@code consul}, {@code stream},
	 * {@code kv}, {@code clash}, {@code guard}, {@code overflow}, {@code callback},
	 * {@code event}
	 * @param message the message
	 */
	public void error(String kind, String message) {
		ErrorEntry entry = new ErrorEntry(this.clock.instant(), kind, message);
		synchronized (this.errors) {
			if (this.errors.size() == KEEP) {
				this.errors.removeLast();
			}
			this.errors.addFirst(entry);
		}
	}

	/**
	 * The latest events, newest first.
	 * @return up to 100 entries
	 */
	public List<EventEntry> recentEvents() {
		synchronized (this.events) {
			return List.copyOf(this.events);
		}
	}

	/**
	 * The latest errors, newest first.
	 * @return up to 100 entries
	 */
	public List<ErrorEntry> recentErrors() {
		synchronized (this.errors) {
			return List.copyOf(this.errors);
		}
	}

	/**
	 * An event and what was done with it.
	 *
	 * @param at when
	 * @param type the event type
	 * @param appId the app
	 * @param subject the task or instance
	 * @param outcome what was done
	 */
	public record EventEntry(Instant at, String type, @Nullable String appId, @Nullable String subject,
			String outcome) {
	}

	/**
	 * An error.
	 *
	 * @param at when
	 * @param kind what failed
	 * @param message the message
	 */
	public record ErrorEntry(Instant at, String kind, String message) {
	}

}
