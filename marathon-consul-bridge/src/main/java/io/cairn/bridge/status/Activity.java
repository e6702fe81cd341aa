package io.cairn.bridge.status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The bridge's recent activity, for the console and the status endpoint: the last events
 * and what was done with them, and the last errors. What it keeps is bounded whatever the
 * events carried: 100 entries of each kind, every text cut to {@value #MAX_TEXT}
 * characters (an ID to {@value #MAX_ID}), and every known secret masked.
 */
public final class Activity {

	/** The longest message or outcome kept, in characters. */
	public static final int MAX_TEXT = 1000;

	/** The longest app, task or event type kept, in characters. */
	public static final int MAX_ID = 300;

	private static final int KEEP = 100;

	private final Clock clock;

	private final Secrets secrets;

	private final ArrayDeque<EventEntry> events = new ArrayDeque<>();

	private final ArrayDeque<ErrorEntry> errors = new ArrayDeque<>();

	/**
	 * Create the log.
	 * @param clock the clock stamping entries
	 */
	public Activity(Clock clock) {
		this(clock, Secrets.none());
	}

	/**
	 * Create the log.
	 * @param clock the clock stamping entries
	 * @param secrets masked in every entry
	 */
	public Activity(Clock clock, Secrets secrets) {
		this.clock = clock;
		this.secrets = secrets;
	}

	/**
	 * Text with every known secret, URL password and secret query value masked, for a log
	 * line or an answer that carries a message from elsewhere (an agent's error body may
	 * echo the token it was sent).
	 * @param text the text
	 * @return the masked text
	 */
	public String redact(String text) {
		return this.secrets.redact(text);
	}

	private String text(String text, int max) {
		// Masked before it is cut, so that no part of a secret survives the cut.
		String redacted = this.secrets.redact(text);
		return (redacted.length() > max) ? redacted.substring(0, max) + "..." : redacted;
	}

	private @Nullable String id(@Nullable String id) {
		return (id != null) ? text(id, MAX_ID) : null;
	}

	/**
	 * Note an event.
	 * @param type the event type
	 * @param appId the app, if any
	 * @param subject the task or instance, if any
	 * @param outcome what was done
	 */
	public void event(String type, @Nullable String appId, @Nullable String subject, String outcome) {
		EventEntry entry = new EventEntry(this.clock.instant(), text(type, MAX_ID), id(appId), id(subject),
				text(outcome, MAX_TEXT));
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
		ErrorEntry entry = new ErrorEntry(this.clock.instant(), kind, text(message, MAX_TEXT));
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
